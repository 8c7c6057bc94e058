#!/usr/bin/env bash
# The extension as Docker Desktop runs it: the real compose.yaml and image on a real engine, the
# frontend's requests sent with curl on backend.sock from outside the container.
source "$(dirname "$0")/lib.sh"
require_image
new_project berthe2e
test_start=$(date +%s)

step "docker-compose up"
compose up -d
wait_ready
cid=$(container_id)
[[ $("$DOCKER" inspect -f '{{.HostConfig.Init}}' "$cid") == true ]] || fail "init is not on"

step "GET /hello"
[[ $(call GET /hello | json .message) == hello ]] || fail "hello: $(cat "$WORK/body")"
expect_status 200
call GET /no/such/route >/dev/null
expect_status 404
[[ -n $(json .message <"$WORK/body") ]] || fail "404 without a JSON message"

step "notes: create, list, bad input"
call POST /notes '{"title": "survives a recreate", "body": "in the berth-data volume"}' >/dev/null
expect_status 201
note_id=$(json .id <"$WORK/body")
[[ $(call GET /notes | json '.notes[0].title') == "survives a recreate" ]] || fail "note not listed"
call POST /notes '{"title": "   "}' >/dev/null
expect_status 400
[[ $(json .field <"$WORK/body") == title ]] || fail "empty title: $(cat "$WORK/body")"
call POST /notes '{"title": ' >/dev/null
expect_status 400
call GET /notes/abc >/dev/null
expect_status 404

step "runner job: start, poll to done"
call POST /runner/run '{"command": "countdown", "args": {"seconds": "6"}}' >/dev/null
expect_status 202
job=$(json .id <"$WORK/body")
version=0
progress_seen=()
for i in $(seq 1 60); do
  # A long poll: answers as soon as the job's version differs from the one seen.
  call GET "/_berth/jobs/$job?wait=5&version=$version" >"$WORK/job"
  expect_status 200
  read -r state version progress < <(jq -r '"\(.state) \(.version) \(.progress)"' <"$WORK/job")
  progress_seen+=("$progress")
  [[ $state == succeeded || $state == failed || $state == cancelled ]] && break
done
echo "progress seen: ${progress_seen[*]}"
[[ $state == succeeded ]] || fail "job ended $state: $(cat "$WORK/job")"
[[ $(json .progress <"$WORK/job") == 100* ]] || fail "job did not reach 100%"
# Some progress between 0 and 100 was seen while it ran: polling follows the job.
printf '%s\n' "${progress_seen[@]}" | jq -se 'any(. > 0 and . < 100)' >/dev/null ||
  fail "no progress between 0 and 100 seen"
call POST /runner/run '{"command": "rm", "args": {}}' >/dev/null
expect_status 400
call POST /runner/run '{"command": "countdown", "args": {"seconds": "0; reboot"}}' >/dev/null
expect_status 400

step "cancelled job: no zombies left (init reaps the job's orphans)"
call POST /runner/run '{"command": "countdown", "args": {"seconds": "30"}}' >/dev/null
job=$(json .id <"$WORK/body")
for i in $(seq 1 50); do
  [[ $(call GET "/_berth/jobs/$job" | json .state) == running ]] && break
  sleep 0.1
done
sleep 1.2 # the countdown's sh is now inside `sleep 1`
call POST "/_berth/jobs/$job/cancel" >/dev/null
for i in $(seq 1 50); do
  [[ $(call GET "/_berth/jobs/$job" | json .state) == cancelled ]] && break
  sleep 0.1
done
[[ $(call GET "/_berth/jobs/$job" | json .state) == cancelled ]] || fail "job not cancelled"
zombies=""
for i in $(seq 1 20); do
  zombies=$("$DOCKER" exec "$cid" sh -c \
    'for f in /proc/[0-9]*/stat; do cat "$f" 2>/dev/null; echo; done' |
    awk '{ sub(/^.*\) /, ""); if ($1 == "Z") n++ } END { print n + 0 }')
  [[ $zombies == 0 ]] && break
  sleep 0.2
done
[[ $zombies == 0 ]] || fail "$zombies zombie processes in the container"

step "healthcheck: berth health turns the container healthy"
wait_health healthy
"$DOCKER" exec "$cid" berth health --socket /run/guest-services/backend.sock

if command -v node >/dev/null; then
  step "UI: the generated ui/berth-client.js in Node, through a ddClient shim, against this berth"
  node "$BERTH_SOURCE_DIR/tests/e2e/ui_api_test.js" "$SOCKET"
else
  step "UI: skipped (no node on this machine)"
fi

step "docker-compose down, up: the notes are still there (named volume)"
compose down
[[ -S $SOCKET ]] && fail "berth left its socket behind"
compose up -d
wait_ready
[[ $(container_id) != "$cid" ]] || fail "the container was not recreated"
cid=$(container_id)
call GET "/notes/$note_id" >/dev/null
expect_status 200
[[ $(json .title <"$WORK/body") == "survives a recreate" ]] || fail "note lost: $(cat "$WORK/body")"

step "docker stop: SIGTERM reaches berth, clean exit well inside 10 s"
stop_cleanly "$cid"
grep -q '"msg":"stopped"' <<<"$STOPPED_LOG" || fail "no 'stopped' in the log"

echo "PASS (e2e took $(($(date +%s) - test_start)) s)"
