# A hard monthly spend limit of 100 USD on one project, read back by its data source.

resource "openai_project" "capped" {
  name = "Official case: spend limit"
}

resource "openai_project_spend_limit" "example" {
  project_id       = openai_project.capped.id
  threshold_amount = 10000
  currency         = "USD"
  interval         = "month"
}

data "openai_project_spend_limit" "example" {
  project_id = openai_project_spend_limit.example.project_id
  depends_on = [openai_project_spend_limit.example]
}

output "project_spend_limit_amount" {
  value = data.openai_project_spend_limit.example.threshold_amount
}
