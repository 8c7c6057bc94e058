#!/usr/bin/env bash
# `berth client`'s command line: what it refuses (exit 2, one line naming the problem) and that
# it writes only DIR/berth-client.ts.
set -euo pipefail
: "${BERTH_BINARY:?run through ctest}" "${BERTH_SOURCE_DIR:?}"
work=$(mktemp -d /tmp/berth-client-cli.XXXXXX)
trap 'rm -rf "$work"' EXIT
fixture=$BERTH_SOURCE_DIR/tests/client/fixtures/openapi.json

refused() {  # refused "<expected stderr text>" args...
  local want=$1 code=0
  shift
  "$BERTH_BINARY" client "$@" >"$work/out" 2>"$work/err" || code=$?
  [[ $code == 2 ]] || { echo "FAIL: exit $code for: $*"; cat "$work/err"; exit 1; }
  grep -qF -- "$want" "$work/err" || { echo "FAIL: '$want' not in: $(cat "$work/err")"; exit 1; }
  echo "refused ($*): $(head -1 "$work/err")"
}
refused "give exactly one of --config F or --openapi FILE" --out "$work/a"
refused "unknown --lang 'go'" --lang go --out "$work/a" --openapi "$fixture"
refused "cannot read $work/missing.json" --out "$work/a" --openapi "$work/missing.json"
echo '{"openapi": ' >"$work/broken.json"
refused "$work/broken.json: not valid JSON" --out "$work/a" --openapi "$work/broken.json"
echo '{"swagger": "2.0"}' >"$work/v2.json"
refused "not an OpenAPI 3 document" --out "$work/a" --openapi "$work/v2.json"
[[ ! -e $work/a ]] || { echo "FAIL: a refused run created $work/a"; exit 1; }

"$BERTH_BINARY" client --out "$work/new/dir" --openapi "$fixture" >"$work/out"
[[ $(cat "$work/out") == "$work/new/dir/berth-client.ts" ]] || { echo "FAIL: printed $(cat "$work/out")"; exit 1; }
[[ $(ls -A "$work/new/dir") == berth-client.ts ]] || { echo "FAIL: left $(ls -A "$work/new/dir")"; exit 1; }
echo "wrote only berth-client.ts, creating the folder"
