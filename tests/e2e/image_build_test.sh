#!/usr/bin/env bash
# The extension image builds from the Dockerfile on a local Debian 12 base, holds berth, its
# plugins, the UI and the Desktop metadata, and nothing of the toolchain.
source "$(dirname "$0")/lib.sh"

step "docker build (base $BASE_IMAGE)"
start=$(date +%s)
"$DOCKER" build --network host --build-arg "BUILD_IMAGE=$BASE_IMAGE" \
  --build-arg "RUNTIME_IMAGE=$BASE_IMAGE" --build-arg "NODE_IMAGE=$(node_image)" -t "$IMAGE" "$BERTH_SOURCE_DIR"
echo "image build took $(($(date +%s) - start)) s"
"$DOCKER" image ls "$IMAGE"

run() { "$DOCKER" run --rm --network none --entrypoint "" "$IMAGE" "$@"; }

step "runtime contents"
run test -x /usr/bin/berth || fail "no /usr/bin/berth"
[[ $(run berth --version) == berth\ * ]] || fail "berth --version"
for plugin in docker hello notes runner; do
  run berth inspect "/usr/lib/berth/plugins/$plugin.so" | grep -q '^loadable: *yes' ||
    fail "$plugin.so is not loadable by the image's berth"
done
for f in /metadata.json /compose.yaml /ui/dist/index.html /ui/icon.svg /etc/berth/berth.yaml; do
  run test -s "$f" || fail "$f missing in the image"
done
# The built UI only: its bundle, no sources or node_modules.
run sh -c 'ls /ui/dist/assets/*.js' >/dev/null || fail "no UI bundle in /ui/dist/assets"
run sh -c 'test ! -e /ui/src && test ! -e /ui/node_modules && test ! -e /ui/dist/src' ||
  fail "UI sources or node_modules in the runtime image"
run berth --check --config /etc/berth/berth.yaml
# The build stage's toolchain and headers stay behind; berth health replaces curl.
for tool in g++ gcc cmake make curl; do
  run sh -c "command -v $tool" >/dev/null && fail "$tool is in the runtime image"
done
run sh -c 'test ! -d /usr/include/pistache && test ! -d /usr/include/boost && test ! -d /src' ||
  fail "build headers or sources in the runtime image"

step "labels"
"$DOCKER" image inspect -f '{{json .Config.Labels}}' "$IMAGE" | python3 -c '
import json, sys
labels = json.load(sys.stdin)
required = ["org.opencontainers.image.title", "org.opencontainers.image.description",
    "org.opencontainers.image.vendor", "com.docker.desktop.extension.api.version",
    "com.docker.desktop.extension.icon", "com.docker.extension.screenshots",
    "com.docker.extension.detailed-description", "com.docker.extension.publisher-url",
    "com.docker.extension.additional-urls", "com.docker.extension.categories",
    "com.docker.extension.changelog"]
missing = [k for k in required if not labels.get(k)]
assert not missing, "missing labels: %s" % missing
for k in ["com.docker.extension.screenshots", "com.docker.extension.additional-urls"]:
    value = json.loads(labels[k])
    assert isinstance(value, list) and value and all("url" in v for v in value), k
print("labels ok:", len(labels))'
echo "PASS"
