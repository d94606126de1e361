#!/usr/bin/env bash
# Builds the Temporal CLI (dev server + Web UI) from the Go module proxy into .tools/.
# The SDK's own download of the dev server needs the internet; the Go module proxy does not.
# v1.5.1 is pinned because later versions (1.9.x) `replace` a nested module (./cliext) that the
# module proxy does not serve, so they cannot be built outside their own git checkout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
OUT="$TOOLS/temporal-$VERSION/temporal"
provision_cached "$OUT"
provision_require go "Go is required to build the Temporal CLI (apt-get install golang or https://go.dev)"
provision_go_build "$VERSION" "$TOOLS/temporal-build-$VERSION" adpilot.local/temporal-build "$OUT" \
  github.com/temporalio/cli/cmd/temporal
