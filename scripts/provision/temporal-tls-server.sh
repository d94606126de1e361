#!/usr/bin/env bash
# Builds temporal-tls-server (scripts/provision/temporal-tls-server/main.go): the Temporal server of the pinned CLI,
# in one process on in-memory SQLite, with a frontend that requires mutual TLS. `temporal server start-dev` has no
# TLS flags, and test/temporal/connect.test.ts needs a real Temporal frontend behind TLS. Tests only.
set -euo pipefail
VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOLS="$ROOT/.tools"
OUT="$TOOLS/temporal-tls-server-$VERSION/temporal-tls-server"
if [[ -x "$OUT" ]]; then echo "$OUT"; exit 0; fi
command -v go >/dev/null || { echo "provision: Go is required to build temporal-tls-server (apt-get install golang or https://go.dev)" >&2; exit 1; }
WORK="$TOOLS/temporal-tls-build-$VERSION"
mkdir -p "$WORK" "$(dirname "$OUT")"
cp "$ROOT/scripts/provision/temporal-tls-server/main.go" "$WORK/main.go"
cd "$WORK"
[[ -f go.mod ]] || go mod init adpilot.local/temporal-tls-build >/dev/null 2>&1
# The same server module versions as the CLI build (scripts/provision/temporal-cli.sh), from the Go module proxy.
GOFLAGS=-mod=mod go get "github.com/temporalio/cli@$VERSION" >&2
GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$OUT.tmp" . >&2
mv "$OUT.tmp" "$OUT"
echo "$OUT"
