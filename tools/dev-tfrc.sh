#!/usr/bin/env bash
# Writes an OpenTofu/Terraform CLI configuration to FILE whose dev_overrides serve the provider from this
# repository's bin/ (no `init`, no lock file). Used by tools/demo.sh (make demo ENGINE=tofu) and tools/env.sh.
#   tools/dev-tfrc.sh FILE
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="${1:?usage: tools/dev-tfrc.sh FILE}"
mkdir -p "$(dirname "$file")"
cat >"$file" <<TFRC
# written by tools/dev-tfrc.sh: the provider served from this repository's bin/
provider_installation {
  dev_overrides {
    "openai-iac/openai" = "$root/bin"
  }
  direct {}
}
TFRC
