# An organization group, read back by id and in the list of groups.

resource "openai_group" "example" {
  name = "Official case: support"
}

data "openai_group" "example" {
  group_id = openai_group.example.group_id
}

data "openai_groups" "all" {
  depends_on = [openai_group.example]
}

output "group_type" {
  value = data.openai_group.example.group_type
}

output "group_names" {
  value = [for g in data.openai_groups.all.groups : g.name]
}
