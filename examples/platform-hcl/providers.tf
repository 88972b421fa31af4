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
# back to OPENAI_BASE_URL (unset: api.openai.com; the emulator: http://127.0.0.1:8787/v1).
provider "openai" {
  base_url = var.base_url
}
