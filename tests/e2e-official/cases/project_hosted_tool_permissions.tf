# A project that may search files and the web but not generate images or call MCP servers.

resource "openai_project" "tools" {
  name = "Official case: hosted tools"
}

resource "openai_project_hosted_tool_permissions" "example" {
  project_id               = openai_project.tools.id
  code_interpreter_enabled = true
  file_search_enabled      = true
  web_search_enabled       = true
  image_generation_enabled = false
  mcp_enabled              = false
}

data "openai_project_hosted_tool_permissions" "example" {
  project_id = openai_project_hosted_tool_permissions.example.project_id
  depends_on = [openai_project_hosted_tool_permissions.example]
}

output "project_mcp_enabled" {
  value = data.openai_project_hosted_tool_permissions.example.mcp_enabled
}

output "project_web_search_enabled" {
  value = data.openai_project_hosted_tool_permissions.example.web_search_enabled
}
