#!/usr/bin/env bash
# The UI's ctest steps: build (npm run build in ui/ -> ui/dist), unit (vitest), e2e (e2e.mjs),
# e2e-engine (e2e.mjs on the real engine).
# Missing npm packages are a failure, never a skip: `make test` must not pass without them.
set -euo pipefail
: "${BERTH_SOURCE_DIR:?run through ctest}"
ui=$BERTH_SOURCE_DIR/ui
need() {
  if [[ ! -d $1/node_modules ]]; then
    echo "FAIL: ${1#"$BERTH_SOURCE_DIR"/}/node_modules is missing: run scripts/install-deps.sh (npm ci)" >&2
    exit 1
  fi
}
case ${1:?build, unit or e2e} in
  build) need "$ui"; cd "$ui" && exec npm run --silent build ;;
  unit) need "$ui"; cd "$ui" && exec npx --no-install vitest run ;;
  e2e)
    need "$BERTH_SOURCE_DIR/tests/ui"
    [[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || { echo "FAIL: chromium is not installed (scripts/install-deps.sh)" >&2; exit 1; }
    exec node "$BERTH_SOURCE_DIR/tests/ui/e2e.mjs" ;;
  e2e-engine)
    need "$BERTH_SOURCE_DIR/tests/ui"
    exec node "$BERTH_SOURCE_DIR/tests/ui/e2e.mjs" engine ;;
  *) echo "unknown step $1" >&2; exit 2 ;;
esac
