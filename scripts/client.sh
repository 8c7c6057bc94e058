#!/usr/bin/env bash
# Generates the shipped UI's client: OUT/berth-client.ts from berth's OpenAPI document of
# config/berth.yaml, and OUT/berth-client.js, the ES module tsc compiles from it (what
# ui/index.html loads). `make client` runs it with OUT=ui; tests/client/ui_fresh_test.sh runs it
# into a temp folder and compares.
#   scripts/client.sh BERTH_BINARY OUT
set -euo pipefail
berth=$(realpath "$1")
out=$(realpath -m "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"   # relative paths: the generated header names its source the same on every machine
. tests/client/lib.sh
require_tsc
mkdir -p "$out"
"$berth" client --lang ts --out "$out" --config config/berth.yaml >/dev/null
compile_client "$out/berth-client.ts" "$out"
