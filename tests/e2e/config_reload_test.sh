#!/usr/bin/env bash
# Editing the overlay in the berth-config volume changes a plugin's behaviour without restarting
# the container.
source "$(dirname "$0")/lib.sh"
require_image
new_project berthreload

step "docker-compose up"
compose up -d
wait_ready
cid=$(container_id)
[[ $(call GET /hello | json .message) == hello ]] || fail "hello: $(cat "$WORK/body")"
started=$("$DOCKER" inspect -f '{{.State.StartedAt}}' "$cid")

step "write the overlay in the berth-config volume: greeting: ahoy"
config_dir=$("$DOCKER" volume inspect -f '{{.Mountpoint}}' "${PROJECT}_berth-config")
config=$config_dir/berth.overlay.yaml
[[ -f $config ]] || fail "berth did not create $config"
# The way editors and sed -i save: a new file renamed over the old one.
printf 'plugins:\n  - name: hello\n    config: {greeting: ahoy}\n' >"$config_dir/.overlay.new"
mv "$config_dir/.overlay.new" "$config"

step "GET /hello answers ahoy within 10 s"
wait_for_greeting ahoy

step "the container was not restarted"
[[ $(container_id) == "$cid" ]] || fail "container replaced"
[[ $("$DOCKER" inspect -f '{{.State.StartedAt}}' "$cid") == "$started" ]] || fail "restarted"
[[ $("$DOCKER" inspect -f '{{.RestartCount}}' "$cid") == 0 ]] || fail "RestartCount is not 0"
echo "PASS"
