#!/usr/bin/env bash
# Decides, per engine, which `pulumi` and which `tofu` the demo, the test tiers and the Makefile run: the one on
# PATH when its version is supported, else the one build.sh builds from Go modules. The one place that decides.
#
#   pulumi  first `pulumi` on PATH, if it reports >= v3.68.0 and a `pulumi-language-nodejs` sits beside it (after
#           resolving symlinks) or on PATH; else built (v3.259.0 with its language hosts)
#   tofu    first `tofu` on PATH, if `tofu version -json` reports >= 1.6.0; else built (v1.12.6)
#           (`terraform` never stands in for `tofu`: the OpenTofu tier runs a `terraform` on PATH in addition)
#   terraform  (--terraform only) first `terraform` on PATH, if it reports >= 1.14.0 (list resources and
#           actions need 1.14); else built by build-terraform.sh (v1.16.4). Never a stand-in for tofu.
#   ENGINES=build builds both whatever PATH holds; ENGINES=auto (the default) is the rule above.
#
# Usage: tools/engines/resolve.sh [--dry-run] [--quiet] [--only pulumi|tofu] [--path | --env]
#   (default)  build what must be built (build.sh --only <engine>), then print one line per engine on stdout:
#              <engine> TAB <source: path|build> TAB <version> TAB <directory holding the binary>
#   --dry-run  never build; the lines name the folder build.sh would build into (which may not exist yet)
#   --path     print only the directories, joined with ':' (for PATH=...:$PATH)
#   --env      print `export ...` lines for eval: PATH and the settings the engines need offline
#   --quiet    no "engines: ..." lines on stderr
#   --only E   decide (and build) only engine E, pulumi or tofu; print only its line (make demo ENGINE=tofu)
#   --terraform  decide (and build, unless --dry-run) Terraform only; print its line as above
# stderr gets one line per engine saying what was chosen and why, e.g. "engines: pulumi v3.190.0 from PATH (...)".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PULUMI_MIN=3.68.0
TOFU_MIN=1.6.0
TERRAFORM_MIN=1.14.0

dry=""; quiet=""; format=lines
all=(pulumi tofu)
usage="usage: $0 [--dry-run] [--quiet] [--only pulumi|tofu] [--path | --env | --terraform]"
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1 ;;
    --quiet|-q) quiet=1 ;;
    --path) format=path ;;
    --env) format=env ;;
    --terraform) format=terraform ;;
    --only)
      case "${2:-}" in pulumi|tofu) all=("$2"); shift ;; *) echo "$usage" >&2; exit 2 ;; esac ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
[ ${#all[@]} -eq 2 ] || [ "$format" = lines ] || { echo "resolve.sh: --only prints lines only" >&2; exit 2; }
policy="${ENGINES:-auto}"
case "$policy" in auto|build) ;; *) echo "engines: error: ENGINES=$policy (expected auto or build)" >&2; exit 2 ;; esac

say() { [ -n "$quiet" ] || printf 'engines: %s\n' "$*" >&2; }

# ver_ge A B: A >= B, both "X.Y.Z" with an optional leading v and any -pre/+build suffix ignored.
ver_ge() {
  local a="${1#v}" b="${2#v}" i x y
  a="${a%%[-+]*}"; b="${b%%[-+]*}"
  local -a pa pb
  IFS=. read -r -a pa <<<"$a"; IFS=. read -r -a pb <<<"$b"
  for i in 0 1 2; do
    x="${pa[i]:-0}"; y="${pb[i]:-0}"
    [[ "$x" =~ ^[0-9]+$ && "$y" =~ ^[0-9]+$ ]] || return 1
    if ((10#$x > 10#$y)); then return 0; fi
    if ((10#$x < 10#$y)); then return 1; fi
  done
  return 0
}

# real_dir FILE: the folder of FILE with symlinks resolved (where a distribution keeps its other binaries).
real_dir() { dirname "$(readlink -f "$1" 2>/dev/null || echo "$1")"; }

# pulumi_on_path: sets found_dir/found_version, or why_not.
pulumi_on_path() {
  local p v dir
  p="$(command -v pulumi 2>/dev/null)" || { why_not="no pulumi on PATH"; return 1; }
  v="$(PULUMI_SKIP_UPDATE_CHECK=true timeout 60 "$p" version 2>/dev/null | grep -Eo '^v?[0-9]+\.[0-9]+\.[0-9]+[^[:space:]]*' | head -n1)" || true
  [ -n "$v" ] || { why_not="$p did not report a version"; return 1; }
  ver_ge "$v" "$PULUMI_MIN" || { why_not="$p is $v, older than the supported v$PULUMI_MIN"; return 1; }
  dir="$(real_dir "$p")"
  if [ ! -x "$dir/pulumi-language-nodejs" ] && ! command -v pulumi-language-nodejs >/dev/null 2>&1; then
    why_not="$p ($v) has no pulumi-language-nodejs beside it or on PATH"; return 1
  fi
  found_dir="$dir"; found_version="${v#v}"; found_version="v$found_version"
}

# on_path_json CMD MIN WHY: the first CMD on PATH if `CMD version -json` reports >= MIN (tofu and terraform
# answer alike); sets found_dir/found_version, or why_not (WHY says what the minimum is for).
on_path_json() {
  local p v
  p="$(command -v "$1" 2>/dev/null)" || { why_not="no $1 on PATH"; return 1; }
  v="$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null timeout 60 "$p" version -json 2>/dev/null \
    | sed -n 's/.*"terraform_version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' | head -n1)" || true
  [ -n "$v" ] || { why_not="$p did not report a version ($1 version -json)"; return 1; }
  ver_ge "$v" "$2" || { why_not="$p is v${v#v}, older than $3"; return 1; }
  found_dir="$(real_dir "$p")"; found_version="v${v#v}"
}

tofu_on_path() { on_path_json tofu "$TOFU_MIN" "the supported v$TOFU_MIN"; }

built_version() { # the pinned version build.sh builds, read from its wrapper go.mod
  case "$1" in
    pulumi) awk '$1=="require" && $2=="github.com/pulumi/pulumi/pkg/v3" {print $3; exit} $1=="github.com/pulumi/pulumi/pkg/v3" {print $2; exit}' "$here/pulumi/go.mod" ;;
    tofu) awk '$1=="require" && $2=="github.com/opentofu/opentofu" {print $3; exit} $1=="github.com/opentofu/opentofu" {print $2; exit}' "$here/tofu/go.mod" ;;
  esac
}

terraform_on_path() { on_path_json terraform "$TERRAFORM_MIN" "v$TERRAFORM_MIN (list resources and actions)"; }

if [ "$format" = terraform ]; then
  found_dir=""; found_version=""; why_not="ENGINES=build"
  if [ "$policy" != build ] && terraform_on_path; then
    say "terraform $found_version from PATH ($found_dir)"
    printf 'terraform\tpath\t%s\t%s\n' "$found_version" "$found_dir"
    exit 0
  fi
  tf_version="$(sed -n 's/^TF_VERSION=\(v[^[:space:]]*\).*/\1/p' "$here/build-terraform.sh" | head -n1)"
  if [ -n "$dry" ]; then tf_dir="$("$here/build-terraform.sh" --print-bin)"; else tf_dir="$("$here/build-terraform.sh" | tail -n1)"; fi
  say "terraform $tf_version built: $why_not ($tf_dir)"
  printf 'terraform\tbuild\t%s\t%s\n' "$tf_version" "$tf_dir"
  exit 0
fi

declare -A src ver dir reason
for e in "${all[@]}"; do
  found_dir=""; found_version=""; why_not=""
  if [ "$policy" = build ]; then
    why_not="ENGINES=build"
  elif "${e}_on_path"; then
    src[$e]=path; ver[$e]="$found_version"; dir[$e]="$found_dir"
    say "$e $found_version from PATH ($found_dir)"
    continue
  fi
  src[$e]=build; ver[$e]="$(built_version "$e")"; reason[$e]="$why_not"
done

to_build=()
for e in "${all[@]}"; do [ "${src[$e]}" = build ] && to_build+=("$e"); done
if [ ${#to_build[@]} -gt 0 ]; then
  if [ -n "$dry" ]; then
    built_dir="$("$here/build.sh" --print-bin)"
  else
    # One build.sh run for whatever is missing (its progress goes to stderr; its last stdout line is the bin folder).
    only=(); [ ${#to_build[@]} -eq 1 ] && only=(--only "${to_build[0]}")
    built_dir="$("$here/build.sh" "${only[@]}" | tail -n1)"
  fi
  for e in "${to_build[@]}"; do
    dir[$e]="$built_dir"
    if [ -x "$built_dir/$e" ]; then state=built; else state="not built yet (make engines builds it)"; fi
    say "$e ${ver[$e]} $state: ${reason[$e]} ($built_dir)"
  done
fi

case "$format" in
  lines)
    for e in "${all[@]}"; do printf '%s\t%s\t%s\t%s\n' "$e" "${src[$e]}" "${ver[$e]}" "${dir[$e]}"; done
    ;;
  path)
    if [ "${dir[pulumi]}" = "${dir[tofu]}" ]; then echo "${dir[pulumi]}"; else echo "${dir[pulumi]}:${dir[tofu]}"; fi
    ;;
  env)
    p="${dir[pulumi]}"; [ "${dir[tofu]}" = "$p" ] || p="$p:${dir[tofu]}"
    cat <<EOF
export PATH="$p:\$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export CHECKPOINT_DISABLE=1
EOF
    ;;
esac
