#!/usr/bin/env bash
# An update keeps the user's edits and applies the new release's shipped config: image v1 (its
# shipped config without the runner plugin), an edit of the overlay in the berth-config volume,
# then v2 (the shipped config with runner), the container recreated with its volumes as
# `docker extension update` does: runner runs and the edit holds.
source "$(dirname "$0")/lib.sh"
require_image
new_project berthupdate
V2=$IMAGE
V1=$IMAGE-v1-without-runner

step "image v1: the e2e image with a shipped config that has no runner (a thin layer)"
mkdir -p "$WORK/v1"
awk '/^  - name: runner/ {skip = 1; next} /^  - name: / {skip = 0} !skip' \
  "$BERTH_SOURCE_DIR/config/extension/berth.yaml" >"$WORK/v1/berth.yaml"
! grep -q 'name: runner' "$WORK/v1/berth.yaml" || fail "runner still in v1's config"
cat >"$WORK/v1/Dockerfile" <<DOCKERFILE
FROM $V2
COPY berth.yaml /etc/berth/berth.yaml
RUN berth --check --config /etc/berth/berth.yaml
DOCKERFILE
"$DOCKER" build -q --network host -t "$V1" "$WORK/v1" >/dev/null
# cleanup_project exits with the status it finds in $?.
trap 'rc=$?; "$DOCKER" image rm -f "$V1" >/dev/null 2>&1; (exit $rc); cleanup_project' EXIT

step "install v1"
IMAGE=$V1 compose up -d
wait_ready
cid=$(IMAGE=$V1 container_id)
[[ $(call GET /hello | json .message) == hello ]] || fail "hello: $(cat "$WORK/body")"
call GET /runner/commands >/dev/null
expect_status 404

step "edit the overlay in the berth-config volume: greeting: ahoy"
config_dir=$("$DOCKER" volume inspect -f '{{.Mountpoint}}' "${PROJECT}_berth-config")
overlay=$config_dir/berth.overlay.yaml
for i in $(seq 1 50); do [[ -s $overlay ]] && break; sleep 0.2; done
grep -q "^# Your changes to berth's configuration" "$overlay" || fail "no guide in $overlay"
# As editors save: a new file renamed over the old one.
{ cat "$overlay"; printf 'plugins:\n  - name: hello\n    config: {greeting: ahoy}\n'; } \
  >"$config_dir/.berth.overlay.yaml.new"
mv "$config_dir/.berth.overlay.yaml.new" "$overlay"
wait_for_greeting ahoy

step "update to v2: the container recreated from the new image, volumes kept"
IMAGE=$V2 compose up -d
[[ $(IMAGE=$V2 container_id) != "$cid" ]] || fail "the container was not recreated"
[[ $("$DOCKER" inspect -f '{{.Config.Image}}' "$(IMAGE=$V2 container_id)") == "$V2" ]] ||
  fail "the container does not run v2"
wait_ready

step "v2's new plugin runs and the user's edit holds"
call GET /runner/commands | json '.commands | length' >/dev/null ||
  fail "runner: $(status) $(cat "$WORK/body")"
expect_status 200
[[ $(call GET /hello | json .message) == ahoy ]] || fail "the edit was lost: $(cat "$WORK/body")"
call GET /_berth/config >"$WORK/config.json"
[[ $(json '.origins["/plugins/0/config/greeting"]' <"$WORK/config.json") == \
  /var/lib/berth-config/berth.overlay.yaml:* ]] || fail "origin: $(cat "$WORK/config.json")"
[[ $(json '.files | map(.role) | join(",")' <"$WORK/config.json") == shipped,overlay ]] ||
  fail "files: $(cat "$WORK/config.json")"
echo "PASS"
