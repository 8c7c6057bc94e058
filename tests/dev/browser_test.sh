#!/usr/bin/env bash
# berth dev in real headless Chromium: browser_test.mjs against two berth dev instances (reply
# shapes data and plain) serving fixture/ with the SDK's own dist/index.js beside it, and a fake
# Docker Engine for docker.listContainers/listImages.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
if [[ ! -x /usr/bin/chromium ]]; then
  echo "FAIL: chromium is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
if [[ ! -d $here/node_modules/puppeteer-core ]]; then
  echo "FAIL: puppeteer-core is not installed in tests/dev (scripts/install-deps.sh runs npm ci)" >&2
  exit 1
fi
work=$(mktemp -d /tmp/berth-dev-browser.XXXXXX)

mkdir -p "$work/data" "$work/plain" "$work/ui/sdk"
cp "$here"/fixture/* "$work/ui/"
cp "$here/node_modules/@docker/extension-api-client/dist/index.js" "$work/ui/sdk/index.js"
python3 "$here/fake_engine.py" "$work/engine.sock" &
DEV_HELPERS+=($!)
for _ in $(seq 100); do [[ -S $work/engine.sock ]] && break; sleep 0.05; done

export DOCKER_HOST=unix://$work/engine.sock
start_dev "$work/data" --ui "$work/ui"
data_url=$DEV_URL
start_dev "$work/plain" --ui "$work/ui" --reply-shape plain
plain_url=$DEV_URL
cd "$here"
timeout 120 node browser_test.mjs "$work/ui" "$data_url" "$plain_url"
