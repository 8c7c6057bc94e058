# Shared by the `berth dev` tests. Sourced. start_dev WORK [berth dev flags...] starts berth dev
# on a config of its own in WORK (hello, notes) and sets DEV_PID, DEV_URL and DEV_PORT;
# start_dev_page WORK [flags...] starts it without a config (--backend-socket: no backend in it)
# and waits for its URL only; helpers a test starts itself go in DEV_HELPERS. The EXIT trap stops them all and removes $work, with the
# logs shown when the test failed.
: "${BERTH_BINARY:?run through ctest}" "${BERTH_BUILD_DIR:?}" "${BERTH_SOURCE_DIR:?}"

write_dev_config() {
  cat >"$1/berth.yaml" <<YAML
server: {socket: $1/backend.sock, tcp: ""}
data_dir: $1/data
log: {level: info, requests: "off"}
plugin_dirs: [$BERTH_BUILD_DIR/plugins]
plugins:
  - name: hello
    mount: /
    config: {greeting: hello}
  - name: notes
YAML
}

DEV_PIDS=()
start_dev() {
  local work=$1
  shift
  [[ -f $work/berth.yaml ]] || write_dev_config "$work"
  launch_dev "$work" "$work/backend.sock" --config "$work/berth.yaml" --port 0 "$@"
}

start_dev_page() {
  local work=$1
  shift
  launch_dev "$work" "" --port 0 "$@"
}

# launch_dev WORK READY_SOCKET FLAGS...: waits for the URL, and for the backend on READY_SOCKET
# unless it is empty.
launch_dev() {
  local work=$1 ready=$2 log=$1/dev-$RANDOM.log
  shift 2
  "$BERTH_BINARY" dev "$@" >"$log" 2>&1 &
  DEV_PID=$!
  DEV_PIDS+=("$DEV_PID")
  DEV_LOG=$log
  DEV_URL=""
  for _ in $(seq 200); do
    DEV_URL=$(sed -n 's#^berth dev: \(http://127.0.0.1:[0-9]*/\)$#\1#p' "$log" | head -1)
    [[ -n $DEV_URL ]] && { [[ -z $ready ]] || curl -sf --unix-socket "$ready" \
      http://localhost/_berth/ready >/dev/null 2>&1; } && break
    kill -0 "$DEV_PID" 2>/dev/null || { echo "FAIL: berth dev exited"; cat "$log"; exit 1; }
    sleep 0.05
  done
  [[ -n $DEV_URL ]] || { echo "FAIL: berth dev printed no URL"; cat "$log"; exit 1; }
  DEV_PORT=${DEV_URL#http://127.0.0.1:}
  DEV_PORT=${DEV_PORT%/}
}

stop_dev() {
  local pid
  for pid in "${DEV_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  DEV_PIDS=()
}

DEV_HELPERS=()
dev_cleanup() {
  local rc=$? pid f
  stop_dev
  for pid in "${DEV_HELPERS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [[ -n ${work:-} ]] || exit $rc
  if [[ $rc -ne 0 ]]; then for f in "$work"/*/dev-*.log; do tail -20 "$f" >&2 || true; done; fi
  rm -rf "$work"
  exit $rc
}
trap dev_cleanup EXIT
