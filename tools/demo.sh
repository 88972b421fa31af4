#!/usr/bin/env bash
# `make demo` and friends: an example stack through a real engine, to the emulator or to OpenAI.
#
#   tools/demo.sh up        deploy, then the stack's outputs                     (make demo, make pulumi-up)
#   tools/demo.sh preview   preview / plan                                        (make pulumi-preview)
#   tools/demo.sh destroy   destroy                                               (make demo-destroy, make pulumi-destroy)
#
# Engine: ENGINE=pulumi (default; examples/simple), ENGINE=tofu or ENGINE=terraform (examples/terraform, the same
# stack in HCL). The engine is the one tools/engines/resolve.sh names: a supported one on PATH, else the built one
# (built here when missing: OpenTofu in about a minute, Terraform in about 2.5 from its Go module).
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
# OpenTofu and Terraform run the provider from bin/ through a CLI configuration written to
# $DEMO_DIR/<engine>/cli.tfrc (dev_overrides: no `init`, no lock file), with their state in
# $DEMO_DIR/<engine>/terraform.tfstate and their working data in $DEMO_DIR/<engine>/data; the keys reach the
# provider as OPENAI_API_KEY / OPENAI_ADMIN_KEY in its environment only. `up` applies, prints the outputs, then
# plans again and checks that nothing would change.
#
# Needs what `make demo` builds first: `make build` (and for Pulumi `make engines build_nodejs_sdk` and the
# example's `npm ci`).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
action="${1:-up}"
case "$action" in up|preview|destroy) ;; *) echo "usage: [ENGINE=pulumi|tofu|terraform] tools/demo.sh up|preview|destroy" >&2; exit 2 ;; esac
engine="${ENGINE:-pulumi}"
case "$engine" in
  pulumi) default_program="$root/examples/simple" ;;
  tofu|terraform) default_program="$root/examples/terraform" ;;
  *) echo "demo: ENGINE=$engine: expected pulumi (the default), tofu or terraform" >&2; exit 2 ;;
esac

demo_dir="${DEMO_DIR:-$root/.demo}"
program="${DEMO_PROGRAM:-$default_program}"
port="${DEMO_EMULATOR_PORT:-8787}"
mkdir -p "$demo_dir"
demo_dir="$(cd "$demo_dir" && pwd)"

if [ -t 1 ]; then say() { printf '\033[1m==> %s\033[0m\n' "$*"; }; else say() { printf '==> %s\n' "$*"; }; fi
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }
# A path as typed from the repository's root.
short() { printf '%s' "${1/#$root\//}"; }

# --- tools -------------------------------------------------------------------------------------------------
node_bin="$("$root/tools/node.sh")"
export PATH="$node_bin:$PATH"
export OPENAI_IAC_NODE="$node_bin/node"   # the plugin's Node.js
if [ "$engine" = pulumi ]; then
  # The pulumi on PATH when it is supported, else the built one (tools/engines/resolve.sh decides; ENGINES=build).
  engines_bin="$("$root/tools/engines/resolve.sh" --dry-run --quiet | awk -F'\t' '$1 == "pulumi" {print $4}')"
  [ -n "$engines_bin" ] || die "tools/engines/resolve.sh did not name a pulumi"
  [ -x "$engines_bin/pulumi" ] || die "the Pulumi engine is not built ($engines_bin/pulumi); run 'make engines' (or 'make demo', which builds it)"
  [ -x "$root/bin/pulumi-resource-openai" ] || die "the provider plugin is not built; run 'make build'"
  [ -d "$program/node_modules/@openai-iac/pulumi-openai" ] || die "$program has no node_modules; run 'make demo' (it installs them)"
  export PATH="$engines_bin:$PATH"
  export PULUMI_HOME="$demo_dir/pulumi-home"
  export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-openai-iac-demo}"
  unset PULUMI_CONFIG_PASSPHRASE_FILE PULUMI_BACKEND_URL PULUMI_ACCESS_TOKEN
  say "engine: pulumi $("$engines_bin/pulumi" version 2>/dev/null) in $(short "$engines_bin")"
else
  [ -x "$root/bin/terraform-provider-openai" ] || die "the provider is not built; run 'make build'"
  # The tofu / terraform on PATH when it is supported, else built now (its progress on stderr).
  if [ "$engine" = tofu ]; then
    line="$("$root/tools/engines/resolve.sh" --only tofu --quiet)"
  else
    line="$("$root/tools/engines/resolve.sh" --terraform --quiet)"
  fi
  engines_bin="$(printf '%s\n' "$line" | awk -F'\t' -v e="$engine" '$1 == e {print $4}')"
  [ -x "$engines_bin/$engine" ] || die "tools/engines/resolve.sh gave no $engine ($engines_bin/$engine); run 'make engines'"
  tf() { "$engines_bin/$engine" "$@"; }
  say "engine: $engine $(printf '%s\n' "$line" | awk -F'\t' '{print $3}') in $(short "$engines_bin")"
fi

# --- target ------------------------------------------------------------------------------------------------
# The emulator's own keys (what `eval "$(make env)"` exports) mean the emulator, not OpenAI.
case "${OPENAI_API_KEY:-}" in sk-proj-emulator-*) unset OPENAI_API_KEY ;; esac
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
  if [ -z "$base_url" ] && [ "$engine" = pulumi ]; then
    echo "note: OpenAI shut the Assistants API down on api.openai.com on 2026-08-26, so the example deploys without"
    echo "      its Assistant there; set OPENAI_BASE_URL to an Assistants-compatible endpoint to include it."
  fi
fi

# --- OpenTofu / Terraform ---------------------------------------------------------------------------------
if [ "$engine" != pulumi ]; then
  if [ "$target" = openai ] && [ -z "$base_url" ]; then
    die "the HCL example's Assistant needs the Assistants API, which api.openai.com no longer serves (shut down on
  2026-08-26): set OPENAI_BASE_URL to an Assistants-compatible endpoint, or run 'make demo' (Pulumi), which deploys
  the rest of the stack without it."
  fi
  work="$demo_dir/$engine"
  mkdir -p "$work/data"
  # dev_overrides: the engine runs bin/terraform-provider-openai as it is, without `init` or a lock file.
  "$root/tools/dev-tfrc.sh" "$work/cli.tfrc"
  export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_DATA_DIR="$work/data" CHECKPOINT_DISABLE=1
  unset TF_WORKSPACE TF_CLI_ARGS TF_CLI_ARGS_plan TF_CLI_ARGS_apply TF_CLI_ARGS_destroy TF_CLI_ARGS_output
  # The provider reads its keys and base URL from its environment: exported to the engine's process only.
  export OPENAI_API_KEY="$api_key" OPENAI_ADMIN_KEY="$admin_key"
  if [ -n "$base_url" ]; then export OPENAI_BASE_URL="$base_url"; fi
  state="$work/terraform.tfstate"
  echo "configuration $(short "$program"), state $(short "$state"), CLI configuration $(short "$work/cli.tfrc")"
  cd "$program"
  case "$action" in
    up)
      say "$engine apply"
      tf apply -auto-approve -input=false -state="$state"
      say "outputs ($engine output)"
      tf output -state="$state"
      say "$engine plan (a second run: nothing should change)"
      code=0
      tf plan -input=false -detailed-exitcode -state="$state" || code=$?
      case "$code" in
        0) echo "no changes: the deployed stack matches its configuration" ;;
        2) die "the plan right after apply wants changes (above): please report this as a bug" ;;
        *) exit "$code" ;;
      esac
      ;;
    preview)
      say "$engine plan"
      tf plan -input=false -state="$state"
      ;;
    destroy)
      say "$engine destroy"
      tf destroy -auto-approve -input=false -state="$state"
      ;;
  esac
  exit 0
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
    # Pulumi's own closing hint needs the demo's PULUMI_HOME, backend and passphrase: make env sets them.
    echo "note: to remove the stack too, run Pulumi's hint in a shell set up for the demo:"
    echo "      eval \"\$(make env)\" && cd $(short "$program") && pulumi stack rm $stack"
    ;;
esac
