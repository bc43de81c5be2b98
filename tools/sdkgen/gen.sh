#!/usr/bin/env bash
# Regenerates the Node.js, Python and Go SDKs of the native provider (package `ddm`) from its schema:
#
#   tools/sdkgen/gen.sh [OUT]     OUT/nodejs, OUT/python, OUT/go (default: sdks/ of the repository)
#
# sdkgen (main.go) is built from Go modules pinned by the go.sum beside this script into a cache
# directory outside the repository, keyed by the hash of its sources and go.sum, so a second run
# only generates (about a second).
#
#   PULUMI_DDM_CACHE   cache root (default: $XDG_CACHE_HOME/pulumi-ddm, else ~/.cache/pulumi-ddm)
#   DDM_SCHEMA         the schema to read (default: plugin/schema.json of the repository)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/sdks}"
schema="${DDM_SCHEMA:-$root/plugin/schema.json}"

command -v go >/dev/null || { echo "gen.sh: Go is not installed; it builds the SDK generator" >&2; exit 1; }
[ -f "$schema" ] || { echo "gen.sh: no schema at $schema" >&2; exit 1; }

key="$(cd "$here" && cat go.mod go.sum ./*.go | sha256sum | cut -c1-16)"
cache="${PULUMI_DDM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-ddm}"
bin="$cache/sdkgen-$key/sdkgen"

if [ ! -x "$bin" ]; then
  mkdir -p "$cache"
  staging="$(mktemp -d "$cache/sdkgen.staging.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  started=$SECONDS
  # The flags of tools/pulumi-cli/build.sh: the CLI compiles these code generators too, so after it
  # this build mostly links.
  (cd "$here" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -tags osusergo,grpcnotrace -o "$staging/sdkgen" .)
  rm -rf "$(dirname "$bin")" && mv "$staging" "$(dirname "$bin")"
  trap - EXIT
  echo "gen.sh: built sdkgen in $((SECONDS - started)) s" >&2
fi

"$bin" -schema "$schema" -out "$out"
echo "gen.sh: wrote $out/nodejs, $out/python and $out/go from $schema" >&2
