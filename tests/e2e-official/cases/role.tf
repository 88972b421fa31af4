# A custom organization role, read back by id and in the list of the organization's roles.

resource "openai_role" "example" {
  role_name   = "Official case: group manager"
  permissions = ["api.groups.read", "api.groups.write"]
  description = "Manages the organization's groups"
}

data "openai_role" "example" {
  role_id = openai_role.example.role_id
}

data "openai_roles" "all" {
  depends_on = [openai_role.example]
}

output "role_permissions" {
  value = data.openai_role.example.permissions
}

output "role_names" {
  value = [for r in data.openai_roles.all.roles : r.name]
}
