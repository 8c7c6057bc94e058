#!/usr/bin/env bash
# The extension's files without an engine: compose.yaml as docker-compose reads it, metadata.json
# as Docker Desktop reads it, and the container's berth.yaml as berth --check reads it.
set -euo pipefail
: "${BERTH_SOURCE_DIR:?run through ctest}" "${BERTH_BINARY:?}" "${BERTH_BUILD_DIR:?}"
cd "$BERTH_SOURCE_DIR"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

echo "=== compose.yaml: config -q needs DESKTOP_PLUGIN_IMAGE"
DESKTOP_PLUGIN_IMAGE=berth-extension:test /usr/bin/docker-compose -f compose.yaml config -q
if out=$(env -u DESKTOP_PLUGIN_IMAGE /usr/bin/docker-compose -f compose.yaml config -q 2>&1); then
  fail "compose config passed without DESKTOP_PLUGIN_IMAGE"
fi
grep -q DESKTOP_PLUGIN_IMAGE <<<"$out" || fail "the error does not name the variable: $out"
if DESKTOP_PLUGIN_IMAGE= /usr/bin/docker-compose -f compose.yaml config -q 2>/dev/null; then
  fail "compose config passed with an empty DESKTOP_PLUGIN_IMAGE"
fi

echo "=== compose.yaml: what Docker Desktop relies on"
DESKTOP_PLUGIN_IMAGE=berth-extension:test /usr/bin/docker-compose -f compose.yaml config |
  python3 -c '
import sys, yaml
c = yaml.safe_load(sys.stdin)
name, s = next(iter(c["services"].items()))   # Desktop reaches only the first service
assert name == "berth", name
assert s["image"] == "berth-extension:test"
assert s["command"] == ["berth", "--config", "/etc/berth/berth.yaml",
                        "--overlay", "/var/lib/berth-config/berth.overlay.yaml",
                        "--socket", "/run/guest-services/backend.sock"], s["command"]
volumes = {v.split(":")[1]: v for v in s["volumes"]}
# The shipped config comes from the image; only the overlay lives in a volume.
assert "/etc/berth" not in volumes, volumes
assert volumes["/var/lib/berth-config"].split(":")[0] in c["volumes"], "no overlay volume"
assert volumes["/var/lib/berth"].split(":")[0] in c["volumes"], "data_dir is not a named volume"
assert volumes["/var/run/docker.sock"].startswith("/var/run/docker.sock.raw:")
assert s["restart"] in ("always", "unless-stopped")
assert s["healthcheck"]["test"][:3] == ["CMD", "berth", "health"], s["healthcheck"]
print("compose ok")'

echo "=== metadata.json"
python3 -c '
import json, os
m = json.load(open("metadata.json"))
assert m["vm"]["composefile"] == "compose.yaml" and os.path.isfile("compose.yaml")
assert m["vm"]["exposes"]["socket"] == "backend.sock"
tab = m["ui"]["dashboard-tab"]
# The tab is the built UI (ui/dist, the ui_build test or `make ui`), as the image holds it.
assert tab["root"] == "ui/dist", tab
assert os.path.isfile(os.path.join(tab["root"], tab["src"])), tab
assert os.path.isfile(m["icon"]), m["icon"]
print("metadata ok")'

echo "=== config/extension/berth.yaml: berth --check with the build tree's plugins"
BERTH_PLUGIN_DIR=$BERTH_BUILD_DIR/plugins "$BERTH_BINARY" --check --config config/extension/berth.yaml
grep -q '^ *tcp:' config/extension/berth.yaml && fail "the extension config opens a TCP listener"
echo PASS
