#!/usr/bin/env bash
# Vets and builds the Go program beside this script with the generated Go SDK (sdks/go, through
# go.mod's replace directive), pinned by go.sum, into a cache directory outside the repository
# keyed by the hash of the Go toolchain, this module and every file of the SDK: a second run with
# nothing changed builds nothing. Prints the program's path. go.mod requires the modules the CLI's
# build compiles at the versions of tools/pulumi-cli/cli/go.mod (tests/sdks/go.test.ts checks), so
# that a first build reuses them.
#
#   PULUMI_DDM_CACHE   cache root (default: $XDG_CACHE_HOME/pulumi-ddm, else ~/.cache/pulumi-ddm)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sdk="$(cd "$here/../../../sdks/go" && pwd)"

command -v go >/dev/null || { echo "build.sh: Go is not installed" >&2; exit 1; }
key="$( { go version; cd "$here" && cat go.mod go.sum ./*.go; cd "$sdk" && find . -type f | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -c1-16)"
cache="${PULUMI_DDM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-ddm}"
bin="$cache/sdk-go-program-$key/go-program"

if [ ! -x "$bin" ]; then
  mkdir -p "$cache"
  staging="$(mktemp -d "$cache/sdk-go-program.staging.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  started=$SECONDS
  # The flags of tools/pulumi-cli/build.sh, so that vet and build share what the CLI's build compiled.
  export CGO_ENABLED=0 GOFLAGS=-mod=readonly
  flags=(-trimpath -tags osusergo,grpcnotrace)
  (cd "$here" && go vet "${flags[@]}" . "$(cd "$sdk" && go list -m)/...")
  # No symbol table or DWARF, as the CLI's: a shorter link.
  (cd "$here" && go build "${flags[@]}" -ldflags "-w -s" -o "$staging/go-program" .)
  rm -rf "$(dirname "$bin")" && mv "$staging" "$(dirname "$bin")"
  trap - EXIT
  echo "build.sh: vetted and built the Go SDK and program in $((SECONDS - started)) s" >&2
fi
echo "$bin"
