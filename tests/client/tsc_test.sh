#!/usr/bin/env bash
# tsc --strict --noEmit on generated clients: the fixture with every construct, the shipped
# plugins' document (real once `berth openapi` exists), and usage_check.ts, which uses the client
# the way an extension would and holds @ts-expect-error lines the types must reject.
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
if has_openapi_command "$BERTH_BINARY"; then
  BERTH_PLUGIN_DIR=$BERTH_BUILD_DIR/plugins check default-config --config config/berth.yaml
else
  echo "berth openapi is not in this build: the shipped plugins from the fixture instead"
  check shipped --openapi tests/client/fixtures/shipped.json
fi

cp tests/client/usage_check.ts "$work/fixture/"
"$TSC" "${TSC_FLAGS[@]}" --noEmit "$work/fixture/usage_check.ts"
echo "tsc --strict: usage_check.ts ok (every @ts-expect-error was an error)"

# Same input, same bytes.
mkdir -p "$work/again"
"$BERTH_BINARY" client --lang ts --out "$work/again" --openapi tests/client/fixtures/openapi.json >/dev/null
cmp "$work/fixture/berth-client.ts" "$work/again/berth-client.ts"
echo "deterministic: ok"
