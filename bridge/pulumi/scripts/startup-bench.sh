#!/usr/bin/env bash
# Cold start of the Pulumi plugin as the engine sees it: spawn → first line of stdout (the port), against a bare
# `node` printing a line, median of N runs (milliseconds).
#   bridge/pulumi/scripts/startup-bench.sh [plugin, default bin/pulumi-resource-openai] [runs, default 10]
# Run it with Node 24 first on PATH (make puts it there; or: export PATH=$(tools/node.sh):$PATH).
set -euo pipefail
plugin="${1:-bin/pulumi-resource-openai}"
runs="${2:-10}"
[ -x "$plugin" ] || { echo "no plugin at $plugin: run make build-pulumi first" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# ms from spawning "$@" to its first line of stdout; the process is killed afterwards.
first_line_ms() {
  local fifo="$tmp/out" start end pid line
  rm -f "$fifo" && mkfifo "$fifo"
  start=$(date +%s%N)
  "$@" >"$fifo" 2>/dev/null &
  pid=$!
  read -r line <"$fifo"
  end=$(date +%s%N)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

bench() {
  local label="$1" i samples=()
  shift
  first_line_ms "$@" >/dev/null # warm the file cache
  for ((i = 0; i < runs; i++)); do samples+=("$(first_line_ms "$@")"); done
  printf '%-34s median %4s ms   (runs: %s)\n' "$label" "$(printf '%s\n' "${samples[@]}" | median)" "${samples[*]}"
}

node_bin="$(command -v node)"
echo "node: $node_bin ($("$node_bin" --version)); plugin: $plugin; $runs runs each"
bench "node -e (bare, prints a line)" "$node_bin" -e 'console.log(0)'
bench "node <bundle> (no launcher)" "$node_bin" "$plugin.js"
bench "$(basename "$plugin") (launcher)" "$plugin"
