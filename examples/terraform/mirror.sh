#!/usr/bin/env bash
# Lays the locally built provider (bin/terraform-provider-openai, `make build-terraform`) out as a filesystem
# mirror that `tofu init` / `terraform init` install from:
#
#   <mirror>/<host>/openai-iac/openai/<version>/<os>_<arch>/terraform-provider-openai_v<version>   (the launcher)
#   <mirror>/<host>/openai-iac/openai/<version>/<os>_<arch>/terraform-provider-openai.d/           (bundle, .proto)
#   <mirror>/<host>/openai-iac/openai/<version>/<os>_<arch>/terraform-provider-openai.d/node-path  (the Node to use)
#
# for both hosts a short source address can mean: registry.terraform.io (Terraform, and the full address CDKTF
# writes) and registry.opentofu.org (what OpenTofu reads `source = "openai-iac/openai"` as).
# Usage: examples/terraform/mirror.sh <mirror-dir> [version]   (version: bridge/terraform/package.json's)
# Prints the mirror's absolute path. The launcher runs the bundle on the project's Node 24 (tools/node.sh), named by
# absolute path in node-path, so the engine's PATH needs no node; with that Node gone (the repository moved, .cache/
# cleared) it falls back to the first `node` on PATH, and where that is missing or older than 22 the provider says so
# in the engine's error ("Unrecognized remote plugin message: terraform-provider-openai: …"): run this again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mirror="${1:?usage: mirror.sh <mirror-dir> [version]}"
version="${2:-$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$root/bridge/terraform/package.json" | head -1)}"
[ -n "$version" ] || { echo "mirror.sh: cannot read the provider version from bridge/terraform/package.json" >&2; exit 1; }
[ -x "$root/bin/terraform-provider-openai" ] || { echo "mirror.sh: no provider build: run make build-terraform" >&2; exit 1; }

case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "mirror.sh: unsupported OS $(uname -s)" >&2; exit 1 ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) echo "mirror.sh: unsupported CPU $(uname -m)" >&2; exit 1 ;; esac

node="$("$root/tools/node.sh")/node"
[ -x "$node" ] || { echo "mirror.sh: tools/node.sh gave no Node ($node)" >&2; exit 1; }

mkdir -p "$mirror"
mirror="$(cd "$mirror" && pwd)"
for host in registry.terraform.io registry.opentofu.org; do
  dir="$mirror/$host/openai-iac/openai/$version/${os}_${arch}"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$root/bin/terraform-provider-openai" "$dir/terraform-provider-openai_v$version"
  cp -R "$root/bin/terraform-provider-openai.d" "$dir/terraform-provider-openai.d"
  printf '%s\n' "$node" > "$dir/terraform-provider-openai.d/node-path"
done
echo "$mirror"
