#!/usr/bin/env bash
# Smoke checks that the engines built by build.sh work offline (no network beyond the package registries):
#   pulumi version / tofu version report the pinned versions;
#   a no-resource `runtime: nodejs` program (JS, with config + a secret) goes through
#     pulumi login file:// -> stack init -> up -> stack output -> preview --expect-no-changes -> destroy,
#     and a throwing program makes `pulumi up` fail with the program's error;
#   the same for a `runtime: python` program (skip with ENGINES_SMOKE_PYTHON=0);
#   tofu init + apply + output on a config holding only `terraform {}` and an output.
# Usage: tools/engines/smoke.sh [BIN_DIR]   (default: build/reuse via build.sh)
# @pulumi/pulumi (npm) and pulumi (PyPI) are installed at the engine's version into the git-ignored
# .cache/engines/ once and reused. Ends with a "N passed, N failed" line; exits non-zero on any failure.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${ENGINES_CACHE_DIR:-$root/.cache/engines}"

if [ $# -ge 1 ]; then bin="$(cd "$1" && pwd)"; else bin="$("$here/build.sh" | tail -n1)" || exit 1; fi
versions="$bin/../versions.txt"
want() { sed -n "s/^$1=//p" "$versions"; }
pulumi_v="$(want pulumi)"; tofu_v="$(want tofu)"
[ -n "$pulumi_v" ] && [ -n "$tofu_v" ] || { echo "smoke: cannot read $versions" >&2; exit 1; }

node_bin="$("$root/tools/node.sh")" || exit 1
export PATH="$bin:$node_bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_CONFIG_PASSPHRASE=smoke-passphrase CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
work="$(mktemp -d "${TMPDIR:-/tmp}/engines-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export PULUMI_HOME="$work/pulumi-home"
# Isolate tofu from the user's CLI config (a TF_CLI_CONFIG_FILE naming a missing file makes it warn on every call)
# and from any plugin cache; the test config needs no provider.
: > "$work/tofurc"
export TF_CLI_CONFIG_FILE="$work/tofurc"
unset TF_DATA_DIR TF_PLUGIN_CACHE_DIR

passed=0; failed=0
ok()   { passed=$((passed+1)); echo "ok - $*"; }
fail() { failed=$((failed+1)); echo "not ok - $*"; }
# check <name> <command...>: runs the command, logs its output to a file, shows the log tail on failure.
check() {
  local name="$1"; shift
  local logf="$work/log.$((passed+failed))"
  if "$@" >"$logf" 2>&1; then ok "$name"; else fail "$name"; sed 's/^/    | /' "$logf" | tail -n 25; fi
}
expect_eq() { [ "$1" = "$2" ] || { echo "expected [$2], got [$1]"; return 1; }; }

# --- versions --------------------------------------------------------------------------------------------
check "pulumi version is $pulumi_v" expect_eq "$(pulumi version 2>&1)" "$pulumi_v"
check "tofu version is $tofu_v" expect_eq "$(tofu version 2>/dev/null | head -n1)" "OpenTofu $tofu_v"
check "pulumi-language-nodejs is on PATH from the bin folder" expect_eq "$(command -v pulumi-language-nodejs)" "$bin/pulumi-language-nodejs"

# --- pulumi: shared local backend ------------------------------------------------------------------------
mkdir -p "$work/state"
check "pulumi login file://" pulumi login "file://$work/state"

# --- pulumi + nodejs ---------------------------------------------------------------------------------------
npm_v="${ENGINES_SMOKE_PULUMI_NPM:-${pulumi_v#v}}"
npm_dir="$cache/smoke-npm-$npm_v"
if [ ! -f "$npm_dir/.complete" ]; then
  echo "smoke: installing @pulumi/pulumi@$npm_v from npm into $npm_dir ..." >&2
  rm -rf "$npm_dir"; mkdir -p "$npm_dir"
  echo '{"name":"engines-smoke-deps","private":true}' > "$npm_dir/package.json"
  (cd "$npm_dir" && npm install --no-audit --no-fund --loglevel=error "@pulumi/pulumi@$npm_v" >&2) && touch "$npm_dir/.complete"
fi
js="$work/js"; mkdir -p "$js"
ln -s "$npm_dir/node_modules" "$js/node_modules"
printf 'name: engines-smoke-js\nruntime: nodejs\ndescription: no-resource program\n' > "$js/Pulumi.yaml"
echo '{"name":"engines-smoke-js","private":true,"main":"index.js"}' > "$js/package.json"
cat > "$js/index.js" <<'EOF'
"use strict";
const pulumi = require("@pulumi/pulumi");
const cfg = new pulumi.Config();
if (cfg.getBoolean("explode")) { throw new Error("smoke-test-explosion"); }
module.exports = {
  greeting: `hello ${cfg.require("who")} from ${pulumi.getProject()}/${pulumi.getStack()}`,
  secretLen: cfg.requireSecret("pw").apply((s) => s.length),
};
EOF
pjs() { (cd "$js" && pulumi "$@"); }
check "nodejs: stack init + config set (secret too)" bash -c '
  cd "$1" && pulumi stack init smoke && pulumi config set who world && pulumi config set --secret pw hunter2' _ "$js"
check "nodejs: pulumi up --yes --skip-preview" pjs up --yes --skip-preview
check "nodejs: stack output greeting" expect_eq "$(pjs stack output greeting 2>&1)" "hello world from engines-smoke-js/smoke"
check "nodejs: secret output stays secret and is readable" bash -c '
  cd "$1" && [ "$(pulumi stack output secretLen 2>&1)" = "[secret]" ] && [ "$(pulumi stack output secretLen --show-secrets)" = 7 ]' _ "$js"
check "nodejs: preview --expect-no-changes" pjs preview --expect-no-changes
check "nodejs: a throwing program fails pulumi up" bash -c '
  cd "$1" && pulumi config set explode true && ! pulumi up --yes --skip-preview > "$1/explode.log" 2>&1 &&
  grep -q smoke-test-explosion "$1/explode.log" && pulumi config rm explode' _ "$js"
check "nodejs: pulumi destroy" pjs destroy --yes
check "nodejs: pulumi stack rm" pjs stack rm --yes smoke

# --- pulumi + python ---------------------------------------------------------------------------------------
if [ "${ENGINES_SMOKE_PYTHON:-1}" != "0" ]; then
  py="${ENGINES_SMOKE_PYTHON_BIN:-python3}"
  venv="$cache/smoke-venv-${pulumi_v#v}"
  if [ ! -f "$venv/.complete" ]; then
    echo "smoke: installing pulumi==${pulumi_v#v} from PyPI into $venv ..." >&2
    rm -rf "$venv"
    "$py" -m venv "$venv" >&2 && "$venv/bin/pip" install --quiet --disable-pip-version-check "pulumi==${pulumi_v#v}" >&2 \
      && touch "$venv/.complete"
  fi
  pyd="$work/py"; mkdir -p "$pyd"
  printf 'name: engines-smoke-py\nruntime: python\ndescription: no-resource program\n' > "$pyd/Pulumi.yaml"
  cat > "$pyd/__main__.py" <<'EOF'
import pulumi
cfg = pulumi.Config()
pulumi.export("greeting", f"hello {cfg.require('who')} from {pulumi.get_project()}/{pulumi.get_stack()}")
pulumi.export("secret_len", cfg.require_secret("pw").apply(len))
EOF
  # The Python host in use predates the `virtualenv` runtime option reaching it from the engine, so the program's
  # environment is selected the classic way: its python first on PATH (see README).
  ppy() { (cd "$pyd" && PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv" pulumi "$@"); }
  check "python: stack init + config set" bash -c '
    cd "$1" && pulumi stack init smoke && pulumi config set who python && pulumi config set --secret pw abc' _ "$pyd"
  check "python: pulumi up --yes --skip-preview" ppy up --yes --skip-preview
  check "python: stack output greeting" expect_eq "$(ppy stack output greeting 2>&1)" "hello python from engines-smoke-py/smoke"
  check "python: secret output" expect_eq "$(ppy stack output secret_len --show-secrets 2>&1)" "3"
  check "python: preview --expect-no-changes" ppy preview --expect-no-changes
  check "python: pulumi destroy + stack rm" bash -c 'cd "$1" && PATH="$2/bin:$PATH" pulumi destroy --yes && pulumi stack rm --yes smoke' _ "$pyd" "$venv"
else
  echo "smoke: python checks skipped (ENGINES_SMOKE_PYTHON=0)" >&2
fi

# --- tofu ------------------------------------------------------------------------------------------------
tf="$work/tf"; mkdir -p "$tf"
cat > "$tf/main.tf" <<'EOF'
terraform {}

variable "who" {
  type    = string
  default = "world"
}

output "greeting" {
  value = "hello ${var.who} from tofu"
}
EOF
tft() { (cd "$tf" && tofu "$@"); }
check "tofu init" tft init -input=false -no-color
check "tofu apply -auto-approve" tft apply -auto-approve -input=false -no-color
check "tofu output" expect_eq "$(tft output -raw greeting)" "hello world from tofu"
check "tofu plan shows no changes" tft plan -detailed-exitcode -input=false -no-color

echo "engines smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
