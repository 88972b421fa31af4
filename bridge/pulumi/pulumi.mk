# The Pulumi provider (bridge/pulumi). Included by the root Makefile, which puts Node 24 and node_modules/.bin on
# PATH and defines `deps`.
PULUMI_PLUGIN := bin/pulumi-resource-openai
PULUMI_PLUGIN_VERSION = $(shell node -p "require('./bridge/pulumi/package.json').version")
PULUMI_HOME ?= $(HOME)/.pulumi
PULUMI_PLUGIN_DIR ?= $(PULUMI_HOME)/plugins/resource-openai-v$(PULUMI_PLUGIN_VERSION)

.PHONY: build-pulumi generate-pulumi check-generated-pulumi install-pulumi-plugin bench-pulumi-startup

build-pulumi: deps ## [build] build the Pulumi plugin: bin/pulumi-resource-openai (launcher) + .js (bundle)
	tsc -b bridge/pulumi
	node bridge/pulumi/dist/cli/bundle.js --out $(PULUMI_PLUGIN)

generate-pulumi: deps ## [generate] regenerate schema/schema.json (the Pulumi package schema) from the registry
	tsc -b bridge/pulumi
	node bridge/pulumi/dist/cli/generate.js --out .

check-generated-pulumi: deps ## [test] fail when schema/schema.json drifted from the registry
	tsc -b bridge/pulumi
	node bridge/pulumi/dist/cli/generate.js --out . --check

install-pulumi-plugin: build-pulumi ## [build] install the plugin where the engine looks (PULUMI_PLUGIN_DIR, default ~/.pulumi/plugins/…)
	mkdir -p "$(PULUMI_PLUGIN_DIR)"
	cp $(PULUMI_PLUGIN) $(PULUMI_PLUGIN).js "$(PULUMI_PLUGIN_DIR)/"
	@echo "installed resource-openai v$(PULUMI_PLUGIN_VERSION) in $(PULUMI_PLUGIN_DIR)"

bench-pulumi-startup: build-pulumi ## [bench] cold start of the plugin (spawn → port line) against bare node, median of 10
	bridge/pulumi/scripts/startup-bench.sh $(PULUMI_PLUGIN) 10
