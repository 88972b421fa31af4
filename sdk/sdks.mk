# The Python, Go and .NET SDKs (sdk/sdks.sh), the Go language host for examples/simple-go, the release artifacts
# (make dist, tools/release/) and the seed's aggregate targets. Included by the root Makefile, which puts Node 24 and
# node_modules/.bin on PATH and defines SDKGEN, CODEGEN_GO, build, build_nodejs_sdk, install-pulumi-plugin, test.

# sdkgen-dotnet: Pulumi's C# generator, which pkg/v3 dropped after v3.228.0, in a module of its own.
SDKGEN_DOTNET := .cache/sdkgen-dotnet
SDKGEN_DOTNET_SRC := $(wildcard tools/codegen/dotnet/go.mod tools/codegen/dotnet/go.sum tools/codegen/dotnet/*.go tools/codegen/dotnet/logo.png)
# pulumi-language-go from sdk/v3 v3.66.0 (the newest the module proxy serves with the host in-tree).
LANGHOST_GO := .cache/langhost-go/pulumi-language-go
LANGHOST_GO_SRC := tools/codegen/langhost-go/go.mod tools/codegen/langhost-go/go.sum
LANGHOST_YAML := .cache/langhost-yaml/pulumi-language-yaml
LANGHOST_YAML_SRC := tools/codegen/langhost-yaml/go.mod tools/codegen/langhost-yaml/go.sum
SDK_PYTHON_SRC := $(shell find sdk/python -path sdk/python/bin -prune -o -type f -print 2>/dev/null)
SDK_PYTHON_BUILT := sdk/python/bin/.built
# The Python environment of examples/simple-py and tests/e2e/python-sdk.test.ts: pulumi from PyPI (the engine's
# version) and the SDK's wheel.
PYTHON_SDK_ENV := .cache/python-sdk-env
PYTHON_PULUMI := 3.259.0

.PHONY: gen_python_sdk gen_go_sdk gen_dotnet_sdk gen_sdks check-generated-sdks build_python_sdk build_go_sdk \
  build_dotnet_sdk build_sdks install generate-build-install dist python-sdk-env langhost-go langhost-yaml bench-dist-startup

$(SDKGEN_DOTNET): $(SDKGEN_DOTNET_SRC)
	cd tools/codegen/dotnet && GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 go build -trimpath -o ../../../$(SDKGEN_DOTNET) .

$(LANGHOST_GO): $(LANGHOST_GO_SRC)
	cd tools/codegen/langhost-go && GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 go build -trimpath \
	  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.66.0" \
	  -o ../../../$(LANGHOST_GO) github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go

langhost-go: $(LANGHOST_GO) ## [build] build the Go language host (for Go programs such as examples/simple-go) into .cache/langhost-go

# Pulumi YAML's host (github.com/pulumi/pulumi-yaml), versioned on its own: the version goes where its release
# build puts it (pkg/version), and the host reports it through GetPluginInfo.
$(LANGHOST_YAML): $(LANGHOST_YAML_SRC)
	cd tools/codegen/langhost-yaml && GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 go build -trimpath \
	  -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$$(awk '$$1=="github.com/pulumi/pulumi-yaml" {print $$2}' go.mod)" \
	  -o ../../../$(LANGHOST_YAML) github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml

langhost-yaml: $(LANGHOST_YAML) ## [build] build the Pulumi YAML language host (for examples/simple-yaml) into .cache/langhost-yaml; `make env` puts it on PATH

# `generate` and `check-generated` (root Makefile) run sdk/sdks.sh for these three too.
generate check-generated: $(SDKGEN_DOTNET)

gen_python_sdk: $(SDKGEN) ## [generate] regenerate sdk/python from schema/schema.json
	sdk/sdks.sh gen python

gen_go_sdk: $(SDKGEN) ## [generate] regenerate sdk/go (and its go.mod/go.sum) from schema/schema.json
	sdk/sdks.sh gen go

gen_dotnet_sdk: $(SDKGEN_DOTNET) ## [generate] regenerate sdk/dotnet from schema/schema.json
	sdk/sdks.sh gen dotnet

gen_sdks: gen_nodejs_sdk gen_python_sdk gen_go_sdk gen_dotnet_sdk ## [generate] regenerate the four SDKs

check-generated-sdks: $(SDKGEN) $(SDKGEN_DOTNET) ## [test] fail when sdk/python, sdk/go or sdk/dotnet drifted from the schema
	sdk/sdks.sh check all

$(SDK_PYTHON_BUILT): $(SDK_PYTHON_SRC) LICENSE
	sdk/sdks.sh build python
	@touch $@

build_python_sdk: $(SDK_PYTHON_BUILT) ## [build] build the Python SDK's sdist and wheel into sdk/python/bin (PyPA build, venv in .cache)

build_go_sdk: ## [build] compile and vet the Go SDK (go build ./... && go vet ./... in sdk/go)
	sdk/sdks.sh build go

build_dotnet_sdk: ## [build] dotnet build of sdk/dotnet where a .NET SDK is installed (otherwise says so and succeeds)
	sdk/sdks.sh build dotnet

build_sdks: build_nodejs_sdk build_python_sdk build_go_sdk build_dotnet_sdk ## [build] build every SDK

install: install-pulumi-plugin ## [build] install the Pulumi plugin where the engine looks (alias of install-pulumi-plugin)

generate-build-install: ## [build] regenerate everything, build the provider and every SDK, install the plugin
	$(MAKE) --no-print-directory generate
	$(MAKE) --no-print-directory build build_sdks install

$(PYTHON_SDK_ENV)/.stamp: $(SDK_PYTHON_BUILT)
	rm -rf $(PYTHON_SDK_ENV)
	python3 -m venv $(PYTHON_SDK_ENV)
	$(PYTHON_SDK_ENV)/bin/python -m pip install --quiet --disable-pip-version-check pulumi==$(PYTHON_PULUMI) sdk/python/bin/*.whl
	@touch $@

python-sdk-env: $(PYTHON_SDK_ENV)/.stamp ## [build] a venv in .cache with pulumi (PyPI) and the built Python SDK, for examples/simple-py

tools/release/node_modules/.install-stamp: tools/release/package.json tools/release/package-lock.json
	cd tools/release && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# dist.mts keys the artifacts by the content of everything they are made of and rebuilds only when it changed
# (`node tools/release/dist.mts --force` rebuilds anyway).
dist: build build_nodejs_sdk build_python_sdk tools/release/node_modules/.install-stamp ## [dist] release artifacts in dist/: plugin tarballs, provider zips, SDK packages
	node tools/release/dist.mts

# The end-to-end tier also runs the Python example, the Go SDK, the Go example and the artifacts.
test test-e2e: python-sdk-env $(LANGHOST_GO) $(LANGHOST_YAML) dist

bench-dist-startup: dist ## [bench] start-up of the released single executables (linux-amd64) against bin/'s launchers, median of 20
	node tools/release/startup-bench.mts 20
