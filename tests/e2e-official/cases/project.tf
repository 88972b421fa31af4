# A project, read back by its id and among every project of the organization.

resource "openai_project" "example" {
  name = "official-case-project"
}

data "openai_project" "example" {
  project_id = openai_project.example.project_id
}

data "openai_projects" "all" {
  depends_on = [openai_project.example]
}

output "project_status" {
  value = data.openai_project.example.status
}

output "project_names" {
  value = [for p in data.openai_projects.all.projects : p.name]
}
