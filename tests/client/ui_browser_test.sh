#!/usr/bin/env bash
# The shipped ui/ in a real browser (headless Chromium): index.html loads app.js and the generated
# berth-client.js as ES modules, with a ddClient answering in each reply shape Docker Desktop has
# used (ui_harness.js); the page must list the plugins and notes, add a note and follow a job to
# the end in every shape.
set -euo pipefail
: "${BERTH_SOURCE_DIR:?run through ctest}"
chromium=$(command -v chromium || true)
if [[ -z $chromium ]]; then
  echo "FAIL: chromium is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
work=$(mktemp -d /tmp/berth-ui-browser.XXXXXX)
server=""
trap '[[ -n $server ]] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
cp "$BERTH_SOURCE_DIR"/ui/* "$work/"
cp "$BERTH_SOURCE_DIR/tests/client/ui_harness.js" "$work/"
sed -i 's#  <script type="module" src="app.js"></script>#  <script src="ui_harness.js"></script>\n&#' "$work/index.html"
grep -q ui_harness.js "$work/index.html" || { echo "FAIL: index.html no longer loads app.js as expected"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# ES modules do not load from file://: a plain HTTP server, as Desktop serves the UI.
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/index.html" >/dev/null && break; sleep 0.1; done

failed=0
for shape in plain data string; do
  dom=$(timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" \
    --virtual-time-budget=10000 --dump-dom "http://127.0.0.1:$port/index.html?shape=$shape" 2>/dev/null)
  problems=()
  grep -q '<td>notes</td><td>1.0.0</td><td>running</td>' <<<"$dom" || problems+=("plugins table")
  grep -q 'first note' <<<"$dom" || problems+=("notes list")
  grep -q "added in $shape" <<<"$dom" || problems+=("added note")
  grep -q 'id="job-state">succeeded: step 4<' <<<"$dom" || problems+=("job state")
  grep -q 'id="status" role="status" class="">job j1 done<' <<<"$dom" || problems+=("status line")
  if ((${#problems[@]})); then
    echo "FAIL [$shape]: ${problems[*]}"
    sed -n '/<body>/,/<\/body>/p' <<<"$dom" | head -40
    failed=1
  else
    echo "[$shape] plugins, notes, note added, job followed to succeeded"
  fi
done
exit $failed
