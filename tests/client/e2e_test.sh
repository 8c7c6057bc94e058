#!/usr/bin/env bash
# The generated client, compiled with tsc, against the real berth: hello, notes and a runner job
# over backend.sock through a Docker Desktop-like vm.service in three reply shapes, and over TCP
# through fetch (client_e2e_test.mjs).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
require_tsc
: "${BERTH_BINARY:?run through ctest}" "${BERTH_BUILD_DIR:?}" "${BERTH_SOURCE_DIR:?}"
work=$(mktemp -d /tmp/berth-client-e2e.XXXXXX)
pid=""
cleanup() {
  local rc=$?
  if [[ -n $pid ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  [[ $rc -ne 0 && -f $work/berth.log ]] && tail -30 "$work/berth.log" >&2
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/berth.yaml" <<YAML
server: {socket: $work/backend.sock, tcp: "127.0.0.1:$port"}
data_dir: $work/data
log: {level: warn}
plugin_dirs: [$BERTH_BUILD_DIR/plugins]
plugins:
  - name: hello
    mount: /
    config: {greeting: hello}
  - name: notes
  - name: runner
    config:
      usage_path: $work
      commands:
        countdown:
          description: A long job that reports progress
          argv: [sh, -c, 'for i in \$(seq 1 {seconds}); do echo "PROGRESS \$((i * 100 / {seconds})) step \$i"; sleep 1; done']
          params: {seconds: "^[1-9][0-9]?$"}
YAML
"$BERTH_BINARY" --config "$work/berth.yaml" >"$work/berth.log" 2>&1 &
pid=$!
for _ in $(seq 200); do
  curl -sf --unix-socket "$work/backend.sock" http://localhost/_berth/ready >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "FAIL: berth exited"; exit 1; }
  sleep 0.05
done

# The document this berth serves.
cd "$BERTH_SOURCE_DIR"
curl -sf --unix-socket "$work/backend.sock" http://localhost/_berth/openapi.json \
  -o "$work/openapi.json"
mkdir -p "$work/client"
"$BERTH_BINARY" client --lang ts --out "$work/client" --openapi "$work/openapi.json" >/dev/null
compile_client "$work/client/berth-client.ts" "$work/client"
echo '{"type": "module"}' >"$work/client/package.json"
node tests/client/client_e2e_test.mjs "$work/client/berth-client.js" "$work/backend.sock" \
  "http://127.0.0.1:$port"
