#!/usr/bin/env bash
# The Python, Go and .NET SDKs (sdk/python, sdk/go, sdk/dotnet): generated from schema/schema.json by Pulumi's
# own generators and committed; sdk/nodejs has tools/sdk-nodejs.sh. Never edit them by hand: regenerate.
#
#   sdk/sdks.sh gen   python|go|dotnet|all   regenerate the sources (build output — bin/, obj/ — is left alone)
#   sdk/sdks.sh check python|go|dotnet|all   fail when the committed sources differ from what the schema generates
#   sdk/sdks.sh build python|go|dotnet|all   python: sdist + wheel into sdk/python/bin; go: go build + go vet;
#                                            dotnet: dotnet build where a .NET SDK is installed (see below)
#
# Generators: SDKGEN (default .cache/sdkgen: tools/codegen, pulumi codegen v3.259.0) for python and go;
# SDKGEN_DOTNET (default .cache/sdkgen-dotnet: tools/codegen/dotnet, pulumi codegen v3.228.0, the last release
# with the C# generator in pkg/v3). `make gen_python_sdk` … build them when needed.
#
# Go: the generator writes the package (sdk/go/openai); the module around it (sdk/go/go.mod, go.sum) is written
# here: module github.com/openai-iac/openai-iac/sdk/go (the schema's importBasePath minus the package), requiring
# github.com/pulumi/pulumi/sdk/v3 at the engine's version, completed by `go mod tidy` (module proxy).
#
# .NET: `build dotnet` needs the `dotnet` CLI (a .NET 6+ SDK) and nuget.org for the Pulumi package. Without a
# `dotnet` on PATH it says so and exits 0 (DOTNET_REQUIRED=1 makes that an error), so that `make
# generate-build-install` works on machines without .NET.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sdkgen="${SDKGEN:-.cache/sdkgen}"
sdkgen_dotnet="${SDKGEN_DOTNET:-.cache/sdkgen-dotnet}"
schema=schema/schema.json
# The Go SDK's module path and its Pulumi SDK pin (the engine's version, tools/engines/pulumi).
GO_MODULE=github.com/openai-iac/openai-iac/sdk/go
GO_PULUMI_SDK=v3.259.0
GO_VERSION_LINE=1.25.11
# The Python build front-end and back-end, installed into a venv under .cache/ (PyPI).
PY_BUILD_REQS=(build==1.6.1 setuptools==84.2.1)

export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOWORK=off CGO_ENABLED=0

die() { echo "sdks: $*" >&2; exit 1; }

# What each SDK folder keeps that is not generated (build output, the Go module files).
keep_args() { # keep_args <lang>: `find`/`diff` exclusions
  case "$1" in
    python) echo "bin" ;;
    go) echo "go.mod go.sum" ;;
    dotnet) echo "bin obj" ;;
  esac
}

generate_into() { # generate_into <lang> <dir>
  local lang="$1" out="$2"
  case "$lang" in
    python|go)
      [ -x "$sdkgen" ] || die "$sdkgen is missing; build it with 'make gen_${lang}_sdk' (or make \$(SDKGEN))"
      "$sdkgen" -schema "$schema" -language "$lang" -out "$out" >/dev/null ;;
    dotnet)
      [ -x "$sdkgen_dotnet" ] || die "$sdkgen_dotnet is missing; build it with 'make gen_dotnet_sdk'"
      "$sdkgen_dotnet" -schema "$schema" -out "$out" >/dev/null ;;
  esac
}

go_mod_ok() { # the committed go.mod names the module and pins the Pulumi SDK
  grep -qx "module $GO_MODULE" sdk/go/go.mod 2>/dev/null \
    && grep -qE "^[[:space:]]*(require[[:space:]]+)?github.com/pulumi/pulumi/sdk/v3 $GO_PULUMI_SDK\$" sdk/go/go.mod \
    && [ -s sdk/go/go.sum ]
}

gen() { # gen <lang>
  local lang="$1" dir="sdk/$1" tmp keep prune=()
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/sdks.XXXXXX")"
  generate_into "$lang" "$tmp/out"
  mkdir -p "$dir"
  for keep in $(keep_args "$lang"); do prune+=(! -name "$keep"); done
  find "$dir" -mindepth 1 -maxdepth 1 "${prune[@]}" -exec rm -rf {} +
  cp -R "$tmp/out/." "$dir/"
  echo "sdks: regenerated $dir from $schema ($(find "$tmp/out" -type f | wc -l) files)"
  rm -rf "$tmp"
  if [ "$lang" = go ]; then
    # go.mod from scratch each time, then tidy: the same schema and pin give the same files.
    printf '// The Go SDK of the openai-iac Pulumi provider. Written by sdk/sdks.sh (gen go) and completed by `go mod tidy`.\nmodule %s\n\ngo %s\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n' \
      "$GO_MODULE" "$GO_VERSION_LINE" "$GO_PULUMI_SDK" >sdk/go/go.mod
    rm -f sdk/go/go.sum
    (cd sdk/go && GOFLAGS=-mod=mod go mod tidy)
    go_mod_ok || die "sdk/go/go.mod lost its module line or its sdk/v3 $GO_PULUMI_SDK pin after go mod tidy"
    echo "sdks: wrote sdk/go/go.mod and go.sum ($GO_MODULE, github.com/pulumi/pulumi/sdk/v3 $GO_PULUMI_SDK)"
    # The Go example builds against this module (a replace to ../../sdk/go): keep its requirements in step.
    if [ -f examples/simple-go/go.mod ]; then (cd examples/simple-go && GOFLAGS=-mod=mod go mod tidy); fi
  fi
}

check() { # check <lang>
  local lang="$1" dir="sdk/$1" tmp keep excl=()
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/sdks.XXXXXX")"
  generate_into "$lang" "$tmp/out"
  for keep in $(keep_args "$lang"); do excl+=(-x "$keep"); done
  if ! diff -r -q "${excl[@]}" "$tmp/out" "$dir" >"$tmp/diff" 2>&1; then
    sed 's/^/  /' "$tmp/diff" >&2
    rm -rf "$tmp"
    die "$dir drifted from $schema; run 'make gen_${lang}_sdk' and commit the result"
  fi
  rm -rf "$tmp"
  if [ "$lang" = go ] && ! go_mod_ok; then
    die "sdk/go/go.mod must be 'module $GO_MODULE' requiring github.com/pulumi/pulumi/sdk/v3 $GO_PULUMI_SDK, with a go.sum; run 'make gen_go_sdk'"
  fi
  echo "sdks: $dir is up to date"
}

build_python() {
  local venv=.cache/python-build-venv tmp out=sdk/python/bin version
  if ! "$venv/bin/python" -c 'import build, setuptools' 2>/dev/null; then
    command -v python3 >/dev/null || die "building the Python SDK needs python3 (3.9 or later)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${PY_BUILD_REQS[@]}"
  fi
  # A copy to build from, with the package's README and the LICENSE beside pyproject.toml (as Pulumi's providers do).
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/sdk-python.XXXXXX")"
  cp -R sdk/python "$tmp/src" && rm -rf "$tmp/src/bin"
  cp sdk/python/pulumi_openai_iac/README.md "$tmp/src/README.md"
  cp LICENSE "$tmp/src/LICENSE"
  rm -rf "$out" && mkdir -p "$out"
  # SOURCE_DATE_EPOCH keeps the archives' timestamps fixed; the deprecation notice about the generated
  # pyproject's license table is the generator's to change.
  (cd "$tmp/src" && SOURCE_DATE_EPOCH=315532800 "$root/$venv/bin/python" -m build --no-isolation --sdist --wheel \
      --outdir "$root/$out" . >"$tmp/build.log" 2>&1) || { cat "$tmp/build.log" >&2; rm -rf "$tmp"; die "python -m build failed"; }
  rm -rf "$tmp"
  version="$(sed -n 's/^ *version = "\(.*\)"/\1/p' sdk/python/pyproject.toml)"
  echo "sdks: built $out: $(cd "$out" && ls | tr '\n' ' ')(pulumi_openai_iac $version)"
}

build_go() {
  (cd sdk/go && GOFLAGS=-mod=readonly go build ./... && GOFLAGS=-mod=readonly go vet ./...)
  echo "sdks: sdk/go builds and vets ($GO_MODULE/openai)"
}

build_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    local msg="sdks: no 'dotnet' on PATH: sdk/dotnet is generated but not built here (it needs a .NET 6+ SDK and nuget.org)"
    if [ -n "${DOTNET_REQUIRED:-}" ]; then die "${msg#sdks: }"; fi
    echo "$msg; skipped" >&2
    return 0
  fi
  (cd sdk/dotnet && dotnet build -c Release -nologo)
  echo "sdks: built sdk/dotnet (OpenAIIac.OpenAI)"
}

build() { # build <lang>
  case "$1" in
    python) build_python ;;
    go) build_go ;;
    dotnet) build_dotnet ;;
  esac
}

cmd="${1:-}"; what="${2:-}"
case "$cmd" in gen|check|build) ;; *) echo "usage: sdk/sdks.sh gen|check|build python|go|dotnet|all" >&2; exit 2 ;; esac
case "$what" in
  python|go|dotnet) langs=("$what") ;;
  all) langs=(python go dotnet) ;;
  *) echo "usage: sdk/sdks.sh gen|check|build python|go|dotnet|all" >&2; exit 2 ;;
esac
for lang in "${langs[@]}"; do "$cmd" "$lang"; done
