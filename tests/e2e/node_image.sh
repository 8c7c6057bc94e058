#!/usr/bin/env bash
# Prints the image the Dockerfile's ui stage builds on (NODE_IMAGE) when no registry is reachable:
# Debian's nodejs and npm (Node 18, enough for Vite) on the local base image, built once per
# engine. BERTH_NODE_IMAGE names another one instead. Used by image_build_test.sh and .ci/run.
#   tests/e2e/node_image.sh BASE_IMAGE      (DOCKER_HOST set; docker = Debian's /usr/bin/docker)
set -euo pipefail
base=${1:?base image}
docker=${DOCKER:-/usr/bin/docker}
image=${BERTH_NODE_IMAGE:-local/node:bookworm}
if [[ -z ${BERTH_NODE_IMAGE:-} ]] && ! "$docker" image inspect "$image" >/dev/null 2>&1; then
  printf 'FROM %s\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*\n' \
    "$base" | DOCKER_BUILDKIT=0 "$docker" build --network host -t "$image" - >&2
fi
echo "$image"
