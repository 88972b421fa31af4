// OpenAI resources as code: the openai-iac provider, one engine-neutral core behind Pulumi and Terraform.
package openai
