# An organization member added to a project, once by user id and once by email.

variable "user_ids" {
  type = list(string)
}

variable "user_emails" {
  type = list(string)
}

resource "openai_project" "team" {
  name = "official-case-members"
}

resource "openai_project_user" "example" {
  project_id = openai_project.team.id
  user_id    = var.user_ids[0]
  role       = "member"
}

resource "openai_project_user" "by_email" {
  project_id = openai_project.team.id
  email      = var.user_emails[1]
  role       = "owner"
}

data "openai_project_user" "example" {
  project_id = openai_project.team.id
  user_id    = openai_project_user.example.user_id
}

data "openai_project_users" "team" {
  project_id = openai_project.team.id
  depends_on = [openai_project_user.example, openai_project_user.by_email]
}

output "member_role" {
  value = data.openai_project_user.example.role
}

output "member_emails" {
  value = [for u in data.openai_project_users.team.users : u.email]
}
