# A custom organization role given to a group, read back as one assignment and as the group's roles.

resource "openai_group" "reviewers" {
  name = "Official case: reviewers"
}

resource "openai_role" "reviewer" {
  role_name   = "Official case: reviewer"
  permissions = ["api.organization.read", "api.groups.read"]
}

resource "openai_group_role" "example" {
  group_id = openai_group.reviewers.group_id
  role_id  = openai_role.reviewer.role_id
}

data "openai_group_role" "example" {
  group_id   = openai_group_role.example.group_id
  role_id    = openai_group_role.example.role_id
  depends_on = [openai_group_role.example]
}

data "openai_group_roles" "reviewers" {
  group_id   = openai_group_role.example.group_id
  depends_on = [openai_group_role.example]
}

output "group_role_permissions" {
  value = data.openai_group_role.example.permissions
}

output "group_role_names" {
  value = [for r in data.openai_group_roles.reviewers.roles : r.name]
}
