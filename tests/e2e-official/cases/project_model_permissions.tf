# A project allowed two models only, read back by its data source.

resource "openai_project" "models" {
  name = "Official case: model permissions"
}

resource "openai_project_model_permissions" "example" {
  project_id = openai_project.models.id
  mode       = "allow_list"
  model_ids  = ["gpt-4o", "gpt-4o-mini"]
}

data "openai_project_model_permissions" "example" {
  project_id = openai_project_model_permissions.example.project_id
  depends_on = [openai_project_model_permissions.example]
}

output "project_model_permissions_mode" {
  value = data.openai_project_model_permissions.example.mode
}

output "project_model_permissions_model_ids" {
  value = data.openai_project_model_permissions.example.model_ids
}
