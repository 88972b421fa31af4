# The example stack (the same as examples/simple, in HCL): a file, a vector store over it (with expiry and
# metadata), an assistant that uses both (code_interpreter over the file, file_search over the store), and a
# project (needs the admin key).

locals {
  stack_tag = { stack = "terraform-${terraform.workspace}" }
}

# Uploaded from a path relative to the working directory (the provider runs there); a change of the file's
# content replaces it (its sha256 is tracked).
resource "openai_file" "handbook" {
  source  = "${path.module}/../simple/data/handbook.md"
  purpose = "assistants"
}

resource "openai_vector_store" "docs" {
  name     = var.vector_store_name
  file_ids = [openai_file.handbook.id]
  expires_after = {
    anchor = "last_active_at"
    days   = 7
  }
  metadata = merge(local.stack_tag, { team = "support" })
}

resource "openai_assistant" "tutor" {
  name         = "Math Tutor"
  model        = var.model
  instructions = "You are a personal math tutor. Write and run code to answer math questions."
  tools = [
    { type = "code_interpreter" },
    { type = "file_search" },
  ]
  tool_resources = {
    code_interpreter = { file_ids = [openai_file.handbook.id] }
    file_search      = { vector_store_ids = [openai_vector_store.docs.id] }
  }
  metadata = local.stack_tag
}

resource "openai_project" "team" {
  name = var.project_name
}
