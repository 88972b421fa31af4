#!/usr/bin/env bash
# `make demo` and friends: the example stack (examples/simple) through the real Pulumi CLI.
#
#   tools/demo.sh up        pulumi up --yes, then the stack's outputs           (make demo, make pulumi-up)
#   tools/demo.sh preview   pulumi preview                                        (make pulumi-preview)
#   tools/demo.sh destroy   pulumi destroy --yes                                  (make demo-destroy, make pulumi-destroy)
#
# Target: the bundled emulator (default), started in the background on DEMO_EMULATOR_PORT (8787) with its state in
# $DEMO_DIR/emulator-state.json and stopped at the end (the state stays). An emulator already answering on that
# port (`make emulator`) is used as it is and left running. With OPENAI_API_KEY set the target is OpenAI
# (OPENAI_BASE_URL, if set, for an Assistants-compatible endpoint), and OPENAI_ADMIN_KEY is required for the project.
#
# Pulumi runs offline: a file backend in $DEMO_DIR/pulumi-state, PULUMI_HOME=$DEMO_DIR/pulumi-home (the provider
# plugin is installed there from bin/ with `pulumi plugin install --file`), the passphrase secrets provider
# (PULUMI_CONFIG_PASSPHRASE, default "openai-iac-demo"), no update checks, no plugin downloads. Stack: DEMO_STACK,
# default `dev` on the emulator and `openai` on OpenAI (their config files, examples/simple/Pulumi.<stack>.yaml,
# are git-ignored). Keys go into stack config as secrets through stdin; no key is printed.
#
# Needs what `make demo` builds first: `make build engines build_nodejs_sdk` and the example's `npm ci`. The
# `pulumi` is the one tools/engines/resolve.sh names: a supported one on PATH, else the built one.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
action="${1:-up}"
case "$action" in up|preview|destroy) ;; *) echo "usage: tools/demo.sh up|preview|destroy" >&2; exit 2 ;; esac

demo_dir="${DEMO_DIR:-$root/.demo}"
program="${DEMO_PROGRAM:-$root/examples/simple}"
port="${DEMO_EMULATOR_PORT:-8787}"
mkdir -p "$demo_dir"
demo_dir="$(cd "$demo_dir" && pwd)"

if [ -t 1 ]; then say() { printf '\033[1m==> %s\033[0m\n' "$*"; }; else say() { printf '==> %s\n' "$*"; }; fi
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------------------------
node_bin="$("$root/tools/node.sh")"
# The pulumi on PATH when it is supported, else the built one (tools/engines/resolve.sh decides; ENGINES=build).
engines_bin="$("$root/tools/engines/resolve.sh" --dry-run --quiet | awk -F'\t' '$1 == "pulumi" {print $4}')"
[ -n "$engines_bin" ] || die "tools/engines/resolve.sh did not name a pulumi"
[ -x "$engines_bin/pulumi" ] || die "the Pulumi engine is not built ($engines_bin/pulumi); run 'make engines' (or 'make demo', which builds it)"
[ -x "$root/bin/pulumi-resource-openai" ] || die "the provider plugin is not built; run 'make build'"
[ -d "$program/node_modules/@openai-iac/pulumi-openai" ] || die "$program has no node_modules; run 'make demo' (it installs them)"
export PATH="$engines_bin:$node_bin:$PATH"
export PULUMI_HOME="$demo_dir/pulumi-home"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-openai-iac-demo}"
unset PULUMI_CONFIG_PASSPHRASE_FILE PULUMI_BACKEND_URL PULUMI_ACCESS_TOKEN
export OPENAI_IAC_NODE="$node_bin/node"   # the plugin's Node.js
say "engine: pulumi $("$engines_bin/pulumi" version 2>/dev/null) in ${engines_bin/#$root\//}"

# --- target ------------------------------------------------------------------------------------------------
if [ -n "${OPENAI_API_KEY:-}" ]; then
  target=openai
  stack="${DEMO_STACK:-openai}"
  [ -n "${OPENAI_ADMIN_KEY:-}" ] || die "OPENAI_API_KEY is set, so the demo targets OpenAI; the example's Project needs an
  admin key too: set OPENAI_ADMIN_KEY (sk-admin-…, scope api.management.write). Unset OPENAI_API_KEY to use the emulator."
  base_url="${OPENAI_BASE_URL:-}"
  api_key="$OPENAI_API_KEY"; admin_key="$OPENAI_ADMIN_KEY"
else
  target=emulator
  stack="${DEMO_STACK:-dev}"
  base_url="http://127.0.0.1:$port/v1"
  # The provider must see only the stack's settings, never a stray OPENAI_* of the caller's shell.
  unset OPENAI_BASE_URL OPENAI_ORG_ID OPENAI_PROJECT_ID OPENAI_ADMIN_KEY
fi

emulator_pid=""
stop_emulator() {
  if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
    echo "emulator stopped (state kept in ${demo_dir/#$root\//}/emulator-state.json)"
  fi
}
trap stop_emulator EXIT

if [ "$target" = emulator ]; then
  state="$demo_dir/emulator-state.json"
  if node -e 'fetch(process.argv[1], {signal: AbortSignal.timeout(2000)}).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
       "http://127.0.0.1:$port/__emulator/state" 2>/dev/null; then
    say "target: the emulator already running at $base_url (left running)"
  else
    say "target: the emulator at $base_url (state in ${state/#$root\//})"
    log="$demo_dir/emulator.log"
    node "$root/emulator/dist/cli.js" --port "$port" --state "$state" --quiet >"$log" 2>&1 &
    emulator_pid=$!
    for _ in $(seq 1 100); do
      grep -q 'listening on' "$log" 2>/dev/null && break
      kill -0 "$emulator_pid" 2>/dev/null || { cat "$log" >&2; emulator_pid=""; die "the emulator did not start (its output is above; if port $port is taken, set DEMO_EMULATOR_PORT)"; }
      sleep 0.1
    done
    grep -q 'listening on' "$log" || die "the emulator did not report its address within 10 s (see $log)"
  fi
  api_key="$(sed -n 's/.* project_key=\([^ ]*\).*/\1/p' "$demo_dir/emulator.log" 2>/dev/null | tail -n1)"
  admin_key="$(sed -n 's/.* admin_key=\([^ ]*\).*/\1/p' "$demo_dir/emulator.log" 2>/dev/null | tail -n1)"
  # An emulator started elsewhere (`make emulator`) uses the default keys unless told otherwise.
  api_key="${api_key:-sk-proj-emulator-000000000000000000000000}"
  admin_key="${admin_key:-sk-admin-emulator-000000000000000000000000}"
else
  say "target: ${base_url:-https://api.openai.com/v1} (stack '$stack')"
  if [ -z "$base_url" ]; then
    echo "note: OpenAI shut the Assistants API down on api.openai.com on 2026-08-26, so the example deploys without"
    echo "      its Assistant there; set OPENAI_BASE_URL to an Assistants-compatible endpoint to include it."
  fi
fi

# --- Pulumi: backend, plugin, stack, config ----------------------------------------------------------------
mkdir -p "$demo_dir/pulumi-state" "$PULUMI_HOME"
pulumi login --non-interactive "file://$demo_dir/pulumi-state" >/dev/null

version="$(node -p "require('$root/sdk/nodejs/package.json').version")"
plugin_sum="$(cat "$root/bin/pulumi-resource-openai" "$root/bin/pulumi-resource-openai.js" | cksum)"
if [ "$(cat "$PULUMI_HOME/.openai-plugin-sum" 2>/dev/null)" != "$plugin_sum" ]; then
  staging="$demo_dir/plugin"
  rm -rf "$staging" && mkdir -p "$staging"
  cp "$root/bin/pulumi-resource-openai" "$root/bin/pulumi-resource-openai.js" "$staging/"
  pulumi plugin install resource openai "$version" --file "$staging" --reinstall --non-interactive >/dev/null 2>&1 \
    || pulumi plugin install resource openai "$version" --file "$staging" --reinstall --non-interactive
  echo "$plugin_sum" >"$PULUMI_HOME/.openai-plugin-sum"
  echo "installed the provider plugin resource-openai v$version from bin/ into ${PULUMI_HOME/#$root\//}"
fi

cd "$program"
pulumi stack select --create --non-interactive "$stack" >/dev/null
echo "stack: $stack (backend file://${demo_dir/#$root\//}/pulumi-state, program ${program/#$root\//})"

# set_config <key> <value> [secret]: only when it changed; secrets go through stdin (never on a command line).
set_config() {
  local key="$1" value="$2" secret="${3:-}" current
  current="$(pulumi config get "$key" 2>/dev/null || true)"
  [ "$current" = "$value" ] && return 0
  if [ -n "$secret" ]; then
    printf '%s' "$value" | pulumi config set --secret "$key" --non-interactive >/dev/null
  else
    pulumi config set "$key" "$value" --non-interactive >/dev/null
  fi
}
if [ -n "$base_url" ]; then set_config openai:baseUrl "$base_url"; else pulumi config rm openai:baseUrl >/dev/null 2>&1 || true; fi
# The example's Assistant needs the Assistants API: not on api.openai.com since its shutdown.
if [ "$target" = openai ] && [ -z "$base_url" ]; then set_config assistant false; else set_config assistant true; fi
set_config openai:apiKey "$api_key" secret
set_config openai:adminApiKey "$admin_key" secret

# --- the command -------------------------------------------------------------------------------------------
case "$action" in
  up)
    say "pulumi up"
    pulumi up --yes --non-interactive
    say "outputs (pulumi stack output)"
    pulumi stack output --non-interactive
    ;;
  preview)
    say "pulumi preview"
    pulumi preview --non-interactive
    ;;
  destroy)
    say "pulumi destroy"
    pulumi destroy --yes --non-interactive
    ;;
esac
