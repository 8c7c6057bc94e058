# Shared by the client tests and scripts/client.sh. Sourced.
CLIENT_TESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TSC=$CLIENT_TESTS/node_modules/.bin/tsc

# A missing compiler is a failure, never a skip: `make test` must not pass without it.
require_tsc() {
  if [[ ! -x $TSC ]]; then
    echo "FAIL: typescript is not installed in tests/client/node_modules." >&2
    echo "      Run scripts/install-deps.sh (it runs 'npm ci' in tests/client)." >&2
    exit 1
  fi
}

# The flags every check and build of a generated client uses: strict, and no DOM or Node
# library, so the module proves it needs neither.
TSC_FLAGS=(--strict --target es2020 --module es2020 --lib es2020 --moduleResolution bundler
  --noUnusedParameters --noImplicitReturns --noFallthroughCasesInSwitch)

# compile_client FILE.ts OUTDIR: FILE.js in OUTDIR.
compile_client() {
  "$TSC" "${TSC_FLAGS[@]}" --outDir "$2" "$1"
}
