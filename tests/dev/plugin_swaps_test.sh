#!/usr/bin/env bash
# berth dev tells its page of rebuilt plugins: a rebuild that is refused (with the reason, the old
# library serving on) and one that is swapped in, both read from GET /__berth/plugin-swaps, which
# the injected client turns into toasts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
work=$(mktemp -d /tmp/berth-dev-swaps.XXXXXX)
mkdir -p "$work/b/lib" "$work/ui"
echo '<html><body>swaps</body></html>' >"$work/ui/index.html"
fixtures=$BERTH_BUILD_DIR/fixtures
cp "$fixtures/swappable_1.so" "$work/b/lib/swappable.so"
cat >"$work/b/berth.yaml" <<YAML
server: {socket: $work/b/backend.sock, tcp: ""}
data_dir: $work/b/data
log: {level: info, requests: "off"}
plugins:
  - name: swappable
    path: $work/b/lib/swappable.so
YAML
start_dev "$work/b" --ui "$work/ui"
swaps() { curl -sf -H 'X-Berth-Dev: 1' "${DEV_URL}__berth/plugin-swaps$1"; }
rebuild() {  # as a linker does it: written beside, renamed over
  cp "$fixtures/$1.so" "$work/b/lib/.swappable.so.new"
  mv "$work/b/lib/.swappable.so.new" "$work/b/lib/swappable.so"
}
wait_swap() {  # wait_swap AFTER: the first swap after AFTER, within 20 s
  local page
  for _ in $(seq 200); do
    page=$(swaps "?after=$1")
    [[ $(jq '.swaps | length' <<<"$page") -gt 0 ]] && { jq -c '.swaps[0]' <<<"$page"; return; }
    sleep 0.1
  done
  echo "no swap"
}
generation() { curl -sf --unix-socket "$work/b/backend.sock" http://localhost/swappable/generation | jq -r .generation; }

start=$(swaps "")
[[ $(jq -c .swaps <<<"$start") == '[]' ]] || { echo "FAIL: swaps at start: $start"; exit 1; }
after=$(jq .next <<<"$start")
[[ $(generation) == 1 ]] || { echo "FAIL: generation $(generation) at start"; exit 1; }

rebuild swappable_refused
got=$(wait_swap "$after")
[[ $(jq -r '.plugin + " " + (.swapped|tostring)' <<<"$got") == "swappable false" ]] ||
  { echo "FAIL: refused rebuild: $got"; exit 1; }
[[ -n $(jq -r .error <<<"$got") ]] || { echo "FAIL: no reason: $got"; exit 1; }
[[ $(generation) == 1 ]] || { echo "FAIL: the old library does not serve"; exit 1; }
after=$(jq .seq <<<"$got")

rebuild swappable_2
got=$(wait_swap "$after")
[[ $(jq -c '[.plugin, .swapped, .error]' <<<"$got") == '["swappable",true,""]' ]] ||
  { echo "FAIL: swap: $got"; exit 1; }
[[ $(generation) == 2 ]] || { echo "FAIL: generation $(generation) after the swap"; exit 1; }
[[ $(curl -s -o /dev/null -w '%{http_code}' "${DEV_URL}__berth/plugin-swaps") == 403 ]] ||
  { echo "FAIL: plugin-swaps without X-Berth-Dev"; exit 1; }
script=$(curl -s "${DEV_URL}__berth/ddclient.js")
grep -q '"plugin_swaps":true' <<<"$script" || { echo "FAIL: the client does not watch swaps"; exit 1; }
echo PASS
