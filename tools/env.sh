#!/usr/bin/env bash
# `make env`: shell settings for working with this repository by hand, printed for eval:
#
#   eval "$(make env)"
#
# - PATH: the project's Node 24 (tools/node.sh), and the pulumi, tofu and terraform that tools/engines/resolve.sh
#   names (a supported one on PATH, else the built one in .cache/engines: `make engines` builds what is missing),
#   and the Pulumi YAML language host for examples/simple-yaml (`make langhost-yaml`);
# - the emulator (`make emulator`, or the one `make demo` starts): OPENAI_BASE_URL, and its built-in keys as
#   OPENAI_API_KEY and OPENAI_ADMIN_KEY (not secrets: every emulator accepts them; `make demo` treats them as
#   the emulator's, never as OpenAI's);
# - OpenTofu and Terraform: TF_CLI_CONFIG_FILE, a CLI configuration whose dev_overrides serve the provider from
#   bin/ (written to .demo/env/cli.tfrc), so `tofu plan` in examples/terraform needs no `init`;
# - Pulumi, as `make demo` runs it: PULUMI_HOME, the demo's file backend and passphrase, no update checks and
#   no plugin downloads, so what Pulumi prints (`pulumi stack rm dev`, `pulumi stack output`) runs as printed
#   in examples/simple.
# Only the export lines go to stdout; notes (an engine not built yet) go to stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${DEMO_EMULATOR_PORT:-8787}"
demo_dir="${DEMO_DIR:-$root/.demo}"

node_bin="$("$root/tools/node.sh")"
engines_path="$("$root/tools/engines/resolve.sh" --dry-run --quiet --path)"
terraform_dir="$("$root/tools/engines/resolve.sh" --terraform --dry-run --quiet | awk -F'\t' '{print $4}')"
for tool in pulumi tofu; do
  found=""
  IFS=: read -r -a dirs <<<"$engines_path"
  for d in "${dirs[@]}"; do [ -x "$d/$tool" ] && found=1; done
  [ -n "$found" ] || echo "make env: $tool is not built yet: run 'make engines'" >&2
done
[ -x "$terraform_dir/terraform" ] || echo "make env: terraform is not built yet: run 'make engines'" >&2
[ -x "$root/bin/terraform-provider-openai" ] || echo "make env: the providers are not built yet: run 'make build'" >&2

keys="$root/emulator/src/index.ts"
project_key="$(sed -n "s/^export const DEFAULT_PROJECT_KEY = '\(.*\)';$/\1/p" "$keys")"
admin_key="$(sed -n "s/^export const DEFAULT_ADMIN_KEY = '\(.*\)';$/\1/p" "$keys")"
[ -n "$project_key" ] && [ -n "$admin_key" ] || { echo "make env: cannot read the emulator's keys from $keys" >&2; exit 1; }

"$root/tools/dev-tfrc.sh" "$demo_dir/env/cli.tfrc"

q() { printf "'%s'" "${1//\'/\'\\\'\'}"; } # single-quoted for the shell
cat <<ENV
export PATH=$(q "$node_bin:$engines_path:$terraform_dir:$root/.cache/langhost-yaml:$root/node_modules/.bin"):"\$PATH"
export OPENAI_BASE_URL=$(q "http://127.0.0.1:$port/v1")
export OPENAI_API_KEY=$(q "$project_key")
export OPENAI_ADMIN_KEY=$(q "$admin_key")
export TF_CLI_CONFIG_FILE=$(q "$demo_dir/env/cli.tfrc")
export CHECKPOINT_DISABLE=1
export PULUMI_HOME=$(q "$demo_dir/pulumi-home")
export PULUMI_BACKEND_URL=$(q "file://$demo_dir/pulumi-state")
export PULUMI_CONFIG_PASSPHRASE=$(q "${PULUMI_CONFIG_PASSPHRASE:-openai-iac-demo}")
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export OPENAI_IAC_NODE=$(q "$node_bin/node")
ENV
