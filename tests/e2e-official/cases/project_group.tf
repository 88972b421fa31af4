# An organization group given access to a project, read back as one project group and among the project's groups.

resource "openai_project" "app" {
  name = "Official case: project groups"
}

resource "openai_group" "team" {
  name = "Official case: support team"
}

resource "openai_project_group" "example" {
  project_id = openai_project.app.id
  group_id   = openai_group.team.group_id
  role       = "role-api-project-member"
}

data "openai_project_group" "example" {
  project_id = openai_project_group.example.project_id
  group_id   = openai_project_group.example.group_id
}

data "openai_project_groups" "app" {
  project_id = openai_project.app.id
  depends_on = [openai_project_group.example]
}

output "project_group_name" {
  value = data.openai_project_group.example.group_name
}

output "project_group_ids" {
  value = [for g in data.openai_project_groups.app.groups : g.group_id]
}
