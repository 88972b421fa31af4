# A custom organization role assigned to a member, read back as one assignment and as the member's roles.

variable "user_ids" {
  type = list(string)
}

resource "openai_role" "auditor" {
  role_name   = "Official case: auditor"
  permissions = ["api.organization.read"]
}

resource "openai_user_role" "example" {
  user_id = var.user_ids[1]
  role_id = openai_role.auditor.role_id
}

data "openai_user_role" "example" {
  user_id    = openai_user_role.example.user_id
  role_id    = openai_user_role.example.role_id
  depends_on = [openai_user_role.example]
}

data "openai_user_roles" "member" {
  user_id    = openai_user_role.example.user_id
  depends_on = [openai_user_role.example]
}

output "user_role_name" {
  value = data.openai_user_role.example.name
}

output "user_role_ids" {
  value = [for r in data.openai_user_roles.member.roles : r.id]
}
