#!/usr/bin/env bash
# Builds temporal-tls-server (scripts/provision/temporal-tls-server/main.go): the Temporal server of the pinned CLI,
# in one process on in-memory SQLite, with a frontend that requires mutual TLS. `temporal server start-dev` has no
# TLS flags, and test/temporal/connect.test.ts needs a real Temporal frontend behind TLS. Tests only.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
OUT="$TOOLS/temporal-tls-server-$VERSION/temporal-tls-server"
provision_cached "$OUT"
provision_require go "Go is required to build temporal-tls-server (apt-get install golang or https://go.dev)"
WORK="$TOOLS/temporal-tls-build-$VERSION"
mkdir -p "$WORK"
cp "$ROOT/scripts/provision/temporal-tls-server/main.go" "$WORK/main.go"
# The same server module versions as the CLI build (scripts/provision/temporal-cli.sh), from the Go module proxy.
provision_go_build "$VERSION" "$WORK" adpilot.local/temporal-tls-build "$OUT" .
