#!/usr/bin/env bash
# Editing berth.yaml in the mounted config volume changes a plugin's behaviour without restarting
# the container. Needs berth's config reload (issue #6, done separately): until then it fails.
source "$(dirname "$0")/lib.sh"
require_image
new_project berthreload

step "docker-compose up"
compose up -d
wait_ready
cid=$(container_id)
[[ $(call GET /hello | json .message) == hello ]] || fail "hello: $(cat "$WORK/body")"
started=$("$DOCKER" inspect -f '{{.State.StartedAt}}' "$cid")

step "rewrite berth.yaml in the berth-config volume: greeting: ahoy"
config_dir=$("$DOCKER" volume inspect -f '{{.Mountpoint}}' "${PROJECT}_berth-config")
config=$config_dir/berth.yaml
grep -q '^      greeting: hello$' "$config" || fail "the volume was not seeded from the image"
# The way editors and sed -i save: a new file renamed over the old one.
sed 's/^      greeting: hello$/      greeting: ahoy/' "$config" >"$config_dir/.berth.yaml.new"
mv "$config_dir/.berth.yaml.new" "$config"
grep -q 'greeting: ahoy' "$config"

step "GET /hello answers ahoy within 10 s"
message=""
for i in $(seq 1 50); do
  message=$(call GET /hello | json .message 2>/dev/null || true)
  [[ $message == ahoy ]] && break
  sleep 0.2
done
[[ $message == ahoy ]] || fail "after 10 s GET /hello still says '$message'"

step "the container was not restarted"
[[ $(container_id) == "$cid" ]] || fail "container replaced"
[[ $("$DOCKER" inspect -f '{{.State.StartedAt}}' "$cid") == "$started" ]] || fail "restarted"
[[ $("$DOCKER" inspect -f '{{.RestartCount}}' "$cid") == 0 ]] || fail "RestartCount is not 0"
echo "PASS"
