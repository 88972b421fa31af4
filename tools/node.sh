#!/usr/bin/env bash
# Prints a directory holding the `node` and `npm` this project runs on, bootstrapping them first if needed.
#  - node: Node 24 LTS. A machine node of that major is used as it is; anything else (older, newer or absent)
#    gets the pinned Node unpacked from the npm registry's `node-<os>-<arch>` package (what the `node` package
#    itself installs).
#  - npm: pinned too (the npm that ships with Node 24), so the lockfile is read and written the same way
#    everywhere; it is fetched with whatever npm the machine has.
# Everything lands in the git-ignored .cache/ folder. Progress goes to stderr only.
set -euo pipefail
NODE_VERSION="${OPENAI_IAC_NODE_VERSION:-24.21.0}"
NPM_VERSION="11.6.2"
want_major="${NODE_VERSION%%.*}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.cache"
bin="$cache/bin-node$want_major-npm$NPM_VERSION"

fetch_pkg() { # fetch_pkg <package@version> <dest>: unpacks an npm package tarball into dest
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$1" >/dev/null)
  mkdir -p "$tmp/x" && tar xzf "$tmp"/*.tgz -C "$tmp/x"
  rm -rf "$2" && mkdir -p "$(dirname "$2")" && mv "$tmp/x/package" "$2" && rm -rf "$tmp"
}

if [ -x "$bin/node" ] && [ -x "$bin/npm" ] && "$bin/node" -e 0 2>/dev/null; then echo "$bin"; exit 0; fi
command -v npm >/dev/null 2>&1 || { echo "tools/node.sh: need an npm (any version) to fetch Node $NODE_VERSION" >&2; exit 1; }

node_path=""
if [ -z "${OPENAI_IAC_FORCE_NODE_BOOTSTRAP:-}" ] && command -v node >/dev/null 2>&1 \
   && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" = "$want_major" ]; then
  node_path="$(command -v node)"
else
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "tools/node.sh: unsupported OS $(uname -s)" >&2; exit 1 ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) echo "tools/node.sh: unsupported CPU $(uname -m)" >&2; exit 1 ;; esac
  dest="$cache/node-v$NODE_VERSION-$os-$arch"
  if [ ! -x "$dest/bin/node" ]; then
    echo "tools/node.sh: bootstrapping Node $NODE_VERSION ($os-$arch) from the npm registry into .cache/ ..." >&2
    fetch_pkg "node-$os-$arch@$NODE_VERSION" "$dest"
  fi
  node_path="$dest/bin/node"
fi
npm_dir="$cache/npm-$NPM_VERSION"
if [ ! -f "$npm_dir/bin/npm-cli.js" ]; then
  echo "tools/node.sh: fetching npm $NPM_VERSION into .cache/ ..." >&2
  fetch_pkg "npm@$NPM_VERSION" "$npm_dir"
fi
mkdir -p "$bin"
ln -sf "$node_path" "$bin/node"
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$bin/node" "$npm_dir/bin/npm-cli.js" > "$bin/npm"
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$bin/node" "$npm_dir/bin/npx-cli.js" > "$bin/npx"
chmod +x "$bin/npm" "$bin/npx"
"$bin/node" -e 0
echo "$bin"
