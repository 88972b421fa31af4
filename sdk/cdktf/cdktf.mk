# The CDKTF constructs (sdk/cdktf), the Terraform/OpenTofu examples and their end-to-end tier. Include from the
# root Makefile after bridge/terraform/terraform.mk (it uses build-terraform, deps, engines, ENGINES_BIN), with
# Node 24 and node_modules/.bin on PATH:   include sdk/cdktf/cdktf.mk
#
#   generate-cdktf          regenerate sdk/cdktf/src from schema/terraform/provider-schema.json
#   check-generated-cdktf   fail when sdk/cdktf/src drifted from that schema (regenerates into a temporary folder)
#   build-cdktf             compile sdk/cdktf with jsii into sdk/cdktf/lib (+ .jsii)
#   deps-cdktf-example      build sdk/cdktf and install examples/cdktf-ts (npm ci from its lockfile)
#   typecheck-cdktf         type-check sdk/cdktf's tests and examples/cdktf-ts (strict; their own tsconfigs)
#   test-cdktf              the constructs' tests: synth + matchers, OpenTofu-backed matchers, cdktn
#   test-e2e-tofu           the OpenTofu end-to-end tier (tests/e2e-tofu): HCL and CDKTF examples (+ terraform if on PATH)
#   terraform-mirror        lay bin/ out as a filesystem mirror in .cache/terraform-mirror (see examples/terraform)
# Variables for the root Makefile
#   CDKTF_TEST_DEPS         what `jest` needs before it runs sdk/cdktf/test and tests/e2e-tofu (add to `test:`)
#
# sdk/cdktf, sdk/cdktf/cdktn and examples/cdktf-ts are not npm workspaces: each installs from its own lockfile
# (jsii, cdktf and cdktn bring trees of their own that the root lockfile should not have to resolve).
CDKTF_DIR := sdk/cdktf
CDKTF_EXAMPLE := examples/cdktf-ts
CDKTF_NPM_CI := npm ci --no-audit --no-fund --loglevel=error
CDKTF_SRC := $(shell find $(CDKTF_DIR)/src -type f 2>/dev/null)
CDKTF_BUILT := $(CDKTF_DIR)/lib/index.js
CDKTF_STAMP := $(CDKTF_DIR)/node_modules/.install-stamp
CDKTN_STAMP := $(CDKTF_DIR)/cdktn/node_modules/.install-stamp
CDKTF_EXAMPLE_STAMP := $(CDKTF_EXAMPLE)/node_modules/.cdktf-install-stamp
CDKTF_TEST_DEPS := build-terraform engines emulator-build-cdktf $(CDKTF_BUILT) $(CDKTN_STAMP) $(CDKTF_EXAMPLE_STAMP)

.PHONY: generate-cdktf check-generated-cdktf build-cdktf deps-cdktf-example typecheck-cdktf test-cdktf test-e2e-tofu \
  terraform-mirror emulator-build-cdktf

$(CDKTF_STAMP): $(CDKTF_DIR)/package.json $(CDKTF_DIR)/package-lock.json
	cd $(CDKTF_DIR) && $(CDKTF_NPM_CI)
	@touch $@

$(CDKTN_STAMP): $(CDKTF_DIR)/cdktn/package.json $(CDKTF_DIR)/cdktn/package-lock.json
	cd $(CDKTF_DIR)/cdktn && $(CDKTF_NPM_CI)
	@touch $@

generate-cdktf: $(CDKTF_STAMP) ## [generate] regenerate the CDKTF constructs (sdk/cdktf/src) from the Terraform provider schema
	node $(CDKTF_DIR)/scripts/generate.mjs

check-generated-cdktf: $(CDKTF_STAMP) ## [test] fail when sdk/cdktf/src drifted from schema/terraform/provider-schema.json
	node $(CDKTF_DIR)/scripts/generate.mjs --check

# jsii compiles (and checks) the generated sources like a published provider package; it writes its own
# sdk/cdktf/tsconfig.json (git-ignored).
$(CDKTF_BUILT): $(CDKTF_SRC) $(CDKTF_DIR)/package.json $(CDKTF_STAMP)
	cd $(CDKTF_DIR) && node_modules/.bin/jsii --silence-warnings=reserved-word
	@touch $@

build-cdktf: $(CDKTF_BUILT) ## [build] compile the CDKTF constructs with jsii into sdk/cdktf/lib

# The example installs the built constructs as a package copy (file:../../sdk/cdktf, install-links): reinstall
# whenever they are rebuilt.
$(CDKTF_EXAMPLE_STAMP): $(CDKTF_EXAMPLE)/package.json $(CDKTF_EXAMPLE)/package-lock.json $(CDKTF_BUILT)
	cd $(CDKTF_EXAMPLE) && $(CDKTF_NPM_CI)
	@touch $@

deps-cdktf-example: $(CDKTF_EXAMPLE_STAMP) ## [build] build the CDKTF constructs and install examples/cdktf-ts

typecheck-cdktf: $(CDKTF_BUILT) $(CDKTF_EXAMPLE_STAMP) deps ## [test] type-check sdk/cdktf's tests and examples/cdktf-ts
	tsc -p $(CDKTF_DIR)/tsconfig.test.json
	tsc -p $(CDKTF_EXAMPLE)

# The plan tests spawn the emulator's CLI (emulator/dist) and the provider from bin/.
emulator-build-cdktf: deps
	tsc -b emulator

test-cdktf: $(CDKTF_TEST_DEPS) ## [test] the CDKTF constructs' tests (synth, matchers, OpenTofu-backed matchers, cdktn)
	jest --ci $(CDKTF_DIR)/test

test-e2e-tofu: $(CDKTF_TEST_DEPS) ## [test] the end-to-end tier with the real OpenTofu (and terraform if on PATH): tests/e2e-tofu
	jest --ci tests/e2e-tofu

terraform-mirror: build-terraform ## [build] the built provider as a filesystem mirror in .cache/terraform-mirror
	examples/terraform/mirror.sh .cache/terraform-mirror
