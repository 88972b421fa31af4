# A custom role of a project, read back by its id and among the project's roles (predefined ones included).

resource "openai_project" "app" {
  name = "Official case: project roles"
}

resource "openai_project_role" "example" {
  project_id  = openai_project.app.id
  role_name   = "Key manager"
  description = "Reads and rotates the project's API keys"
  permissions = [
    "api.organization.projects.api_keys.read",
    "api.organization.projects.api_keys.write",
  ]
}

data "openai_project_role" "example" {
  project_id = openai_project_role.example.project_id
  role_id    = openai_project_role.example.role_id
}

data "openai_project_roles" "app" {
  project_id = openai_project.app.id
  depends_on = [openai_project_role.example]
}

output "project_role_name" {
  value = data.openai_project_role.example.role_name
}

output "project_role_ids" {
  value = [for r in data.openai_project_roles.app.roles : r.id]
}

output "project_member_role_id" {
  value = one([for r in data.openai_project_roles.app.roles : r.id if r.predefined_role && r.name == "member"])
}
