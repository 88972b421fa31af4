variable "base_url" {
  description = "API base URL, e.g. the emulator's http://127.0.0.1:8787/v1. Null: OPENAI_BASE_URL, else api.openai.com."
  type        = string
  default     = null
}

variable "vector_store_name" {
  description = "Name of the vector store (changes in place)."
  type        = string
  default     = "support-docs"
}

variable "model" {
  description = "Model of the assistant (changes in place)."
  type        = string
  default     = "gpt-4o"
}

variable "project_name" {
  description = "Name of the project (changes in place; needs the admin key)."
  type        = string
  default     = "openai-iac-demo"
}
