# A member added to a group, read back as one membership and as the group's members.

variable "user_ids" {
  type = list(string)
}

resource "openai_group" "team" {
  name = "Official case: platform team"
}

resource "openai_group_user" "example" {
  group_id = openai_group.team.group_id
  user_id  = var.user_ids[0]
}

data "openai_group_user" "example" {
  group_id   = openai_group_user.example.group_id
  user_id    = openai_group_user.example.user_id
  depends_on = [openai_group_user.example]
}

data "openai_group_users" "team" {
  group_id   = openai_group_user.example.group_id
  depends_on = [openai_group_user.example]
}

output "group_user_email" {
  value = data.openai_group_user.example.email
}

output "group_user_ids" {
  value = [for u in data.openai_group_users.team.users : u.id]
}
