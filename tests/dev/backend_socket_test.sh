#!/usr/bin/env bash
# berth dev --backend-socket: the page server alone, forwarding vm.service to a berth that runs on
# its own. Started before its backend (a 502 saying why until one listens), then the backend
# killed with SIGKILL and started again on the same data: the page server keeps serving, answers
# 502 while the backend is away and the backend's data once it is back. The host flags and
# --image are refused with it, a path that cannot be a socket is refused, and no plugin-swaps feed
# is offered (the backend is not in this process).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d /tmp/berth-dev-backend.XXXXXX)
failures=0
check() {  # check NAME EXPECTED ACTUAL
  if [[ $2 == "$3" ]]; then
    echo "ok   $1"
  else
    echo "FAIL $1"
    echo "  expected: $2"
    echo "  actual:   $3"
    failures=$((failures + 1))
  fi
}

mkdir -p "$work/page/ui"
echo '<!doctype html><html><head><script src="app.js"></script></head></html>' >"$work/page/ui/index.html"
write_dev_config "$work/page"
socket=$work/page/backend.sock

backend_pid=""
start_backend() {
  "$BERTH_BINARY" --config "$work/page/berth.yaml" >>"$work/page/dev-backend.log" 2>&1 &
  backend_pid=$!
  DEV_HELPERS+=("$backend_pid")
  for _ in $(seq 200); do
    curl -sf --unix-socket "$socket" http://localhost/_berth/ready >/dev/null 2>&1 && return
    sleep 0.05
  done
  echo "FAIL: the backend did not become ready"
  exit 1
}

service() {  # service JSON: the envelope, compact
  curl -s -H 'X-Berth-Dev: 1' -H 'Content-Type: application/json' -d "$1" "${DEV_URL}__berth/service" | jq -cS .
}

# --- refused combinations
out=$("$BERTH_BINARY" dev --backend-socket "$socket" --config "$work/page/berth.yaml" --port 0 2>&1) && rc=0 || rc=$?
check "--backend-socket with --config is refused" "yes" "$([[ $rc -ne 0 && $out == *excludes* ]] && echo yes || echo "rc=$rc: $out")"
out=$("$BERTH_BINARY" dev --backend-socket "$socket" --image some/image --port 0 2>&1) && rc=0 || rc=$?
check "--backend-socket with --image is refused" "yes" "$([[ $rc -ne 0 && $out == *excludes* ]] && echo yes || echo "rc=$rc: $out")"
out=$("$BERTH_BINARY" dev --image some/image --config "$work/page/berth.yaml" --port 0 2>&1) && rc=0 || rc=$?
check "--image with --config is refused (the image brings its own)" "yes" "$([[ $rc -ne 0 && $out == *excludes* ]] && echo yes || echo "rc=$rc: $out")"
out=$("$BERTH_BINARY" dev --dir "$work" --socket "$work/x.sock" --port 0 2>&1) && rc=0 || rc=$?
check "--dir with --socket is refused" "yes" "$([[ $rc -ne 0 && $out == *excludes* ]] && echo yes || echo "rc=$rc: $out")"
out=$("$BERTH_BINARY" dev --backend-socket "$work/page/berth.yaml" --ui "$work/page/ui" --port 0 2>&1) && rc=0 || rc=$?
check "a regular file is not a backend socket" \
  "2 berth dev: --backend-socket: $work/page/berth.yaml: a regular file, not a Unix socket" "$rc $out"

# --- the page server first, the backend later
start_dev_page "$work/page" --backend-socket "$socket" --ui "$work/page/ui" --reply-shape plain
dev_pid=$DEV_PID
check "it says no backend listens yet" 1 "$(grep -c 'no backend listens yet' "$DEV_LOG")"
check "no backend yet: 502 with why" \
  "{\"error\":{\"message\":\"backend socket $socket: cannot connect: No such file or directory\",\"name\":\"HttpError\",\"statusCode\":502},\"ok\":false}" \
  "$(service '{"method": "GET", "url": "/hello"}')"
check "no plugin-swaps feed: the backend is not in this process" '"plugin_swaps":false' \
  "$(curl -s "${DEV_URL}__berth/ddclient.js" | grep -o '"plugin_swaps":[a-z]*')"
check "and no plugin-swaps route" 404 \
  "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Berth-Dev: 1' "${DEV_URL}__berth/plugin-swaps")"

start_backend
check "the backend answers through the page server" '{"ok":true,"value":{"message":"hello"}}' \
  "$(service '{"method": "GET", "url": "/hello"}')"
id=$(service '{"method": "POST", "url": "/notes", "headers": {"Content-Type": "application/json"}, "body": "{\"title\": \"kept\"}"}' | jq -r .value.id)

# --- the backend killed and started again; the page server stays
kill -KILL "$backend_pid"
wait "$backend_pid" 2>/dev/null || true
check "backend killed: 502, the page server still serves" \
  "502 backend socket $socket: cannot connect: Connection refused" \
  "$(service '{"method": "GET", "url": "/hello"}' | jq -r '"\(.error.statusCode) \(.error.message)"')"
check "the page itself is still served" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$DEV_URL")"
start_backend
check "the restarted backend has the same data" kept \
  "$(service "{\"method\": \"GET\", \"url\": \"/notes/$id\"}" | jq -r .value.title)"

kill -TERM "$dev_pid"
wait "$dev_pid" && rc=0 || rc=$?
DEV_PIDS=()
check "SIGTERM stops it with 0" 0 "$rc"

[[ $failures -eq 0 ]] || { echo "$failures check(s) failed"; exit 1; }
echo "ok: berth dev --backend-socket"
