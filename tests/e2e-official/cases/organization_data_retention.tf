# The organization's data retention controls, and the data source that reads them back.

resource "openai_organization_data_retention" "example" {
  type = "zero_data_retention"
}

data "openai_organization_data_retention" "current" {
  depends_on = [openai_organization_data_retention.example]
}

output "organization_data_retention_type" {
  value = data.openai_organization_data_retention.current.type
}
