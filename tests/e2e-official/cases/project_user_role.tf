# A project role given to a member of the project, read back as one assignment and as the member's roles.

variable "user_ids" {
  type = list(string)
}

resource "openai_project" "app" {
  name = "Official case: project user roles"
}

resource "openai_project_user" "member" {
  project_id = openai_project.app.id
  user_id    = var.user_ids[0]
  role       = "member"
}

resource "openai_project_user_role" "example" {
  project_id = openai_project_user.member.project_id
  user_id    = openai_project_user.member.user_id
  role_id    = "role-api-project-viewer"
}

data "openai_project_user_role" "example" {
  project_id = openai_project_user_role.example.project_id
  user_id    = openai_project_user_role.example.user_id
  role_id    = openai_project_user_role.example.role_id
}

data "openai_project_user_roles" "member" {
  project_id = openai_project_user.member.project_id
  user_id    = openai_project_user.member.user_id
  depends_on = [openai_project_user_role.example]
}

output "project_user_role_name" {
  value = data.openai_project_user_role.example.name
}

output "project_user_role_ids" {
  value = [for r in data.openai_project_user_roles.member.roles : r.id]
}
