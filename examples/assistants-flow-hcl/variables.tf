variable "base_url" {
  description = "API base URL: the emulator's http://127.0.0.1:8787/v1 or an Assistants-compatible endpoint. Null: OPENAI_BASE_URL."
  type        = string
  default     = null
}

variable "model" {
  description = "Model of the assistant (changes in place)."
  type        = string
  default     = "gpt-4o"
}

variable "question" {
  description = "The user's message (a change replaces the message; the run follows only when its trigger changes)."
  type        = string
  default     = "I need to solve the equation `3x + 11 = 14`. Can you help me?"
}

variable "run_trigger" {
  description = "Any new value runs the assistant on the thread again (replaces the run). Null: no trigger."
  type        = string
  default     = null
}

variable "run_timeout_seconds" {
  description = "How long applying waits for the run to finish."
  type        = number
  default     = 600
}
