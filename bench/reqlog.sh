#!/usr/bin/env bash
# The request-log rows of bench/run.sh on their own (issue 16), in minutes instead of `make bench`:
# GET /hello over the Unix socket for berth with the log off (bench/berth-bench.yaml), berth with
# the shipped log settings (bench/berth-bench-log.yaml), the Go peer, and the Go peer writing the
# same line per request; interleaved rounds, medians, and the ratios the targets are stated in.
# Writes bench/results/reqlog-<date>[-<suffix>].md and prints it. Knobs:
#   REQLOG_ROUNDS=5 REQLOG_DURATION=3 REQLOG_WARMUP=0.5 REQLOG_CONNS="16 64" REQLOG_SUFFIX=
#   BENCH_BUILD=build-release BENCH_SKIP_BUILD= (as bench/run.sh)
#   REQLOG_NOTE= (a line for the report: what BENCH_BUILD holds when it is not this checkout)
# Servers run on CPU 0, the load generator on CPU 1 (taskset): the figures are for one server core.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BENCH_BUILD:-build-release}
ROUNDS=${REQLOG_ROUNDS:-5}
DURATION=${REQLOG_DURATION:-3}
WARMUP=${REQLOG_WARMUP:-0.5}
CONNS=${REQLOG_CONNS:-"16 64"}
SERVER_CPU=0 LOAD_CPU=1
SERVERS="berth berthlog go golog"
for tool in cmake go taskset curl awk; do
  command -v "$tool" >/dev/null || { echo "reqlog: $tool is missing (bench/run.sh installs it)" >&2; exit 1; }
done

. bench/lib.sh
[[ -z ${BENCH_SKIP_BUILD:-} ]] && bench_build "$BUILD" berth hello loadgen
BERTH=$ROOT/$BUILD/core/app/berth LOADGEN=$ROOT/$BUILD/bench/loadgen/loadgen
bench_run_dir "$ROOT/$BUILD/bench-run"
for peer in go-hello go-hello-log; do
  GOPROXY=off GOFLAGS=-mod=mod GOCACHE=${GOCACHE:-$ROOT/$BUILD/go-cache} \
    go build -o "$RUN/$peer" "bench/peers/$peer/main.go"
done

start() {  # start NAME command...: on the server CPU, stdout in a file; waits for NAME's socket
  local name=$1; shift
  taskset -c $SERVER_CPU "$@" >"$RUN/$name.out" 2>"$RUN/$name.err" &
  PIDS+=($!)
  eval "PID_$name=$!"
  for _ in $(seq 1 200); do [[ -S $RUN/$name.sock ]] && return 0; sleep 0.05; done
  echo "reqlog: $name did not start:" >&2; cat "$RUN/$name.err" >&2; exit 1
}
export BERTH_RUN_DIR=$RUN BERTH_PLUGIN_DIR=$ROOT/$BUILD/plugins
export BERTH_BENCH_TCP=127.0.0.1:18090 BERTH_BENCH_LOG_TCP=127.0.0.1:18091
mkdir -p "$RUN/data" "$RUN/data-log"
start berth "$BERTH" --config bench/berth-bench.yaml
start berthlog "$BERTH" --config bench/berth-bench-log.yaml
start go "$RUN/go-hello" -unix "$RUN/go.sock" -tcp 127.0.0.1:18092
start golog "$RUN/go-hello-log" -unix "$RUN/golog.sock" -tcp 127.0.0.1:18093
for s in berth berthlog; do
  until curl -fs --unix-socket "$RUN/$s.sock" http://localhost/_berth/ready >/dev/null; do sleep 0.05; done
done
sleep 1

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system, every thread's
HZ=$(getconf CLK_TCK)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "reqlog: $ROUNDS rounds of ${DURATION}s (+${WARMUP}s warm-up) per cell, load average $LOAD_BEFORE" >&2
RESULTS=$RUN/results.tsv
: >"$RESULTS"
for conns in $CONNS; do
  for s in $SERVERS; do : >"$RUN/c$conns-$s.txt"; done
  # Each round runs every server in turn: a slow spell of the shared machine falls on all alike.
  for _ in $(seq 1 "$ROUNDS"); do
    for s in $SERVERS; do
      out=$RUN/c$conns-$s.txt pid=PID_$s
      before=$(cpu_ticks "${!pid}")
      taskset -c $LOAD_CPU "$LOADGEN" -c "$conns" -d "$DURATION" --warmup "$WARMUP" \
        --path /hello --status 200 --body-len 19 --target "unix:$RUN/$s.sock" >"$RUN/round.txt" ||
        { echo "reqlog: errors for $s at c=$conns: $(tail -1 "$RUN/round.txt")" >&2; exit 1; }
      # The server's CPU time per request (all its threads), warm-up included: what one request
      # costs however much of the CPU the shared machine left it.
      echo "$(cat "$RUN/round.txt") cpu_us=$(awk -v t=$(($(cpu_ticks "${!pid}") - before)) -v hz="$HZ" \
        '{n = $0; sub(/.*answered=/, "", n); printf "%.3f", t * 1e6 / hz / n}' "$RUN/round.txt")" >>"$out"
    done
  done
  for s in $SERVERS; do
    out=$RUN/c$conns-$s.txt
    f() { grep -o "$1=[0-9.]*" "$out" | cut -d= -f2 | median; }
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$conns" "$s" "$(f rps)" "$(f p50_ms)" "$(f p99_ms)" "$(f cpu_us)" >>"$RESULTS"
    echo "  c=$conns $s: $(f rps) req/s p99 $(f p99_ms) ms, $(f cpu_us) µs CPU/request (rounds: $(grep -o 'rps=[0-9]*' "$out" | cut -d= -f2 | paste -sd' '))" >&2
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
# Every request line berth wrote, and the notices of lines it dropped (stdout is a file: none).
LOGGED=$(grep -c '"msg":"request"' "$RUN/berthlog.out" || true)
DROPPED=$({ grep -o '"dropped":[0-9]*' "$RUN/berthlog.out" || true; } | cut -d: -f2 | awk '{s += $1} END {print s + 0}')

DATE=$(date -u +%Y-%m-%d)
OUT=bench/results/reqlog-$DATE${REQLOG_SUFFIX:+-$REQLOG_SUFFIX}.md
{
  echo "# Request log rows, $(date -u '+%Y-%m-%d %H:%M') UTC (bench/reqlog.sh)"
  echo
  echo "${REQLOG_NOTE:-berth: $(git rev-parse --abbrev-ref HEAD) $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core || echo ', with uncommitted changes').}"
  echo
  echo "GET /hello over the Unix socket, berth from $BUILD (MinSizeRel, as the image), server on CPU $SERVER_CPU,"
  echo "bench/loadgen on CPU $LOAD_CPU, $ROUNDS interleaved rounds of ${DURATION}s (+${WARMUP}s warm-up) per cell, median."
  echo "Load average (1, 5, 15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER."
  echo
  echo "- berth: bench/berth-bench.yaml (log level warn: no request log)"
  echo "- berthlog: bench/berth-bench-log.yaml (shipped log settings: info, JSON, \`requests: all\`), stdout to a file"
  echo "- go: bench/peers/go-hello; golog: bench/peers/go-hello-log (the same JSON line, one write(2) each), stdout to a file"
  echo
  echo "| conns | server | req/s | p50 ms | p99 ms | CPU µs/request |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  awk -F'\t' '{printf "| %s | %s | %.0f | %.3f | %.3f | %.2f |\n", $1, $2, $3, $4, $5, $6}' "$RESULTS"
  echo
  awk -F'\t' -v conns="$CONNS" '
    { rps[$1, $2] = $3; p99[$1, $2] = $5; cpu[$1, $2] = $6 }
    function row(name, target, a, b, what, ok_if_ge, limit,   n, c, i, v, cells, met) {
      n = split(conns, c, " "); cells = ""; met = 1
      for (i = 1; i <= n; i++) {
        if (what == "rps") v = rps[c[i], a] / rps[c[i], b]
        else if (what == "p99") v = p99[c[i], a] / p99[c[i], b]
        else v = cpu[c[i], b] / cpu[c[i], a]  # requests per CPU second, a over b
        cells = cells sprintf(" %.2f× |", v)
        if (ok_if_ge ? v < limit : v > limit) met = 0
      }
      printf "| %s |%s %s | %s |\n", name, cells, target, met ? "met" : "not met"
    }
    END {
      n = split(conns, c, " "); head = "| ratio |"; line = "| --- |"
      for (i = 1; i <= n; i++) { head = head " c=" c[i] " |"; line = line " ---: |" }
      print head " target | |"; print line " --- | --- |"
      row("berthlog ÷ berth off, req/s", "≥ 0.85×", "berthlog", "berth", "rps", 1, 0.85)
      row("berthlog ÷ berth off, p99", "≤ 1.2×", "berthlog", "berth", "p99", 0, 1.2)
      row("berthlog ÷ golog, req/s", "≥ 1.5×", "berthlog", "golog", "rps", 1, 1.5)
      row("berthlog ÷ berth off, requests per CPU second", "≥ 0.85×", "berthlog", "berth", "cpu", 1, 0.85)
      row("berthlog ÷ golog, requests per CPU second", "≥ 1.5×", "berthlog", "golog", "cpu", 1, 1.5)
    }' "$RESULTS"
  echo
  echo "Requests per CPU second are 1 / (the server process's user + system CPU time per request,"
  echo "all threads, from /proc/PID/stat around each round, warm-up included): what req/s would be"
  echo "on a core of its own, whatever share of CPU $SERVER_CPU the other processes took."
  echo
  echo "berthlog wrote $LOGGED request lines; notices counted $DROPPED dropped lines."
} >"$OUT"
cat "$OUT"
