#!/usr/bin/env bash
# `berth dev --image`: the extension image's backend as Docker Desktop creates it, on the real
# engine (a compose project named after the image, /run/guest-services bind-mounted in its first
# service), and the image's own UI served with the emulated ddClient, reaching /hello in real
# headless Chromium. Stopping berth dev takes the project down.
source "$(dirname "$0")/lib.sh"
require_image
: "${BERTH_BINARY:?run through ctest}"
WORK=$(mktemp -d /tmp/berth-e2e-dev.XXXXXX)
PROJECT=$(sed 's#:[^/]*$##; s#/#_#g' <<<"$IMAGE" | tr -cd 'a-z0-9_-')-desktop-extension
dev_pid=""
cleanup() {
  local rc=$?
  [[ -n $dev_pid ]] && { kill -TERM "$dev_pid" 2>/dev/null; wait "$dev_pid" 2>/dev/null || true; }
  if [[ $rc -ne 0 ]]; then
    echo "--- berth dev's output" >&2
    cat "$WORK"/*.log >&2 2>/dev/null || true
  fi
  # Whatever a failed run left: the project's containers, then its volumes.
  "$DOCKER" ps -aq --filter "label=com.docker.compose.project=$PROJECT" | xargs -r "$DOCKER" rm -f >/dev/null
  "$DOCKER" volume ls -q --filter "label=com.docker.compose.project=$PROJECT" | xargs -r "$DOCKER" volume rm >/dev/null
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
here=$BERTH_SOURCE_DIR/tests/dev
[[ -d $here/node_modules/puppeteer-core ]] || fail "puppeteer-core is not installed in tests/dev"

# The test engine has no bridge: one more compose file, as a user would pass their own.
cat >"$WORK/no-network.yaml" <<YAML
services:
  berth:
    network_mode: none
YAML

step "a non-extension image is refused by name"
set +e
"$BERTH_BINARY" dev --image "$BASE_IMAGE" --port 0 --work "$WORK/bad" >"$WORK/bad.log" 2>&1
code=$?
set -e
[[ $code == 1 ]] || fail "exit $code for a plain image"
grep -q "not a Docker Desktop extension image" "$WORK/bad.log" || fail "message: $(cat "$WORK/bad.log")"
[[ -z $("$DOCKER" ps -aq --filter "ancestor=$BASE_IMAGE") ]] || fail "a container of $BASE_IMAGE was left"

step "berth dev --image $IMAGE"
"$BERTH_BINARY" dev --image "$IMAGE" --compose-file "$WORK/no-network.yaml" --port 0 \
  --work "$WORK/dev" >"$WORK/dev.log" 2>&1 &
dev_pid=$!
url=""
for _ in $(seq 600); do
  url=$(sed -n 's#^berth dev: \(http://127.0.0.1:[0-9]*/\)$#\1#p' "$WORK/dev.log" | head -1)
  [[ -n $url ]] && break
  kill -0 "$dev_pid" 2>/dev/null || fail "berth dev exited"
  sleep 0.2
done
[[ -n $url ]] || fail "berth dev printed no URL within 120 s"
grep -q "compose project $PROJECT" "$WORK/dev.log" || fail "no compose project $PROJECT"
cid=$("$DOCKER" ps -q --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=berth")
[[ -n $cid ]] || fail "no running container of service berth in project $PROJECT"
guest=$("$DOCKER" inspect -f '{{range .Mounts}}{{if eq .Destination "/run/guest-services"}}{{.Source}}{{end}}{{end}}' "$cid")
[[ $guest == "$WORK/dev/guest-services" ]] || fail "/run/guest-services is '$guest'"
# DESKTOP_PLUGIN_IMAGE, which compose.yaml names its image by, was set.
[[ $("$DOCKER" inspect -f '{{.Config.Image}}' "$cid") == "$IMAGE" ]] || fail "the service runs another image"

step "the image's UI, with the client injected"
page=$(curl -sf "$url")
grep -q '<script src="/__berth/ddclient.js"></script>' <<<"$page" || fail "no ddclient.js in the page"
extracted=$WORK/dev/extension/$(jq -r '.ui["dashboard-tab"].root' "$WORK/dev/extension/metadata.json" | sed 's#^/##')
[[ -f $extracted/index.html ]] || fail "the UI was not taken from the image"
diff -w <(grep -vF '<script src="/__berth/ddclient.js"></script>' <<<"$page") "$extracted/index.html" ||
  fail "the page is not the image's index.html"

dev() { curl -sf -H 'X-Berth-Dev: 1' -H 'Content-Type: application/json' "$@"; }
step "vm.service reaches the backend in its container"
got=$(dev -d '{"method":"GET","url":"/hello"}' "${url}__berth/service")
[[ $got == '{"ok":true,"value":{"data":{"message":"hello"}}}' ]] || fail "/hello: $got"

step "vm.cli.exec runs in the backend's container"
id=$(dev -d '{"cli":"vm","cmd":"cat","args":["/etc/hostname"]}' "${url}__berth/exec" | jq -r .id)
after=0 out=""
for _ in $(seq 50); do
  poll=$(dev "${url}__berth/exec/$id?after=$after&wait_ms=2000")
  out+=$(jq -r '.lines[] | select(.stream == "stdout") | .line' <<<"$poll")
  after=$(jq .next <<<"$poll")
  [[ $(jq .done <<<"$poll") == true ]] && break
done
[[ $(jq .code <<<"$poll") == 0 ]] || fail "exec ended: $poll"
[[ $cid == "$out"* ]] || fail "exec ran in '$out', not in container $cid"

step "the page reaches /hello through the emulated ddClient (headless Chromium)"
got=$(cd "$here" && timeout 90 node image_page.mjs "$url")
[[ $(jq -c .reply <<<"$got") == '{"data":{"message":"hello"}}' ]] || fail "page: $got"
[[ $(jq -c .errors <<<"$got") == '[]' ]] || fail "page errors: $got"

step "SIGTERM: berth dev takes the project down, its volumes stay"
kill -TERM "$dev_pid"
for _ in $(seq 300); do kill -0 "$dev_pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$dev_pid" 2>/dev/null && fail "berth dev still runs 60 s after SIGTERM"
wait "$dev_pid" || fail "berth dev exited $?"
dev_pid=""
[[ -z $("$DOCKER" ps -aq --filter "label=com.docker.compose.project=$PROJECT") ]] ||
  fail "containers of $PROJECT left after berth dev stopped"
[[ -n $("$DOCKER" volume ls -q --filter "label=com.docker.compose.project=$PROJECT") ]] ||
  fail "the project's volumes went with it (Desktop keeps them)"
echo "PASS"
