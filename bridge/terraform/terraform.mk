# The Terraform-compatible provider (bridge/terraform). Include from the root Makefile, after `deps` is defined
# and with Node 24 and node_modules/.bin on PATH:   include bridge/terraform/terraform.mk
#   build-terraform            bin/terraform-provider-openai (launcher + bundle + .proto files)
#   generate-terraform         schema/terraform/provider-schema.json and docs/ from the registry
#   check-generated-terraform  fails when those files drifted from the registry
#   bench-terraform-startup    spawn → handshake time of the built provider, beside `node -e 0`
TF_BRIDGE := bridge/terraform

.PHONY: build-terraform generate-terraform check-generated-terraform bench-terraform-startup compile-terraform

compile-terraform: deps
	tsc -b $(TF_BRIDGE)

build-terraform: compile-terraform ## [build] bundle the Terraform provider into bin/terraform-provider-openai
	node $(TF_BRIDGE)/dist/cli/bundle.js --out bin

generate-terraform: compile-terraform ## [generate] regenerate the Terraform provider schema and docs/
	node $(TF_BRIDGE)/dist/cli/generate.js --out .

check-generated-terraform: compile-terraform ## [test] fail when the Terraform schema or docs drifted
	node $(TF_BRIDGE)/dist/cli/generate.js --out . --check

bench-terraform-startup: build-terraform ## [bench] start-up time of the Terraform provider (median of 10)
	$(TF_BRIDGE)/scripts/startup-bench.sh bin/terraform-provider-openai
