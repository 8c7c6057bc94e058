#!/usr/bin/env bash
# berth as PID 1 (docker run without --init): the kernel drops signals to a PID namespace's init
# that installed no handler. berth blocks SIGTERM and takes it with sigwait; this checks that
# `docker stop` still reaches it and it exits 0 at once instead of being SIGKILLed after 10 s.
source "$(dirname "$0")/lib.sh"
require_image
WORK=$(mktemp -d /tmp/berth-e2e-pid1.XXXXXX)
GUEST=$WORK/guest-services
SOCKET=$GUEST/backend.sock
mkdir -p "$GUEST"
name=berth-e2e-pid1-$$
cleanup() {
  local rc=$?
  [[ $rc -ne 0 ]] && "$DOCKER" logs "$name" 2>&1 | tail -20 >&2
  "$DOCKER" rm -f "$name" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

step "docker run, no init: berth is PID 1"
"$DOCKER" run -d --name "$name" --network none -v "$GUEST:/run/guest-services" "$IMAGE" >/dev/null
wait_ready
[[ $("$DOCKER" exec "$name" cat /proc/1/comm) == berth ]] || fail "PID 1 is not berth"

step "docker stop"
stop_cleanly "$name"
grep -q '"signal":"SIGTERM"' <<<"$STOPPED_LOG" || fail "no SIGTERM in the log"
echo "PASS"
