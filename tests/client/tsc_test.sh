#!/usr/bin/env bash
# tsc --strict --noEmit on generated clients: the fixture with every construct and the shipped
# config's document, with usage_check.ts and shipped_usage_check.ts, which use each client the way
# an extension would and hold @ts-expect-error lines the types must reject.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
require_tsc
: "${BERTH_BINARY:?run through ctest}"
cd "$BERTH_SOURCE_DIR"
work=$(mktemp -d /tmp/berth-client-tsc.XXXXXX)
trap 'rm -rf "$work"' EXIT

check() {
  local name=$1
  shift
  mkdir -p "$work/$name"
  "$BERTH_BINARY" client --lang ts --out "$work/$name" "$@" >/dev/null
  "$TSC" "${TSC_FLAGS[@]}" --noEmit "$work/$name/berth-client.ts"
  echo "tsc --strict: $name ($*) ok"
}
check fixture --openapi tests/client/fixtures/openapi.json
BERTH_PLUGIN_DIR=$BERTH_BUILD_DIR/plugins check default-config --config config/berth.yaml

cp tests/client/usage_check.ts "$work/fixture/"
"$TSC" "${TSC_FLAGS[@]}" --noEmit "$work/fixture/usage_check.ts"
echo "tsc --strict: usage_check.ts ok (every @ts-expect-error was an error)"
cp tests/client/shipped_usage_check.ts "$work/default-config/"
"$TSC" "${TSC_FLAGS[@]}" --noEmit "$work/default-config/shipped_usage_check.ts"
echo "tsc --strict: shipped_usage_check.ts ok (the shipped plugins' types)"

# Same input, same bytes.
mkdir -p "$work/again"
"$BERTH_BINARY" client --lang ts --out "$work/again" --openapi tests/client/fixtures/openapi.json >/dev/null
cmp "$work/fixture/berth-client.ts" "$work/again/berth-client.ts"
echo "deterministic: ok"
