#!/usr/bin/env bash
# A real OpenTofu run against the built provider and a local emulator: dev_overrides points openai-iac/openai
# at bin/, then plan → apply → plan (expects no changes) → destroy one vector store. Not a test tier (that is
# the later e2e tier); a quick proof that a real engine accepts the provider's schema, plans and states.
# Usage: bridge/terraform/scripts/tofu-smoke.sh [path/to/tofu]   (default: .cache/engines/*/bin/tofu)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
tofu="${1:-$(ls "$root"/.cache/engines/*/bin/tofu 2>/dev/null | head -1)}"
[ -x "$tofu" ] || { echo "no tofu binary (build one with make engines, or pass its path)" >&2; exit 1; }
[ -x "$root/bin/terraform-provider-openai" ] || { echo "no provider: run make build-terraform" >&2; exit 1; }
[ -f "$root/emulator/dist/cli.js" ] || { echo "no emulator build: run make build" >&2; exit 1; }

work="$(mktemp -d)"
emulator_pid=""
cleanup() { [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

node "$root/emulator/dist/cli.js" --port 0 --quiet --vector-store-file-delay-ms 50 >"$work/emulator.out" 2>&1 &
emulator_pid=$!
for _ in $(seq 50); do grep -q listening "$work/emulator.out" && break; sleep 0.1; done
url="$(grep -o 'http://[^ ]*' "$work/emulator.out")"
echo "emulator: $url"

cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "openai-iac/openai" = "$root/bin"
  }
  direct {}
}
CFG
cat >"$work/main.tf" <<HCL
terraform {
  required_providers {
    openai = { source = "openai-iac/openai" }
  }
}

provider "openai" {
  base_url = "$url"
  api_key  = "sk-proj-emulator-000000000000000000000000"
}

resource "openai_file" "doc" {
  content  = "# Handbook\nHello.\n"
  filename = "handbook.md"
  purpose  = "assistants"
}

resource "openai_vector_store" "kb" {
  name     = "handbook"
  file_ids = [openai_file.doc.id]
  expires_after = {
    days = 7
  }
  metadata = {
    team = "docs"
  }
}

output "vector_store" {
  value = openai_vector_store.kb.id
}
HCL

export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
cd "$work"
step() { echo; echo "== tofu $*"; "$tofu" "$1" -no-color "${@:2}"; }
step plan -input=false
step apply -input=false -auto-approve
step plan -input=false -detailed-exitcode   # exit 0: no changes
step destroy -input=false -auto-approve
echo; echo "tofu smoke: ok"
