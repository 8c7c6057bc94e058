#!/usr/bin/env bash
# What the README promises: berth with config/berth.yaml answers
#   curl --unix-socket run/backend.sock http://localhost/hello
set -euo pipefail
berth=$1 config=$2
build_dir=$(dirname "$(dirname "$(dirname "$berth")")")
run_dir=$(mktemp -d /tmp/berth-smoke-XXXXXX)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$run_dir"' EXIT
BERTH_RUN_DIR=$run_dir BERTH_PLUGIN_DIR=$build_dir/plugins "$berth" --config "$config" --tcp "" \
  >"$run_dir/log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  [[ -S $run_dir/backend.sock ]] && curl -sf --unix-socket "$run_dir/backend.sock" \
    http://localhost/_berth/ready >/dev/null && break
  sleep 0.05
done
body=$(curl -sS --unix-socket "$run_dir/backend.sock" http://localhost/hello)
echo "GET /hello -> $body"
[[ $body == '{"message":"hello"}' ]] || { cat "$run_dir/log"; exit 1; }
kill -TERM $pid
wait $pid
echo "exit code $? after SIGTERM"
[[ ! -e $run_dir/backend.sock ]] || { echo "socket left behind"; exit 1; }
