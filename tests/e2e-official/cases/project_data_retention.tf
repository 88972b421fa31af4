# A project that keeps no data beyond what zero data retention allows, read back by its data source.

resource "openai_project" "retention" {
  name = "Official case: data retention"
}

resource "openai_project_data_retention" "example" {
  project_id = openai_project.retention.id
  type       = "zero_data_retention"
}

data "openai_project_data_retention" "example" {
  project_id = openai_project_data_retention.example.project_id
  depends_on = [openai_project_data_retention.example]
}

output "project_data_retention_type" {
  value = data.openai_project_data_retention.example.type
}
