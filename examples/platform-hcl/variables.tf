variable "base_url" {
  description = "API base URL: the emulator's http://127.0.0.1:8787/v1, or null for OPENAI_BASE_URL (unset: api.openai.com)."
  type        = string
  default     = null
}

variable "base_model" {
  description = "The model the fine-tuning job trains (a change makes a new job)."
  type        = string
  default     = "gpt-4o-mini-2024-07-18"
}

variable "eval_timeout_seconds" {
  description = "How long applying waits for the eval run to be graded (the next apply waits again)."
  type        = number
  default     = 900
}

variable "fine_tuning_timeout_seconds" {
  description = "How long applying waits for the fine-tuning job (the next apply waits again; never a second job)."
  type        = number
  default     = 7200
}
