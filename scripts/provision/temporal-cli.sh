#!/usr/bin/env bash
# Builds the Temporal CLI (dev server + Web UI) from the Go module proxy into .tools/.
# The SDK's own download of the dev server needs the internet; the Go module proxy does not.
# v1.5.1 is pinned because later versions (1.9.x) `replace` a nested module (./cliext) that the
# module proxy does not serve, so they cannot be built outside their own git checkout.
set -euo pipefail
VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOLS="$ROOT/.tools"
OUT="$TOOLS/temporal-$VERSION/temporal"
if [[ -x "$OUT" ]]; then echo "$OUT"; exit 0; fi
command -v go >/dev/null || { echo "provision: Go is required to build the Temporal CLI (apt-get install golang or https://go.dev)" >&2; exit 1; }
WORK="$TOOLS/temporal-build-$VERSION"
mkdir -p "$WORK" "$(dirname "$OUT")"
cd "$WORK"
[[ -f go.mod ]] || go mod init adpilot.local/temporal-build >/dev/null 2>&1
GOFLAGS=-mod=mod go get "github.com/temporalio/cli@$VERSION" >&2
GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$OUT.tmp" github.com/temporalio/cli/cmd/temporal >&2
mv "$OUT.tmp" "$OUT"
echo "$OUT"
