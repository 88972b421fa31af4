# A further project role given to a group that has access to a project, read back as one assignment and as the
# group's roles in the project (the role it was added with among them).

resource "openai_project" "app" {
  name = "Official case: project group roles"
}

resource "openai_group" "auditors" {
  name = "Official case: auditors"
}

resource "openai_project_group" "access" {
  project_id = openai_project.app.id
  group_id   = openai_group.auditors.group_id
  role       = "role-api-project-member"
}

resource "openai_project_group_role" "example" {
  project_id = openai_project_group.access.project_id
  group_id   = openai_project_group.access.group_id
  role_id    = "role-api-project-viewer"
}

data "openai_project_group_role" "example" {
  project_id = openai_project_group_role.example.project_id
  group_id   = openai_project_group_role.example.group_id
  role_id    = openai_project_group_role.example.role_id
}

data "openai_project_group_roles" "auditors" {
  project_id = openai_project_group.access.project_id
  group_id   = openai_project_group.access.group_id
  depends_on = [openai_project_group_role.example]
}

output "project_group_role_name" {
  value = data.openai_project_group_role.example.name
}

output "project_group_role_ids" {
  value = [for r in data.openai_project_group_roles.auditors.roles : r.id]
}
