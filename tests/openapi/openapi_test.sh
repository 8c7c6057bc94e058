#!/usr/bin/env bash
# The OpenAPI document of a config (berth openapi, the same as GET /_berth/openapi.json) passes a
# real OpenAPI 3.1 validator (npm @seriousme/openapi-schema-validator).
#   openapi_test.sh <berth binary> <config file>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
berth=$1
config=$2
if [[ ! -d $here/node_modules/@seriousme/openapi-schema-validator ]]; then
  echo "FAIL: $here/node_modules is missing: run scripts/install-deps.sh (npm ci)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
BERTH_RUN_DIR=$tmp "$berth" openapi --config "$config" > "$tmp/openapi.json"
node "$here/validate.mjs" "$tmp/openapi.json"
