#!/usr/bin/env bash
# Installs what berth needs to build and test, from Debian 12's packages. Idempotent: does nothing
# when everything is there. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git curl
  libpistache-dev libssl-dev libhttp-parser-dev
  libboost-dev libboost-filesystem-dev
  libyaml-cpp-dev nlohmann-json3-dev libvalijson-dev
  libsqlitecpp-dev libsqlite3-dev libre2-dev
  libcli11-dev
  libcurl4-openssl-dev doctest-dev
  # GET /_berth/metrics: prometheus-cpp's core; its tests check the output with promtool
  prometheus-cpp-dev prometheus
  # `make fuzz`: clang 14 and its libFuzzer runtime
  clang libclang-rt-14-dev
  # tests against a real Docker Engine (tests/engine): dockerd, compose 1.29, a base image
  docker.io docker-compose debootstrap busybox-static jq nodejs
  # the UI in a real browser (tests/ui, puppeteer-core drives Debian's chromium)
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The npm packages of the UI and the tests (ui/package-lock.json: React, MUI, Vite, vitest; each
# tests/*/package-lock.json: the TypeScript compiler of tests/client and `make client`, the
# OpenAPI validator of tests/openapi, puppeteer-core of tests/ui), from the npm registry.
# Installed again only when node_modules is missing or was installed from another lock file (the
# copy npm ci leaves as a stamp).
root=$(cd "$(dirname "$0")/.." && pwd)
for lock in "$root"/ui/package-lock.json "$root"/tests/*/package-lock.json; do
  dir=$(dirname "$lock")
  cmp -s "$lock" "$dir/node_modules/.berth-lock" && continue
  if ! command -v npm >/dev/null; then  # Debian's nodejs comes without it; NodeSource's has it
    [[ $(id -u) -ne 0 ]] && sudo="sudo" || sudo=""
    $sudo apt-get install -y -qq --no-install-recommends npm
  fi
  echo "npm ci in ${dir#"$root"/}"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$lock" "$dir/node_modules/.berth-lock"
done
