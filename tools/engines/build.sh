#!/usr/bin/env bash
# Builds the real IaC engines from the Go module proxy, pinned by the wrapper modules beside this script:
#   pulumi/                  -> pulumi                  (engine/CLI, github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
#   pulumi-language-nodejs/  -> pulumi-language-nodejs  (Node.js language host)
#   pulumi-language-python/  -> pulumi-language-python  (Python language host) + pulumi-language-python-exec shim
#   tofu/                    -> tofu                    (OpenTofu CLI, github.com/opentofu/opentofu/cmd/tofu)
# into <repo>/.cache/engines/<key>/bin, <key> derived from the pinned versions, the go.mod/go.sum files, this
# script and `go version`. An existing complete build is reused. Progress goes to stderr; the last stdout line
# is the bin folder.
#
# Usage: tools/engines/build.sh [--force | --print-bin | --env] [--only pulumi|tofu]
#   --force      rebuild even when the key's bin folder is complete
#   --print-bin  only print the bin folder for the current key (no build, nothing checked)
#   --env        build if needed, then print `export ...` lines for eval (PATH and the PULUMI_* settings)
#   --only E     build (or check) one engine only: `pulumi` (with its language hosts) or `tofu`; resolve.sh uses
#                it when the other engine comes from PATH
# go's own output (module downloads, compiler messages) goes to <key>/build.log; stderr gets one line per binary
# with its time, a progress line every ENGINES_PROGRESS_SECONDS (30) while one compiles, and on failure the log's
# tail and path.
# Env: ENGINES_CACHE_DIR (default <repo>/.cache/engines), ENGINES_KEEP_OLD=1 keeps other keys' folders,
#      GOCACHE / GOMODCACHE / GOFLAGS / GOPROXY are honoured as usual.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${ENGINES_CACHE_DIR:-$root/.cache/engines}"
usage() { echo "usage: $0 [--force|--print-bin|--env] [--only pulumi|tofu]" >&2; exit 2; }
mode=build
groups=(pulumi tofu)
while [ $# -gt 0 ]; do
  case "$1" in
    --force|--print-bin|--env) mode="$1" ;;
    --only) [ $# -ge 2 ] || usage; case "$2" in pulumi|tofu) groups=("$2") ;; *) usage ;; esac; shift ;;
    *) usage ;;
  esac
  shift
done

log() { printf 'engines: %s\n' "$*" >&2; }

command -v go >/dev/null 2>&1 || { log "error: no 'go' on PATH (need Go >= 1.26)"; exit 1; }
# Never let a go/toolchain line download another Go: build with the one installed.
export GOTOOLCHAIN=local
# Release builds of these tools are static, pure-Go binaries.
export CGO_ENABLED=0
# Each wrapper module stands alone (they pin different sdk/v3 releases): ignore any go.work above them.
export GOWORK=off

# Version of a required module, read from a wrapper go.mod (no network).
modver() { awk -v m="$2" '$1==m && $2 ~ /^v/ {print $2; exit} $1=="require" && $2==m {print $3; exit}' "$here/$1/go.mod"; }
PULUMI_VERSION="$(modver pulumi github.com/pulumi/pulumi/pkg/v3)"
PULUMI_SDK_VERSION="$(modver pulumi github.com/pulumi/pulumi/sdk/v3)"
NODEJS_HOST_VERSION="$(modver pulumi-language-nodejs github.com/pulumi/pulumi/sdk/v3)"
PYTHON_HOST_VERSION="$(modver pulumi-language-python github.com/pulumi/pulumi/sdk/v3)"
TOFU_VERSION="$(modver tofu github.com/opentofu/opentofu)"
for v in PULUMI_VERSION PULUMI_SDK_VERSION NODEJS_HOST_VERSION PYTHON_HOST_VERSION TOFU_VERSION; do
  [ -n "${!v}" ] || { log "error: cannot read $v from the wrapper go.mod files"; exit 1; }
done
goversion="$(go env GOVERSION)"

hash_inputs() {
  go version
  cat "$here/build.sh"
  for m in pulumi pulumi-language-nodejs pulumi-language-python tofu; do
    echo "== $m"; cat "$here/$m/go.mod" "$here/$m/go.sum"
  done
}
digest="$(hash_inputs | sha256sum | cut -c1-12)"
key="pulumi-${PULUMI_VERSION}_tofu-${TOFU_VERSION}_${goversion}_${digest}"
out="$cache/$key"
bin="$out/bin"
summary=""
for g in "${groups[@]}"; do
  case "$g" in
    pulumi) summary+="pulumi $PULUMI_VERSION (nodejs host sdk $NODEJS_HOST_VERSION, python host sdk $PYTHON_HOST_VERSION), " ;;
    tofu) summary+="tofu $TOFU_VERSION, " ;;
  esac
done
summary+="$goversion"

print_env() {
  cat <<EOF
export PATH="$bin:\$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export CHECKPOINT_DISABLE=1
EOF
}

if [ "$mode" = "--print-bin" ]; then echo "$bin"; exit 0; fi

# The binaries of each engine; <key>/.complete-<engine> marks one built completely.
group_binaries() {
  case "$1" in
    pulumi) echo pulumi pulumi-language-nodejs pulumi-language-python pulumi-language-python-exec ;;
    tofu) echo tofu ;;
  esac
}
complete() { # complete <engine>
  [ -f "$out/.complete-$1" ] || return 1
  local b; for b in $(group_binaries "$1"); do [ -x "$bin/$b" ] || return 1; done
}
seconds() { local n="$1"; if [ "$n" -lt 60 ]; then echo "$n s"; elif [ $((n % 60)) -eq 0 ]; then echo "$((n / 60)) min"; else echo "$((n / 60)) min $((n % 60)) s"; fi; }

mkdir -p "$cache"
# One builder at a time (parallel make jobs, two checkouts sharing a cache folder).
exec 9>"$cache/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

todo=()
for g in "${groups[@]}"; do
  if [ "$mode" = "--force" ] || ! complete "$g"; then todo+=("$g"); fi
done
if [ ${#todo[@]} -eq 0 ]; then
  log "up to date ($summary) in $bin"
else
  start=$(date +%s)
  buildlog="$out/build.log"
  mkdir -p "$out"; : >"$buildlog"
  log "building ${todo[*]} ($summary)"
  log "into $bin; go's output in $buildlog (GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"
  every="${ENGINES_PROGRESS_SECONDS:-30}"

  gopid=""
  trap '[ -n "$gopid" ] && kill "$gopid" 2>/dev/null; true' EXIT
  gobuild() { # gobuild <module dir> <output name> <package> <ldflags> [extra go build args...]
    local dir="$1" name="$2" pkg="$3" ldflags="$4"; shift 4
    local t0 next n; t0=$(date +%s); next=$every
    printf '== %s: go build %s (%s)\n' "$(date -u +%H:%M:%S)" "$name" "$pkg" >>"$buildlog"
    (cd "$here/$dir" && exec go build -trimpath -ldflags "-s -w $ldflags" "$@" -o "$tmp/$name" "$pkg") >>"$buildlog" 2>&1 &
    gopid=$!
    while kill -0 "$gopid" 2>/dev/null; do
      sleep 1
      n=$(( $(date +%s) - t0 ))
      if [ "$n" -ge "$next" ] && kill -0 "$gopid" 2>/dev/null; then
        log "still compiling $name, $(seconds "$n") so far"
        next=$(( next + every ))
      fi
    done
    if ! wait "$gopid"; then
      gopid=""
      log "error: go build $name failed after $(seconds $(( $(date +%s) - t0 ))); the end of $buildlog:"
      tail -n 40 "$buildlog" | sed 's/^/  | /' >&2
      log "full output: $buildlog"
      exit 1
    fi
    gopid=""
    log "built $name in $(seconds $(( $(date +%s) - t0 ))) ($(du -h "$tmp/$name" | cut -f1))"
  }
  vpkg=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version
  mkdir -p "$bin"
  for g in "${todo[@]}"; do
    tmp="$out/bin.tmp-$g"
    rm -rf "$tmp" "$out/.complete-$g"; mkdir -p "$tmp"
    case "$g" in
      pulumi)
        # Flags and tags as in Pulumi's own release build (.goreleaser.yml): osusergo, grpcnotrace.
        gobuild pulumi pulumi github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "-X $vpkg=$PULUMI_VERSION" -tags osusergo,grpcnotrace
        gobuild pulumi-language-nodejs pulumi-language-nodejs github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
          "-X $vpkg=$NODEJS_HOST_VERSION" -tags osusergo
        gobuild pulumi-language-python pulumi-language-python github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
          "-X $vpkg=$PYTHON_HOST_VERSION" -tags osusergo
        # The Python host runs programs through the `pulumi-language-python-exec` shim found next to its binary. Take
        # the shim of the engine's sdk/v3 release (it matches the current `pulumi` PyPI package and accepts the old
        # host's arguments); it is installed into the git-ignored cache, never into the repository.
        sdkdir="$(cd "$here/pulumi" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
        install -m 0755 "$sdkdir/python/cmd/pulumi-language-python-exec" "$tmp/pulumi-language-python-exec"
        ;;
      tofu)
        # OpenTofu reads its version from version/VERSION; dev=no drops the "-dev" suffix as release builds do.
        gobuild tofu tofu github.com/opentofu/opentofu/cmd/tofu "-X github.com/opentofu/opentofu/version.dev=no"
        ;;
    esac
    # Each binary replaces its old copy by a rename: a build of one engine leaves the other's binaries alone.
    for b in $(group_binaries "$g"); do mv -f "$tmp/$b" "$bin/$b"; done
    rmdir "$tmp"
    touch "$out/.complete-$g"
  done
  {
    echo "pulumi=$PULUMI_VERSION"; echo "pulumi-sdk=$PULUMI_SDK_VERSION"
    echo "pulumi-language-nodejs=sdk/$NODEJS_HOST_VERSION"; echo "pulumi-language-python=sdk/$PYTHON_HOST_VERSION"
    echo "tofu=$TOFU_VERSION"; echo "go=$goversion"; echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ) (${todo[*]})"
  } > "$out/versions.txt"
  log "done in $(seconds $(( $(date +%s) - start ))): $(du -sh "$bin" | cut -f1) in $bin"

  if [ -z "${ENGINES_KEEP_OLD:-}" ]; then
    for old in "$cache"/pulumi-*_tofu-*; do
      [ -d "$old" ] && [ "$old" != "$out" ] && { log "removing stale build $(basename "$old")"; rm -rf "$old"; }
    done
  fi
fi

if [ "$mode" = "--env" ]; then print_env; else echo "$bin"; fi
