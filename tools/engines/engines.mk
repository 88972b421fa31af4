# Makefile fragment for the real IaC engines (pulumi + language hosts, tofu), built from the Go module proxy.
# Include it from the root Makefile:   include tools/engines/engines.mk
#
# Targets
#   engines        build the engines into .cache/engines/<key>/bin, or reuse them (prints "engines: up to date")
#   engines-smoke  build/reuse, then run tools/engines/smoke.sh (pulumi+nodejs, pulumi+python, tofu end to end)
#   engines-clean  remove .cache/engines (the Go module and build caches are left alone)
# Variables
#   ENGINES_BIN    the bin folder of the current pins (computed without building; build with `make engines`)
#   ENGINES_ENV    env assignments for recipes that run the engines, e.g.  $(ENGINES_ENV) pulumi up --yes
ENGINES_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
ENGINES_BUILD := $(ENGINES_DIR)/build.sh
ENGINES_SMOKE := $(ENGINES_DIR)/smoke.sh
# Recursive (=) so the shell call only runs when a recipe uses it.
ENGINES_BIN = $(shell $(ENGINES_BUILD) --print-bin)
ENGINES_ENV = PATH="$(ENGINES_BIN):$$PATH" PULUMI_SKIP_UPDATE_CHECK=true \
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true CHECKPOINT_DISABLE=1

.PHONY: engines engines-smoke engines-clean
engines:
	@$(ENGINES_BUILD)

engines-smoke: engines
	@$(ENGINES_SMOKE) "$(ENGINES_BIN)"

engines-clean:
	rm -rf "$${ENGINES_CACHE_DIR:-$(ENGINES_DIR)/../../.cache/engines}"
