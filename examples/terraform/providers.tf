terraform {
  required_version = ">= 1.6.0"
  required_providers {
    # registry.terraform.io/openai-iac/openai: not published; use the local build through dev_overrides or a
    # filesystem mirror (see README.md).
    openai = {
      source  = "openai-iac/openai"
      version = ">= 0.1.0"
    }
  }
}

# Keys come from the environment (OPENAI_API_KEY, OPENAI_ADMIN_KEY), never from configuration; base_url falls
# back to OPENAI_BASE_URL and then to https://api.openai.com/v1.
provider "openai" {
  base_url = var.base_url
}
