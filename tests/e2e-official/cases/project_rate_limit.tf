# The request and token limits of one model in a project, named by the rate limit's id.

resource "openai_project" "limited" {
  name = "official-case-rate-limits"
}

resource "openai_project_rate_limit" "example" {
  project_id                = openai_project.limited.id
  rate_limit_id             = "rl-gpt-4o"
  max_requests_per_1_minute = 100
  max_tokens_per_1_minute   = 20000
}

data "openai_project_rate_limit" "example" {
  project_id    = openai_project.limited.id
  rate_limit_id = openai_project_rate_limit.example.rate_limit_id
}

data "openai_project_rate_limits" "all" {
  project_id = openai_project.limited.id
  depends_on = [openai_project_rate_limit.example]
}

output "requests_per_minute" {
  value = data.openai_project_rate_limit.example.max_requests_per_1_minute
}

output "models" {
  value = [for r in data.openai_project_rate_limits.all.rate_limits : r.model]
}
