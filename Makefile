# openai-iac — every target bootstraps what it needs (Node 24 into .cache/, npm packages) on a fresh clone.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

NODE_BIN := $(shell tools/node.sh)
ifeq ($(NODE_BIN),)
$(error tools/node.sh could not provide Node 24)
endif
export PATH := $(NODE_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
export npm_config_update_notifier := false
export npm_config_fund := false
export npm_config_audit := false

include tools/engines/engines.mk
include bridge/pulumi/pulumi.mk

.PHONY: help deps build typecheck generate check-generated test test-unit demo demo-destroy emulator clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t24

node_modules/.install-stamp: package.json package-lock.json $(wildcard */package.json bridge/*/package.json)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: node_modules/.install-stamp ## install npm dependencies (npm ci) on Node 24

build: deps ## compile every package and bundle the provider plugins into bin/
	tsc -b
	node bridge/pulumi/dist/cli/bundle.js --out $(PULUMI_PLUGIN)

typecheck: deps ## type-check sources and tests (strict)
	tsc -p tsconfig.check.json

GENERATORS := provider-ts bridge/pulumi

generate: build ## regenerate every generated file from the registry
	for g in $(GENERATORS); do node $$g/dist/cli/generate.js --out .; done

check-generated: build ## fail when a generated file drifted from the registry
	for g in $(GENERATORS); do node $$g/dist/cli/generate.js --out . --check; done

test: build typecheck check-generated ## every test tier
	jest --ci

test-unit: deps ## the fast tier only (no servers)
	jest --ci provider-ts/test/unit

demo: build ## deploy the example to the embedded emulator (or to OpenAI when OPENAI_API_KEY is set)
	node tools/demo-core.mts

demo-destroy: build ## delete what `make demo` deployed
	DEMO_DESTROY=1 node tools/demo-core.mts

emulator: build ## run the OpenAI emulator on :8787 with state in .demo/emulator-state.json
	@mkdir -p .demo
	node emulator/dist/cli.js --port 8787 --state .demo/emulator-state.json

clean: ## remove build output (keeps .cache/)
	rm -rf bin provider-ts/dist emulator/dist bridge/*/dist *.tsbuildinfo */*.tsbuildinfo bridge/*/*.tsbuildinfo
