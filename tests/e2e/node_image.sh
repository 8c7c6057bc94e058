#!/usr/bin/env bash
# Prints the image the Dockerfile's ui stage builds on (NODE_IMAGE) when no registry of images is
# reachable: Debian's nodejs and npm (Node 18, enough for Vite) on the local base image, built once
# per engine. npm in it trusts the CA bundle this host trusts (NODE_EXTRA_CA_CERTS), so that
# `npm ci` reaches the npm registry the way the host's npm does (behind a TLS-inspecting proxy the
# host's bundle holds the proxy's CA; elsewhere it is just Debian's). Test images only: the
# shipped Dockerfile does not do this. BERTH_NODE_IMAGE names another image instead.
#   tests/e2e/node_image.sh BASE_IMAGE      (DOCKER_HOST set; docker = Debian's /usr/bin/docker)
set -euo pipefail
base=${1:?base image}
docker=${DOCKER:-/usr/bin/docker}
image=${BERTH_NODE_IMAGE:-local/node:bookworm-hostca}
bundle=${BERTH_HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
if [[ -z ${BERTH_NODE_IMAGE:-} ]] && ! "$docker" image inspect "$image" >/dev/null 2>&1; then
  context=$(mktemp -d /tmp/berth-node-image.XXXXXX)
  trap 'rm -rf "$context"' EXIT
  cp "$bundle" "$context/host-ca.crt"
  cat >"$context/Dockerfile" <<DOCKERFILE
FROM $base
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \\
 && rm -rf /var/lib/apt/lists/*
COPY host-ca.crt /usr/local/share/berth-host-ca.crt
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/berth-host-ca.crt
DOCKERFILE
  DOCKER_BUILDKIT=0 "$docker" build --network host -t "$image" "$context" >&2
fi
echo "$image"
