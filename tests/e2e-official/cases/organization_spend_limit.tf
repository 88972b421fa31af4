# A hard monthly spend limit for the whole organization (in cents), read back by its data source.

resource "openai_organization_spend_limit" "example" {
  threshold_amount = 250000
  currency         = "USD"
  interval         = "month"
}

data "openai_organization_spend_limit" "current" {
  depends_on = [openai_organization_spend_limit.example]
}

output "organization_spend_limit_amount" {
  value = data.openai_organization_spend_limit.current.threshold_amount
}

output "organization_spend_limit_status" {
  value = data.openai_organization_spend_limit.current.enforcement_status
}
