#!/usr/bin/env bash
# Builds temporal-server (go.temporal.io/server/cmd/server) and temporal-sql-tool (cmd/tools/sql) of the pinned
# Temporal CLI's server version, from the Go module proxy, into .tools/. bench/chaos.ts runs them against
# PostgreSQL, the persistence a team deploys (start-dev only has SQLite). Prints the two binary paths.
set -euo pipefail
VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOLS="$ROOT/.tools"
DIR="$TOOLS/temporal-server-$VERSION"
if [[ -x "$DIR/temporal-server" && -x "$DIR/temporal-sql-tool" ]]; then
  echo "$DIR/temporal-server"
  echo "$DIR/temporal-sql-tool"
  exit 0
fi
command -v go >/dev/null || { echo "provision: Go is required to build temporal-server (apt-get install golang or https://go.dev)" >&2; exit 1; }
WORK="$TOOLS/temporal-server-build-$VERSION"
mkdir -p "$WORK" "$DIR"
cd "$WORK"
[[ -f go.mod ]] || go mod init adpilot.local/temporal-server-build >/dev/null 2>&1
# The CLI pins the server module (and its dependency versions); requiring the CLI keeps both builds identical.
GOFLAGS=-mod=mod go get "github.com/temporalio/cli@$VERSION" >&2
GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$DIR/temporal-server.tmp" go.temporal.io/server/cmd/server >&2
GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$DIR/temporal-sql-tool.tmp" go.temporal.io/server/cmd/tools/sql >&2
mv "$DIR/temporal-server.tmp" "$DIR/temporal-server"
mv "$DIR/temporal-sql-tool.tmp" "$DIR/temporal-sql-tool"
echo "$DIR/temporal-server"
echo "$DIR/temporal-sql-tool"
