#!/usr/bin/env bash
# Builds Terraform (BUSL-1.1) from the Go module proxy into <repo>/.cache/engines/terraform-<version>_<go>_<digest>/bin,
# the digest over this script and `go version`. Its own script and cache key, so adding it changed neither build.sh
# nor the pulumi/tofu key. No Terraform source is committed here: this script only drives `go`.
#
# Terraform cannot be built as a dependency: its go.mod replaces ten nested modules (nine remote-state backends and
# internal/legacy) by local folders, and module zips never hold nested modules. So: download the module (its Sum is
# checked against TF_SUM below), copy it to a writable folder, drop the nine remote-state backends from
# internal/backend/init/init.go (the only code importing them; local/http/inmem/remote/cloud backends stay), drop
# the ten requires/replaces from go.mod, and build with -mod=mod.
#
# Usage: tools/engines/build-terraform.sh [--force | --print-bin]   (last stdout line: the bin folder)
# Env: ENGINES_CACHE_DIR (default <repo>/.cache/engines), ENGINES_PROGRESS_SECONDS (30), GOMODCACHE/GOCACHE/GOPROXY.
set -euo pipefail

TF_VERSION=v1.16.4
TF_SUM="h1:0yyJB6OufO0kqoNg95TGhf+41NsG77th1DPSnKBD878="
TF_MOD=github.com/hashicorp/terraform

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${ENGINES_CACHE_DIR:-$root/.cache/engines}"
mode=build
for a in "$@"; do case "$a" in --force|--print-bin) mode="$a" ;; *) echo "usage: $0 [--force|--print-bin]" >&2; exit 2 ;; esac; done
log() { printf 'engines: %s\n' "$*" >&2; }
command -v go >/dev/null 2>&1 || { log "error: no 'go' on PATH (need Go >= 1.26)"; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOWORK=off GOFLAGS=

goversion="$(go env GOVERSION)"
digest="$( { go version; cat "$here/build-terraform.sh"; } | sha256sum | cut -c1-12)"
key="terraform-${TF_VERSION}_${goversion}_${digest}"
out="$cache/$key"; bin="$out/bin"
if [ "$mode" = --print-bin ]; then echo "$bin"; exit 0; fi
seconds() { local n="$1"; if [ "$n" -lt 60 ]; then echo "$n s"; elif [ $((n % 60)) -eq 0 ]; then echo "$((n / 60)) min"; else echo "$((n / 60)) min $((n % 60)) s"; fi; }

mkdir -p "$cache"
exec 9>"$cache/.lock-terraform"
if command -v flock >/dev/null 2>&1; then flock 9; fi

if [ "$mode" != --force ] && [ -f "$out/.complete-terraform" ] && [ -x "$bin/terraform" ]; then
  log "up to date (terraform $TF_VERSION, $goversion) in $bin"; echo "$bin"; exit 0
fi
start=$(date +%s)
mkdir -p "$out"; buildlog="$out/build.log"; : >"$buildlog"; rm -f "$out/.complete-terraform"
log "building terraform (terraform $TF_VERSION, $goversion)"
log "into $bin; go's output in $buildlog"
fail() { log "error: $1; the end of $buildlog:"; tail -n 40 "$buildlog" | sed 's/^/  | /' >&2; log "full output: $buildlog"; exit 1; }

json="$( (cd "$cache" && go mod download -json "$TF_MOD@$TF_VERSION") 2>>"$buildlog")" || { echo "$json" >>"$buildlog"; fail "go mod download $TF_MOD@$TF_VERSION failed"; }
sum="$(sed -n 's/^[[:space:]]*"Sum": "\(.*\)",*$/\1/p' <<<"$json")"
moddir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p' <<<"$json")"
[ "$sum" = "$TF_SUM" ] || fail "$TF_MOD@$TF_VERSION has Sum '$sum', this script pins '$TF_SUM'"
[ -d "$moddir" ] || fail "go mod download gave no Dir"

src="$out/src"
rm -rf "$src"; cp -r "$moddir" "$src"; chmod -R u+w "$src"
drop='azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3'
sed -E -i '/[[:space:]]backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)[[:space:]."]/d' "$src/internal/backend/init/init.go"
if grep -Eq "remote-state/($drop)\"" "$src/internal/backend/init/init.go"; then fail "init.go still imports a dropped backend"; fi
edits=()
for m in azure consul cos gcs kubernetes oci oss pg s3; do
  edits+=("-droprequire=$TF_MOD/internal/backend/remote-state/$m" "-dropreplace=$TF_MOD/internal/backend/remote-state/$m")
done
edits+=("-droprequire=$TF_MOD/internal/legacy" "-dropreplace=$TF_MOD/internal/legacy")
(cd "$src" && go mod edit "${edits[@]}") >>"$buildlog" 2>&1 || fail "go mod edit failed"

tmp="$out/bin.tmp-terraform"; rm -rf "$tmp"; mkdir -p "$tmp"
t0=$(date +%s); every="${ENGINES_PROGRESS_SECONDS:-30}"; next=$every
printf '== %s: go build terraform\n' "$(date -u +%H:%M:%S)" >>"$buildlog"
# version.dev=no: it reports v1.16.4 (not 1.16.4-dev), as release builds do.
(cd "$src" && exec go build -mod=mod -trimpath -ldflags "-s -w -X $TF_MOD/version.dev=no" -o "$tmp/terraform" .) >>"$buildlog" 2>&1 &
gopid=$!
trap 'kill "$gopid" 2>/dev/null; true' EXIT
while kill -0 "$gopid" 2>/dev/null; do
  sleep 1; n=$(( $(date +%s) - t0 ))
  if [ "$n" -ge "$next" ] && kill -0 "$gopid" 2>/dev/null; then log "still compiling terraform, $(seconds "$n") so far"; next=$((next + every)); fi
done
wait "$gopid" || fail "go build terraform failed after $(seconds $(( $(date +%s) - t0 )))"
trap - EXIT
log "built terraform in $(seconds $(( $(date +%s) - t0 ))) ($(du -h "$tmp/terraform" | cut -f1))"
mkdir -p "$bin"; mv -f "$tmp/terraform" "$bin/terraform"; rmdir "$tmp"; rm -rf "$src"
echo "terraform=$TF_VERSION go=$goversion built=$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$out/versions.txt"
touch "$out/.complete-terraform"
log "done in $(seconds $(( $(date +%s) - start ))): $bin"
if [ -z "${ENGINES_KEEP_OLD:-}" ]; then
  for old in "$cache"/terraform-*; do [ -d "$old" ] && [ "$old" != "$out" ] && { log "removing stale build $(basename "$old")"; rm -rf "$old"; }; done
fi
echo "$bin"
