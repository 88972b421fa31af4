# An existing member of the organization brought under management (the API cannot add members: they join through
# invites), with the data sources that read one member and all of them.

variable "user_ids" {
  type = list(string)
}

resource "openai_organization_user" "example" {
  user_id = var.user_ids[2]
  role    = "reader"
}

data "openai_organization_user" "example" {
  user_id    = openai_organization_user.example.user_id
  depends_on = [openai_organization_user.example]
}

data "openai_organization_users" "all" {
  depends_on = [openai_organization_user.example]
}

output "organization_user_email" {
  value = data.openai_organization_user.example.email
}

output "organization_user_roles" {
  value = { for u in data.openai_organization_users.all.users : u.id => u.role }
}
