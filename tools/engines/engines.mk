# Makefile fragment for the real IaC engines (pulumi + language hosts, tofu), built from the Go module proxy.
# Include it from the root Makefile:   include tools/engines/engines.mk
#
# Targets
#   engines        the engines the demo and the tiers run, per engine: a supported pulumi / tofu / terraform (>= 1.14)
#                  on PATH, else built into .cache/engines/<key>/bin (tools/engines/resolve.sh decides; ENGINES=build
#                  always builds)
#   engines-smoke  build/reuse the built engines (both, whatever PATH holds), then run tools/engines/smoke.sh on them
#   engines-clean  remove .cache/engines (the Go module and build caches are left alone)
# Variables
#   ENGINES_PATH   the folders of the resolved pulumi and tofu, ':'-joined (computed without building)
#   ENGINES_BIN    the bin folder of the built engines' current pins (computed without building)
#   ENGINES_ENV    env assignments for recipes that run the engines, e.g.  $(ENGINES_ENV) pulumi up --yes
ENGINES_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
ENGINES_BUILD := $(ENGINES_DIR)/build.sh
ENGINES_RESOLVE := $(ENGINES_DIR)/resolve.sh
ENGINES_SMOKE := $(ENGINES_DIR)/smoke.sh
# Recursive (=) so the shell call only runs when a recipe uses it.
ENGINES_PATH = $(shell $(ENGINES_RESOLVE) --dry-run --quiet --path)
ENGINES_BIN = $(shell $(ENGINES_BUILD) --print-bin)
ENGINES_ENV = PATH="$(ENGINES_PATH):$$PATH" PULUMI_SKIP_UPDATE_CHECK=true \
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true CHECKPOINT_DISABLE=1

.PHONY: engines engines-smoke engines-clean
engines: ## [engines] the pulumi, tofu and terraform the demo and the tiers run: a supported one on PATH, else built from Go modules into .cache/engines (ENGINES=build always builds)
	@$(ENGINES_RESOLVE) >/dev/null
	@$(ENGINES_RESOLVE) --terraform >/dev/null

engines-smoke: ## [engines] build (or reuse) the built engines, then run tools/engines/smoke.sh on them
	@$(ENGINES_BUILD) >/dev/null
	@$(ENGINES_SMOKE) "$(ENGINES_BIN)"

engines-clean: ## [engines] remove .cache/engines (the Go module and build caches stay)
	rm -rf "$${ENGINES_CACHE_DIR:-$(ENGINES_DIR)/../../.cache/engines}"
