#!/usr/bin/env bash
# Builds Pulumi's YAML language host (pulumi-language-yaml), which runs the native provider's YAML
# programs, from the Go module proxy at the pinned version into a cache directory outside the
# repository. Does nothing when it is already there. Prints the directory holding it.
#
#   PULUMI_DDM_CACHE   cache root (default: $XDG_CACHE_HOME/pulumi-ddm, else ~/.cache/pulumi-ddm)
set -euo pipefail
version=v1.25.0   # tests/engine/pulumi-cli.ts reads it from this line
cache="${PULUMI_DDM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-ddm}"
bin="$cache/pulumi-language-yaml-$version/bin"

if [ -x "$bin/pulumi-language-yaml" ]; then
  echo "$bin"
  exit 0
fi
command -v go >/dev/null || { echo "build.sh: Go is not installed; the YAML program tests will skip" >&2; exit 1; }

staging="$(mktemp -d "$cache.staging.XXXXXX" 2>/dev/null || { mkdir -p "$cache" && mktemp -d "$cache.staging.XXXXXX"; })"
trap 'rm -rf "$staging"' EXIT
started=$SECONDS
# As Pulumi's release builds: no symbol table or DWARF, which shortens the link.
CGO_ENABLED=0 GOBIN="$staging" go install -trimpath -ldflags "-w -s" "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$version"
mkdir -p "$(dirname "$bin")"
rm -rf "$bin" && mv "$staging" "$bin"
trap - EXIT
echo "build.sh: built pulumi-language-yaml $version in $((SECONDS - started)) s" >&2
echo "$bin"
