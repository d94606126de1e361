#!/usr/bin/env bash
# Runs every benchmark script in bench/ (or the ones named) and prints their figures. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -gt 0 ]]; then files=("$@"); else mapfile -t files < <(ls bench/*.ts | grep -v -e '/support.ts$' -e '-process.ts$'); fi
for f in "${files[@]}"; do
  echo "== $f"
  node "$f"
done
