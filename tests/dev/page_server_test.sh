#!/usr/bin/env bash
# berth dev's page server over HTTP: the Host and X-Berth-Dev checks, the ddClient injected before
# the page's first script, vm.service forwarded to the backend in both reply shapes (and a non-2xx
# rejected as Desktop does), exec sessions (output, exit code, kill, the line, session and reap
# bounds), the engine lists' error shape, events and the UI version.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d /tmp/berth-dev-page.XXXXXX)
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

mkdir -p "$work/data" "$work/plain" "$work/ui/sub"
cat >"$work/ui/index.html" <<'HTML'
<!doctype html>
<html><head><title>t</title>
<script type="module" src="app.js"></script>
</head><body>x</body></html>
HTML
echo 'console.log("app");' >"$work/ui/app.js"
echo '<p>no script here</p>' >"$work/ui/sub/index.html"
echo 'secret' >"$work/secret.txt"

# The plain instance shows the UI through a "dev server" of its own (--ui-url).
ui_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$ui_port" --bind 127.0.0.1 --directory "$work/ui" >/dev/null 2>&1 &
DEV_HELPERS+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$ui_port/app.js" >/dev/null && break; sleep 0.05; done
DOCKER_HOST=unix://$work/no-engine.sock start_dev "$work/data" --ui "$work/ui"
url=$DEV_URL port=$DEV_PORT
start_dev "$work/plain" --ui-url "http://127.0.0.1:$ui_port" --reply-shape plain --exec-max-sessions 3 \
  --exec-reap-ms 1500 --exec-max-lines 5
plain_url=$DEV_URL

dev() {  # dev URL PATH [curl args...]: the body; the status goes to $work/status
  local base=$1 path=$2
  shift 2
  curl -s -o "$work/body" -w '%{http_code}' -H 'X-Berth-Dev: 1' "$@" "$base${path#/}" >"$work/status"
  cat "$work/body"
}
status() { cat "$work/status"; }
service() {  # service URL JSON: the envelope, compact
  dev "$1" /__berth/service -H 'Content-Type: application/json' -d "$2" | jq -cS .
}

# --- Host and header checks
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: rebound.example:$port" "$url")
check "a foreign Host is refused" 403 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: localhost:$port" "$url")
check "Host localhost:PORT is served" 200 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: 127.0.0.1:1" "$url")
check "another port in Host is refused" 403 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}__berth/events")
check "/__berth/ without X-Berth-Dev is refused" 403 "$code"
message=$(curl -s "${url}__berth/events" | jq -r .message)
check "the refusal says what is missing" \
  "berth dev: /__berth/ calls need the header X-Berth-Dev: 1 (the injected ddClient sends it)" \
  "$message"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
  -d 'cli=vm&cmd=touch' "${url}__berth/exec")
check "a form post to exec is refused" 403 "$code"
script=$(curl -s "${url}__berth/ddclient.js")
check "ddclient.js needs no header and sets window.ddClient" 1 "$(grep -c '  window.ddClient = {' <<<"$script")"
check "ddclient.js carries the reply shape" '"data"' "$(grep -o '"shape":"[a-z]*"' <<<"$script" | cut -d: -f2)"

# --- UI files and the injection
page=$(curl -s "$url")
check "the client is injected before the page's first script" \
  $'<script src="/__berth/ddclient.js"></script>\n<script type="module" src="app.js"></script>' \
  "$(sed -n '3,4p' <<<"$page")"
page=$(curl -s "${url}sub/")
check "a page without scripts gets it first" \
  '<script src="/__berth/ddclient.js"></script>' "$(head -1 <<<"$page")"
check "a script is served as it is" 'console.log("app");' "$(curl -s "${url}app.js")"
type=$(curl -s -o /dev/null -w '%{content_type}' "${url}app.js")
check "a script's content type" "text/javascript; charset=utf-8" "$type"
code=$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "${url}../secret.txt")
check "nothing outside the UI root" 404 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}missing.js")
check "a missing file" 404 "$code"
page=$(curl -s "$plain_url")
check "--ui-url: the dev server's page, with the client injected" \
  $'<script src="/__berth/ddclient.js"></script>\n<script type="module" src="app.js"></script>' \
  "$(sed -n '3,4p' <<<"$page")"
check "--ui-url: other files as the dev server sends them" 'console.log("app");' \
  "$(curl -s "${plain_url}app.js")"
check "--ui-url: the dev server's 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' "${plain_url}missing.js")"
script=$(curl -s "${plain_url}__berth/ddclient.js")
check "--ui-url: no reload polling (the dev server reloads)" '"reload":false' "$(grep -o '"reload":[a-z]*' <<<"$script")"

# --- vm.service, data shape (Desktop >= 4.42)
check "GET /hello as {data}" '{"ok":true,"value":{"data":{"message":"hello"}}}' \
  "$(service "$url" '{"method":"GET","url":"/hello"}')"
check "POST JSON" '{"ok":true,"value":{"data":{"a":[1,2]}}}' \
  "$(service "$url" '{"method":"POST","url":"/hello/echo","headers":{"Content-Type":"application/json"},"body":"{\"a\":[1,2]}"}')"
check "a non-2xx rejects as Desktop does" \
  '{"error":{"message":"{\"message\":\"no route for GET /nope\"}","name":"HttpError","statusCode":404},"ok":false}' \
  "$(service "$url" '{"method":"GET","url":"/nope"}')"
check "a 400 from the backend" 400 \
  "$(service "$url" '{"method":"POST","url":"/hello/echo","headers":{"Content-Type":"application/json"},"body":""}' | jq .error.statusCode)"
metrics=$(service "$url" '{"method":"GET","url":"/_berth/metrics"}' | jq -r '.value.data | type')
check "a text answer stays text" string "$metrics"
id=$(service "$url" '{"method":"POST","url":"/notes","headers":{"Content-Type":"application/json"},"body":"{\"title\":\"t1\"}"}' | jq .value.data.id)
check "PATCH" '"t2"' \
  "$(service "$url" "{\"method\":\"PATCH\",\"url\":\"/notes/$id\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{\\\"title\\\":\\\"t2\\\"}\"}" | jq .value.data.title)"
check "DELETE" true "$(service "$url" "{\"method\":\"DELETE\",\"url\":\"/notes/$id\"}" | jq .ok)"
check "bad input to /__berth/service" 400 "$(dev "$url" /__berth/service -H 'Content-Type: application/json' -d '[1]' >/dev/null; status)"

# --- vm.service, plain shape (older Desktop)
check "GET /hello plain" '{"ok":true,"value":{"message":"hello"}}' \
  "$(service "$plain_url" '{"method":"GET","url":"/hello"}')"
check "a non-2xx in the plain shape" 404 \
  "$(service "$plain_url" '{"method":"GET","url":"/nope"}' | jq .error.statusCode)"

# --- exec sessions
exec_start() {  # exec_start URL JSON: the session id
  dev "$1" /__berth/exec -H 'Content-Type: application/json' -d "$2" | jq -r .id
}
exec_all() {  # exec_all URL ID: every line and the end, polling until done
  local after=0 page lines=()
  for _ in $(seq 100); do
    page=$(dev "$1" "/__berth/exec/$2?after=$after&wait_ms=2000")
    lines+=("$(jq -c '.lines[]' <<<"$page")")
    after=$(jq .next <<<"$page")
    if [[ $(jq .done <<<"$page") == true ]]; then
      printf '%s\n' "${lines[@]}" | sed '/^$/d' | jq -sc .
      jq -c '{code, signal, error, dropped}' <<<"$page"
      return
    fi
  done
  echo "never done"
}
id=$(exec_start "$url" '{"cli":"vm","cmd":"sh","args":["-c","echo one; sleep 0.2; echo two >&2; exit 3"]}')
check "exec: output lines and exit code" \
  $'[{"line":"one","stream":"stdout"},{"line":"two","stream":"stderr"}]\n{"code":3,"signal":null,"error":null,"dropped":0}' \
  "$(exec_all "$url" "$id")"
check "a session seen to its end is forgotten" 404 "$(dev "$url" "/__berth/exec/$id" >/dev/null; status)"
id=$(exec_start "$url" '{"cli":"vm","cmd":"no-such-command-berth"}')
check "exec: a command that cannot start" \
  "{\"code\":-1,\"signal\":null,\"error\":\"cannot start 'no-such-command-berth': No such file or directory\",\"dropped\":0}" \
  "$(exec_all "$url" "$id" | tail -1)"
id=$(exec_start "$url" '{"cli":"vm","cmd":"sleep","args":["30.25"]}')
check "kill" 202 "$(dev "$url" "/__berth/exec/$id/kill" -X POST >/dev/null; status)"
check "a killed command ends by SIGTERM" '{"code":-1,"signal":15,"error":null,"dropped":0}' \
  "$(exec_all "$url" "$id" | tail -1)"
check "exec: unknown cli" 400 "$(dev "$url" /__berth/exec -H 'Content-Type: application/json' -d '{"cli":"x","cmd":"ls"}' >/dev/null; status)"

id=$(exec_start "$plain_url" '{"cli":"vm","cmd":"seq","args":["1","20"]}')
check "at most max-lines lines wait for a poll; the rest is counted" \
  $'["1","2","3","4","5"]\n15' \
  "$(exec_all "$plain_url" "$id" | jq -c 'if type == "array" then map(.line) else .dropped end')"
ids=()
for n in 1 2 3; do ids+=("$(exec_start "$plain_url" "{\"cmd\":\"sleep\",\"args\":[\"31.$n\"]}")"); done
dev "$plain_url" /__berth/exec -H 'Content-Type: application/json' -d '{"cmd":"true"}' >/dev/null
check "the session limit answers 429" 429 "$(status)"
check "the 429 says why" "exec: 3 sessions already run; kill one or let it end (sessions not polled for 1500 ms are killed)" \
  "$(jq -r .message "$work/body")"
# A session's command is started by its own thread, a moment after the id is answered.
for _ in $(seq 50); do [[ $(pgrep -fc 'sleep 31.[123]') == 3 ]] && break; sleep 0.05; done
check "the sessions' commands run" 3 "$(pgrep -fc 'sleep 31.[123]')"
# Not polled for --exec-reap-ms (1.5 s): killed and forgotten.
for _ in $(seq 50); do pgrep -f "sleep 31.[123]" >/dev/null || break; sleep 0.1; done
check "unpolled sessions' commands are killed" "" "$(pgrep -f 'sleep 31.[123]' || true)"
check "a reaped session is gone" 404 "$(dev "$plain_url" "/__berth/exec/${ids[0]}" >/dev/null; status)"
check "its slot is free again" 201 "$(dev "$plain_url" /__berth/exec -H 'Content-Type: application/json' -d '{"cmd":"true"}' >/dev/null; status)"
id=$(exec_start "$plain_url" '{"cmd":"sh","args":["-c","sleep 2; echo late"]}')
# A poll that waits keeps its session: it outlives the reap time while it waits.
check "a waiting poll keeps its session and gets the late line" '"late"' \
  "$(dev "$plain_url" "/__berth/exec/$id?after=0&wait_ms=5000" | jq -c '.lines[0].line')"
id=$(exec_start "$url" '{"cli":"docker","cmd":"--version"}')
check "docker.cli.exec runs the docker CLI" 0 "$(exec_all "$url" "$id" | tail -1 | jq .code)"

# --- docker.listContainers without an engine, events, the UI version
check "engine lists without an engine: an error with a status" \
  '{"name":"DockerEngineError","ok":false,"statusCode":503}' \
  "$(dev "$url" /__berth/docker/containers -H 'Content-Type: application/json' -d '{"all":true}' | jq -cS '{ok, statusCode: .error.statusCode, name: .error.name}')"
dev "$url" /__berth/events -H 'Content-Type: application/json' -d '{"kind":"navigate","name":"viewContainers","args":[]}' >/dev/null
check "an event is recorded" 204 "$(status)"
check "events are listed" '[{"args":[],"kind":"navigate","name":"viewContainers","seq":1}]' \
  "$(dev "$url" /__berth/events | jq -cS .events)"
v1=$(dev "$url" /__berth/ui-version | jq .version)
sleep 0.3
check "the UI version holds while nothing changes" "$v1" "$(dev "$url" /__berth/ui-version | jq .version)"
echo 'console.log("changed");' >"$work/ui/app.js"
touch -d '+2 seconds' "$work/ui/app.js"
sleep 0.3
check "a changed UI file changes the version" "$((v1 + 1))" "$(dev "$url" /__berth/ui-version | jq .version)"
check "plugin watching is on in dev" 1 \
  "$(grep -c '"msg":"watching plugin libraries for rebuilds"' "$work"/data/dev-*.log)"

if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "page server: all checks passed"
