#!/usr/bin/env bash
# The anchor of `make bench`'s start-up figures: OpenTofu's own protocol-6 test provider
# (github.com/opentofu/opentofu/internal/provider-simple-v6), a Go plugin served by the same go-plugin and
# terraform-plugin-go stack as every Go provider, built from the OpenTofu module that tools/engines/tofu already
# pins. Cached under .cache/bench/ (git-ignored) by OpenTofu and Go version; prints the binary's path.
#   tools/bench/go-provider.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mod="$root/tools/engines/tofu"
tofu_version="$(cd "$mod" && go list -m -f '{{.Version}}' github.com/opentofu/opentofu)"
out="$root/.cache/bench/provider-simple-v6_${tofu_version}_$(go env GOVERSION)"
if [ ! -x "$out/provider-simple-v6" ]; then
  mkdir -p "$out"
  echo "bench: building OpenTofu's provider-simple-v6 ($tofu_version) into $out (about a minute the first time)" >&2
  (cd "$mod" && go build -trimpath -ldflags "-s -w" -o "$out/provider-simple-v6.tmp" github.com/opentofu/opentofu/internal/provider-simple-v6/main)
  mv "$out/provider-simple-v6.tmp" "$out/provider-simple-v6"
fi
echo "$out/provider-simple-v6"
