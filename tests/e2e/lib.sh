# Shared by the extension's end-to-end tests: the real image, compose file and engine.
# Sourced; needs DOCKER_HOST (the `engine` fixture) and BERTH_SOURCE_DIR.
set -euo pipefail

: "${DOCKER_HOST:?run through ctest: the engine fixture sets DOCKER_HOST}"
: "${BERTH_SOURCE_DIR:?run through ctest}"
export DOCKER_HOST
# Debian's clients: the first `docker` on PATH may be a newer one without buildx.
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0
DOCKER=/usr/bin/docker
COMPOSE=/usr/bin/docker-compose
IMAGE=${BERTH_E2E_IMAGE:-berth-extension:e2e}
BASE_IMAGE=${BERTH_BASE_IMAGE:-local/debian:bookworm}

# The Dockerfile's NODE_IMAGE on an engine without a registry (node_image.sh).
node_image() { DOCKER=$DOCKER bash "$BERTH_SOURCE_DIR/tests/e2e/node_image.sh" "$BASE_IMAGE"; }

step() { printf '\n=== %s (%s)\n' "$*" "$(date +%T)"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# The engine's socket on this machine: what the container gets as /var/run/docker.sock (the
# Desktop VM's docker.sock.raw does not exist here).
engine_socket() { echo "${DOCKER_HOST#unix://}"; }

# A compose project of the real compose.yaml plus what only a test needs: no network (the test
# engine has no bridge), /run/guest-services from a host folder so curl reaches backend.sock,
# the engine's own socket, and a quick healthcheck interval (the command is the shipped one).
# Sets PROJECT, WORK, GUEST, SOCKET; `compose ...` runs docker-compose on it.
new_project() {
  PROJECT=$1
  WORK=$(mktemp -d "/tmp/berth-e2e-$PROJECT.XXXXXX")
  GUEST=$WORK/guest-services
  SOCKET=$GUEST/backend.sock
  mkdir -p "$GUEST"
  cat >"$WORK/test-override.yaml" <<YAML
services:
  berth:
    network_mode: none
    volumes:
      - $GUEST:/run/guest-services
      - $(engine_socket):/var/run/docker.sock
    healthcheck:
      interval: 1s
YAML
  trap cleanup_project EXIT
}

compose() {
  DESKTOP_PLUGIN_IMAGE=$IMAGE "$COMPOSE" -p "$PROJECT" -f "$BERTH_SOURCE_DIR/compose.yaml" \
    -f "$WORK/test-override.yaml" "$@"
}

cleanup_project() {
  local rc=$?
  if [[ $rc -ne 0 && -n ${PROJECT:-} ]]; then
    echo "--- container log (last 40 lines)" >&2
    compose logs --no-color --tail 40 >&2 2>/dev/null || true
  fi
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit $rc
}

container_id() { compose ps -q berth; }

require_image() {
  "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1 ||
    fail "image $IMAGE is missing: the e2e_image test builds it"
}

# curl on backend.sock from outside the container. Prints the body; the HTTP status goes to the
# file $WORK/status.
call() {
  local method=$1 target=$2 data=${3:-}
  local args=(-sS --max-time 30 --unix-socket "$SOCKET" -X "$method" -o "$WORK/body"
    -w '%{http_code}')
  [[ -n $data ]] && args+=(-H 'Content-Type: application/json' --data "$data")
  curl "${args[@]}" "http://localhost$target" >"$WORK/status" || echo 000 >"$WORK/status"
  cat "$WORK/body" 2>/dev/null || true
}
status() { cat "$WORK/status"; }

expect_status() {
  local want=$1 got
  got=$(status)
  [[ $got == "$want" ]] || fail "expected HTTP $want, got $got: $(cat "$WORK/body" 2>/dev/null)"
}

# A field of the JSON on stdin, as text: json .notes[0].title
json() { jq -er "$1"; }

wait_ready() {
  local i
  for i in $(seq 1 150); do
    [[ -S $SOCKET ]] && call GET /_berth/ready >/dev/null && [[ $(status) == 200 ]] && return 0
    sleep 0.2
  done
  fail "berth did not become ready on $SOCKET within 30 s"
}

wait_health() {
  local want=$1 i got
  for i in $(seq 1 60); do
    got=$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$(container_id)")
    [[ $got == "$want" ]] && return 0
    sleep 0.5
  done
  fail "container health is '$got', expected '$want' within 30 s"
}

# `docker stop CONTAINER`: SIGTERM must reach berth and it must exit 0 well inside the 10 s after
# which docker sends SIGKILL (exit 137). Leaves the container's log in $STOPPED_LOG.
stop_cleanly() {
  local container=$1 start_ns took_ms code
  start_ns=$(date +%s%N)
  "$DOCKER" stop "$container" >/dev/null
  took_ms=$((($(date +%s%N) - start_ns) / 1000000))
  code=$("$DOCKER" inspect -f '{{.State.ExitCode}}' "$container")
  echo "docker stop took ${took_ms} ms, exit code $code"
  [[ $code == 0 ]] || fail "exit code $code after docker stop (137: SIGTERM was dropped)"
  ((took_ms < 5000)) || fail "docker stop took ${took_ms} ms"
  STOPPED_LOG=$("$DOCKER" logs "$container" 2>&1)
}

# Waits up to 10 s for GET /hello to answer with the greeting $1 (a config edit applied live).
wait_for_greeting() {
  local want=$1 message="" i
  for i in $(seq 1 50); do
    message=$(call GET /hello | json .message 2>/dev/null || true)
    [[ $message == "$want" ]] && return 0
    sleep 0.2
  done
  fail "after 10 s GET /hello still says '$message', not '$want'"
}
