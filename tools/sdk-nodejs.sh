#!/usr/bin/env bash
# The Node.js SDK (sdk/nodejs): generated from schema/schema.json by tools/codegen's sdkgen (Pulumi's own
# generator), compiled with the repository's TypeScript into sdk/nodejs/bin, the folder that is the npm package
# (package.json, README.md and LICENSE are copied in, as Pulumi's providers do).
#   tools/sdk-nodejs.sh gen     regenerate the sources (bin/ and node_modules/ are left alone)
#   tools/sdk-nodejs.sh check   fail when the committed sources differ from what the schema generates
#   tools/sdk-nodejs.sh build   compile into sdk/nodejs/bin
# SDKGEN names the sdkgen binary (default .cache/sdkgen; `make gen_nodejs_sdk` builds it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sdk=sdk/nodejs
sdkgen="${SDKGEN:-.cache/sdkgen}"

generate_into() { # generate_into <dir>: a fresh generation of the SDK sources in <dir>
  [ -x "$sdkgen" ] || { echo "sdk-nodejs: $sdkgen is missing; build it with 'make gen_nodejs_sdk'" >&2; exit 1; }
  "$sdkgen" -schema schema/schema.json -language nodejs -out "$1" >/dev/null
}

case "${1:-}" in
  gen)
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/sdk-nodejs.XXXXXX")"; trap 'rm -rf "$tmp"' EXIT
    generate_into "$tmp/out"
    mkdir -p "$sdk"
    find "$sdk" -mindepth 1 -maxdepth 1 ! -name bin ! -name node_modules -exec rm -rf {} +
    cp -R "$tmp/out/." "$sdk/"
    echo "sdk-nodejs: regenerated $sdk from schema/schema.json ($(find "$tmp/out" -type f | wc -l) files)"
    ;;
  check)
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/sdk-nodejs.XXXXXX")"; trap 'rm -rf "$tmp"' EXIT
    generate_into "$tmp/out"
    if ! diff -r -q -x bin -x node_modules "$tmp/out" "$sdk" >"$tmp/diff" 2>&1; then
      sed 's/^/  /' "$tmp/diff" >&2
      echo "sdk-nodejs: $sdk drifted from schema/schema.json; run 'make gen_nodejs_sdk' and commit the result" >&2
      exit 1
    fi
    echo "sdk-nodejs: $sdk is up to date"
    ;;
  build)
    rm -rf "$sdk/bin"
    tsc -p "$sdk"
    cp "$sdk/package.json" "$sdk/README.md" LICENSE "$sdk/bin/"
    echo "sdk-nodejs: built $sdk/bin ($(node -p "require('./$sdk/package.json').name + '@' + require('./$sdk/package.json').version"))"
    ;;
  *)
    echo "usage: tools/sdk-nodejs.sh gen|check|build" >&2; exit 2 ;;
esac
