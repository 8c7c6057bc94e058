#!/usr/bin/env bash
# What the host's schema checks cost: the same handler behind routes that declare nothing and
# routes with a query or a note-shaped body schema (bench/plugins/contract_bench_plugin.cc), on
# the Unix socket, interleaved rounds, ratios in one run. Writes bench/results/contract-<date>.md.
#   BENCH_BUILD=build-release BENCH_SKIP_BUILD= BENCH_ROUNDS=5 BENCH_DURATION=3 BENCH_CONNS="16 64"
# The server runs on CPU 0, loadgen on CPU 1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BENCH_BUILD:-build-release}
ROUNDS=${BENCH_ROUNDS:-5}
DURATION=${BENCH_DURATION:-3}
CONNS=${BENCH_CONNS:-"16 64"}
. bench/lib.sh
[[ -z ${BENCH_SKIP_BUILD:-} ]] && bench_build "$BUILD" berth loadgen contract_bench
bench_run_dir "$ROOT/$BUILD/bench-run"
cat >"$RUN/berth.yaml" <<YAML
server: {socket: $RUN/berth.sock, tcp: null}
data_dir: $RUN/data
log: {level: warn}
plugin_dirs: [$ROOT/$BUILD/bench-plugins]
plugins:
  - name: contract_bench
    mount: /
YAML
taskset -c 0 "$ROOT/$BUILD/core/app/berth" --config "$RUN/berth.yaml" >"$RUN/berth.log" 2>&1 &
PID=$!
PIDS+=($PID)
until curl -fs --unix-socket "$RUN/berth.sock" http://x/_berth/ready >/dev/null 2>&1; do sleep 0.05; done

BODY='{"title":"a note","body":"some text of a few words","tags":["one","two"]}'
request_args() {  # request_args get-plain|get-checked|post-plain|post-checked
  case $1 in
    get-*) echo "--path" "/${1#get-}?limit=5&q=x" ;;
    post-*) echo "--method" "POST" "--path" "/${1#post-}" ;;
  esac
}
out=bench/results/contract-$(date -u +%F).md
{
  echo "# Schema checks: declared vs undeclared routes ($(date -u +%F))"
  echo
  echo "$ROUNDS interleaved rounds of ${DURATION}s per cell, medians; berth $BUILD on CPU 0, loadgen on"
  echo "CPU 1, Unix socket. The same handler answers every route; \`checked\` routes declare a query"
  echo "schema (GET) or a note-shaped body schema (POST) that each request passes."
  echo
  echo "| route | conns | req/s | p50 ms | p99 ms | req/s checked ÷ plain | p99 checked ÷ plain |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
} >"$out"
for c in $CONNS; do
  names="get-plain get-checked post-plain post-checked"
  for name in $names; do : >"$RUN/$name-$c"; done
  for _ in $(seq 1 "$ROUNDS"); do
    for name in $names; do
      body=()
      [[ $name == post-* ]] && body=(--body "$BODY")
      # shellcheck disable=SC2046
      taskset -c 1 "$ROOT/$BUILD/bench/loadgen/loadgen" -c "$c" -d "$DURATION" --warmup 0.5 \
        --status 200 $(request_args "$name") "${body[@]}" --target "unix:$RUN/berth.sock" \
        >>"$RUN/$name-$c"
    done
  done
  for method in get post; do
    for kind in plain checked; do
      f=$RUN/$method-$kind-$c
      grep -q "errors=0 bad_status=0" "$f" || { echo "contract bench: errors in $method-$kind"; cat "$f"; exit 1; }
      eval "${kind}_rps=$(grep -o 'rps=[0-9.]*' "$f" | cut -d= -f2 | median)"
      eval "${kind}_p50=$(grep -o 'p50_ms=[0-9.]*' "$f" | cut -d= -f2 | median)"
      eval "${kind}_p99=$(grep -o 'p99_ms=[0-9.]*' "$f" | cut -d= -f2 | median)"
    done
    echo "| ${method^^} /plain | $c | $plain_rps | $plain_p50 | $plain_p99 | | |" >>"$out"
    echo "| ${method^^} /checked | $c | $checked_rps | $checked_p50 | $checked_p99 | $(awk "BEGIN {printf \"%.2f\", $checked_rps / $plain_rps}") | $(awk "BEGIN {printf \"%.2f\", $checked_p99 / $plain_p99}") |" >>"$out"
  done
done
cat "$out"
