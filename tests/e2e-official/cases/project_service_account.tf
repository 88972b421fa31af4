# A service account of a project, for a deployment pipeline.

resource "openai_project" "ci" {
  name = "official-case-service-accounts"
}

resource "openai_project_service_account" "example" {
  project_id = openai_project.ci.id
  name       = "deployer"
}

output "service_account_id" {
  value = openai_project_service_account.example.service_account_id
}
