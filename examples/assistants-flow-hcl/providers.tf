terraform {
  required_version = ">= 1.6.0"
  required_providers {
    # registry.terraform.io/openai-iac/openai: not published; use the local build through dev_overrides or a
    # filesystem mirror (see ../terraform/README.md).
    openai = {
      source  = "openai-iac/openai"
      version = ">= 0.1.0"
    }
  }
}

# The key comes from the environment (OPENAI_API_KEY, a project key), never from configuration; base_url falls
# back to OPENAI_BASE_URL. The Assistants API is gone from api.openai.com (since 2026-08-26): point base_url at
# the emulator or at an Assistants-compatible endpoint.
provider "openai" {
  base_url = var.base_url
}
