#!/usr/bin/env bash
# ui/berth-client.ts and ui/berth-client.js are generated (make client): they must be what
# scripts/client.sh makes from today's sources, byte for byte.
set -euo pipefail
: "${BERTH_BINARY:?run through ctest}" "${BERTH_SOURCE_DIR:?}"
work=$(mktemp -d /tmp/berth-client-ui.XXXXXX)
trap 'rm -rf "$work"' EXIT
BERTH_PLUGIN_DIR=${BERTH_BUILD_DIR:-build}/plugins bash "$BERTH_SOURCE_DIR/scripts/client.sh" \
  "$BERTH_BINARY" "$work"
stale=0
for f in berth-client.ts berth-client.js; do
  if ! diff -u "$BERTH_SOURCE_DIR/ui/$f" "$work/$f" >"$work/$f.diff"; then
    echo "FAIL: ui/$f is stale (or missing): run 'make client' and commit it" >&2
    head -40 "$work/$f.diff" >&2
    stale=1
  fi
done
[[ $stale == 0 ]] && echo "ui/berth-client.ts and ui/berth-client.js are up to date"
exit $stale
