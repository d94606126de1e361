#!/usr/bin/env bash
# Runs every benchmark script in bench/ (or the ones named) and prints their figures. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# `chaos` (bench/chaos.ts, minutes long, with its own servers) runs only when named: ./adpilot bench chaos [--short].
if [[ "${1:-}" == chaos || "${1:-}" == bench/chaos.ts ]]; then shift; exec node bench/chaos.ts "$@"; fi
if [[ $# -gt 0 ]]; then files=("$@"); else mapfile -t files < <(ls bench/*.ts | grep -v -e '/support.ts$' -e '-process.ts$' -e '/chaos.ts$'); fi
for f in "${files[@]}"; do
  echo "== $f"
  node "$f"
done
