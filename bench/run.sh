#!/usr/bin/env bash
# berth against Go net/http, Node.js http and nginx (GET /hello), against Node.js + better-sqlite3
# (durable POST /notes), plus job round trip, start-up time and RSS. Writes bench/results/<date>.md
# and prints it. `make bench` runs it. Knobs (seconds / counts):
#   BENCH_ROUNDS=5 BENCH_DURATION=3 BENCH_WARMUP=0.5 BENCH_JOBS=20 BENCH_READY_ROUNDS=5
#   BENCH_BUILD=build-release BENCH_SKIP_BUILD= BENCH_SUFFIX= (results file <date>-<suffix>.md)
#   quick run (~3 min): BENCH_ROUNDS=3 BENCH_DURATION=1
# Servers run on CPU 0, load generators on CPU 1 (taskset): the figures are for one server core.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BENCH_BUILD:-build-release}
ROUNDS=${BENCH_ROUNDS:-5}
DURATION=${BENCH_DURATION:-3}
WARMUP=${BENCH_WARMUP:-0.5}
JOBS=${BENCH_JOBS:-20}
READY_ROUNDS=${BENCH_READY_ROUNDS:-5}
HELLO_CONNS=${BENCH_HELLO_CONNS:-"16 64"}
NOTES_CONNS=${BENCH_NOTES_CONNS:-"1 16 64"}
SERVER_CPU=0 LOAD_CPU=1
PORT_BERTH=18080 PORT_GO=18081 PORT_NODE=18082 PORT_NGINX=18083 PORT_NOTES=18084
PORT_BERTHLOG=18085 PORT_GOLOG=18086

# The peers and wrk come from Debian, like the rest of berth's dependencies (node is expected).
missing=()
command -v go >/dev/null || missing+=(golang-go)
command -v nginx >/dev/null || missing+=(nginx-light)
command -v wrk >/dev/null || missing+=(wrk)
if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "bench: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for tool in cmake go node npm nginx wrk taskset curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done

# --- build: berth as the image builds it (MinSizeRel), loadgen, 100 tiny plugins, the peers ---
# BENCH_SKIP_BUILD=1 measures what BENCH_BUILD already holds (it must be a MinSizeRel build with
# BERTH_BENCH_PLUGINS=ON), e.g. while that build folder's tests are being built.
. bench/lib.sh
if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
  bench_build "$BUILD" berth hello notes runner loadgen readytime \
    $(for i in $(seq 1 100); do echo tiny$i; done)
fi
BERTH=$ROOT/$BUILD/core/app/berth LOADGEN=$ROOT/$BUILD/bench/loadgen/loadgen
READYTIME=$ROOT/$BUILD/bench/loadgen/readytime
# The disk matters for the durable POST: the run folder is on the build folder's file system.
bench_run_dir "$ROOT/$BUILD/bench-run"
# Standard library only; GOPROXY=off makes a module download an error instead of a fetch.
GOPROXY=off GOFLAGS=-mod=mod GOCACHE=${GOCACHE:-$ROOT/$BUILD/go-cache} \
  go build -o "$RUN/go-hello" bench/peers/go-hello/main.go
GOPROXY=off GOFLAGS=-mod=mod GOCACHE=${GOCACHE:-$ROOT/$BUILD/go-cache} \
  go build -o "$RUN/go-hello-log" bench/peers/go-hello-log/main.go
if [[ ! -d bench/peers/node-notes/node_modules/better-sqlite3 ]]; then
  # From the npm registry only: compile the native module here, no prebuilt binary download.
  (cd bench/peers/node-notes && npm ci --no-audit --no-fund --build-from-source --nodedir=/usr >/dev/null)
fi

# --- helpers ------------------------------------------------------------------------------------
start() {  # start NAME SOCKET command...: on the server CPU, waits for the socket
  local name=$1 sock=$2; shift 2
  taskset -c $SERVER_CPU "$@" >"$RUN/$name.log" 2>&1 &
  PIDS+=($!)
  eval "PID_$name=$!"
  for _ in $(seq 1 200); do [[ -S $sock ]] && return 0; sleep 0.05; done
  echo "bench: $name did not start; its log:" >&2; cat "$RUN/$name.log" >&2; exit 1
}
rss() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }  # rss PID VmRSS|VmHWM|RssAnon|RssFile (KiB)
RESULTS=$RUN/results.tsv
: >"$RESULTS"
# interleave TAG "NAME=VALUE ..." COMMAND...: ROUNDS rounds; each round runs `COMMAND VALUE` for
# every server in turn, so that a slow spell of the shared machine falls on all of them alike.
# Output goes to $RUN/TAG-NAME.txt.
interleave() {
  local tag=$1 servers=$2 s out; shift 2
  for s in $servers; do : >"$RUN/$tag-${s%%=*}.txt"; done
  for _ in $(seq 1 "$ROUNDS"); do
    for s in $servers; do
      out=$RUN/$tag-${s%%=*}.txt
      "$@" "${s#*=}" >>"$out" || { echo "bench: errors in $tag ${s%%=*}: $(tail -1 "$out")" >&2; exit 1; }
    done
  done
}
# cells SCENARIO TRANSPORT CONNS "NAME=TARGET ..." loadgen-args...: the median round per server.
cells() {
  local scenario=$1 transport=$2 conns=$3 servers=$4 s; shift 4
  local tag=$scenario-$transport-c$conns
  interleave "$tag" "$servers" taskset -c $LOAD_CPU "$LOADGEN" -c "$conns" -d "$DURATION" \
    --warmup "$WARMUP" "$@" --target
  local f rps p50 p99 out
  f() { grep -o "$1=[0-9.]*" "$out" | cut -d= -f2 | median; }
  for s in $servers; do
    out=$RUN/$tag-${s%%=*}.txt
    rps=$(f rps) p50=$(f p50_ms) p99=$(f p99_ms)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "${s%%=*}" "$transport" "$conns" "$rps" "$p50" "$p99" >>"$RESULTS"
    echo "  $scenario ${s%%=*} $transport c=$conns: $rps req/s p50 $p50 ms p99 $p99 ms" >&2
  done
}
wrk_cells() {  # wrk_cells CONNS "NAME=URL ...": TCP only, the same interleaved rounds, to validate loadgen
  local conns=$1 servers=$2 s out
  interleave "wrk-c$conns" "$servers" taskset -c $LOAD_CPU wrk -t1 -c"$conns" -d"${DURATION%.*}s" --latency
  # wrk prints 50% 1.23ms / 812.00us / 1.01s: normalise to ms.
  lat() { awk -v p="$1" '$1 == p {v=$2; m=1; if (v ~ /us$/) m=0.001; else if (v ~ /ms$/) m=1; else if (v ~ /s$/) m=1000; sub(/[a-z]+$/, "", v); print v*m}' "$out" | median; }
  for s in $servers; do
    out=$RUN/wrk-c$conns-${s%%=*}.txt
    grep -q "Non-2xx\|Socket errors" "$out" && { echo "bench: wrk saw errors for ${s%%=*}" >&2; cat "$out" >&2; }
    printf 'wrk\t%s\ttcp\t%s\t%s\t%s\t%s\n' "${s%%=*}" "$conns" \
      "$(awk '/Requests\/sec/ {print $2}' "$out" | median)" "$(lat 50%)" "$(lat 99%)" >>"$RESULTS"
  done
}

# --- servers ------------------------------------------------------------------------------------
export BERTH_RUN_DIR=$RUN BERTH_PLUGIN_DIR=$ROOT/$BUILD/plugins BERTH_BENCH_TCP=127.0.0.1:$PORT_BERTH
mkdir -p "$RUN/data"
start berth "$RUN/berth.sock" "$BERTH" --config bench/berth-bench.yaml
start go "$RUN/go.sock" "$RUN/go-hello" -unix "$RUN/go.sock" -tcp 127.0.0.1:$PORT_GO
# The request-log rows: berth with the shipped log settings and Go writing the same JSON line per
# request, both with stdout in a file of the run folder.
mkdir -p "$RUN/data-log"
BERTH_BENCH_LOG_TCP=127.0.0.1:$PORT_BERTHLOG start berthlog "$RUN/berthlog.sock" "$BERTH" --config bench/berth-bench-log.yaml
start golog "$RUN/golog.sock" "$RUN/go-hello-log" -unix "$RUN/golog.sock" -tcp 127.0.0.1:$PORT_GOLOG
start node "$RUN/node.sock" node bench/peers/node-hello/server.js "$RUN/node.sock" $PORT_NODE
cat >"$RUN/nginx.conf" <<EOF
# One worker (the other servers get one CPU too), keep-alive without a request limit.
daemon off; master_process off; worker_processes 1; pid $RUN/nginx.pid; error_log $RUN/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off; keepalive_requests 100000000; keepalive_timeout 60s;
  client_body_temp_path $RUN/nginx-tmp; proxy_temp_path $RUN/nginx-tmp; fastcgi_temp_path $RUN/nginx-tmp;
  uwsgi_temp_path $RUN/nginx-tmp; scgi_temp_path $RUN/nginx-tmp;
  server {
    listen unix:$RUN/nginx.sock; listen 127.0.0.1:$PORT_NGINX;
    location = /hello { default_type application/json; return 200 '{"message":"hello"}'; }
  }
}
EOF
start nginx "$RUN/nginx.sock" nginx -e "$RUN/nginx-error.log" -c "$RUN/nginx.conf" -p "$RUN"
start notespeer "$RUN/notes.sock" node bench/peers/node-notes/server.js "$RUN/notes.sock" $PORT_NOTES "$RUN/node-notes.db"
until curl -fs --unix-socket "$RUN/berth.sock" http://localhost/_berth/ready >/dev/null; do sleep 0.05; done
until curl -fs --unix-socket "$RUN/berthlog.sock" http://localhost/_berth/ready >/dev/null; do sleep 0.05; done
sleep 1
IDLE_BERTH=$(rss "$PID_berth" VmRSS) IDLE_GO=$(rss "$PID_go" VmRSS)
IDLE_NODE=$(rss "$PID_node" VmRSS) IDLE_NGINX=$(rss "$PID_nginx" VmRSS)
# The same metric for every server (VmRSS, which counts touched shared-library pages too); the
# anonymous / file-backed split shows how much of it is libraries (Go's binary is static).
for s in berth go node nginx; do
  pid=PID_$s
  eval "ANON_${s^^}=$(rss "${!pid}" RssAnon) FILE_${s^^}=$(rss "${!pid}" RssFile)"
done
BERTH_LIBS=$(awk '$6 ~ /\.so/ {n = split($6, p, "/"); print p[n]}' "/proc/$PID_berth/maps" | sort -u | paste -sd ' ')

# --- GET /hello ---------------------------------------------------------------------------------
echo "GET /hello: $ROUNDS rounds of ${DURATION}s (+${WARMUP}s warm-up) per cell" >&2
SERVERS="berth berthlog go golog node nginx"
for conns in $HELLO_CONNS; do
  cells hello unix "$conns" "$(for s in $SERVERS; do echo "$s=unix:$RUN/$s.sock"; done)" \
    --path /hello --status 200 --body-len 19
  cells hello tcp "$conns" "$(for s in $SERVERS; do p=PORT_${s^^}; echo "$s=tcp:127.0.0.1:${!p}"; done)" \
    --path /hello --status 200 --body-len 19
done
echo "wrk (TCP) on the same cells" >&2
for conns in $HELLO_CONNS; do
  wrk_cells "$conns" "$(for s in $SERVERS; do p=PORT_${s^^}; echo "$s=http://127.0.0.1:${!p}/hello"; done)"
done

# Peak under the same load for every server: GET /hello only (the Go peer serves nothing else).
HELLO_PEAK_BERTH=$(rss "$PID_berth" VmHWM) HELLO_PEAK_GO=$(rss "$PID_go" VmHWM)
HELLO_PEAK_NODE=$(rss "$PID_node" VmHWM) HELLO_PEAK_NGINX=$(rss "$PID_nginx" VmHWM)

# --- durable POST /notes ------------------------------------------------------------------------
echo "POST /notes" >&2
for conns in $NOTES_CONNS; do
  cells notes unix "$conns" "berth=unix:$RUN/berth.sock node-sqlite=unix:$RUN/notes.sock" \
    --method POST --path /notes --body '{"title":"bench"}' --status 201
done
PEAK_BERTH=$(rss "$PID_berth" VmHWM) PEAK_GO=$(rss "$PID_go" VmHWM)
PEAK_NODE=$(rss "$PID_node" VmHWM) PEAK_NGINX=$(rss "$PID_nginx" VmHWM)

# --- a job: POST /runner/run, then long-poll GET /_berth/jobs/:id until it is finished ----------
echo "jobs: $JOBS round trips" >&2
JOB_LINE=$(taskset -c $LOAD_CPU node bench/clients/job_roundtrip.js "$RUN/berth.sock" "$JOBS")
JOB_MS=$(grep -o 'median_ms=[0-9.]*' <<<"$JOB_LINE" | cut -d= -f2)
JOB_P90_MS=$(grep -o 'p90_ms=[0-9.]*' <<<"$JOB_LINE" | cut -d= -f2)
JOB_POLLS=$(grep -o 'polls=[0-9]*' <<<"$JOB_LINE" | cut -d= -f2)

# --- start-up: fork/exec to the first 200 on /_berth/ready --------------------------------------
kill "$PID_berth"; wait "$PID_berth" 2>/dev/null || true
declare -A READY
for n in 1 10 100; do
  if [[ ! -f $ROOT/$BUILD/bench-plugins/tiny$n.so ]]; then  # BENCH_SKIP_BUILD on a partial build
    READY[$n]="not measured (tiny$n.so not built)"
    continue
  fi
  conf=$RUN/ready-$n.yaml
  { echo "server: {socket: $RUN/ready.sock}"; echo "data_dir: $RUN/ready-data-$n"
    echo "log: {level: warn}"; echo "plugin_dirs: [$ROOT/$BUILD/bench-plugins]"; echo "plugins:"
    for i in $(seq 1 "$n"); do echo "  - {name: tiny$i}"; done; } >"$conf"
  : >"$RUN/ready.txt"
  for _ in $(seq 1 "$READY_ROUNDS"); do
    rm -rf "$RUN/ready-data-$n"  # a first start each time (databases created, migrations run)
    taskset -c $SERVER_CPU "$READYTIME" --socket "$RUN/ready.sock" -- "$BERTH" --config "$conf" >>"$RUN/ready.txt"
  done
  READY[$n]=$(cut -d= -f2 "$RUN/ready.txt" | median)
  echo "  ready with $n plugins: ${READY[$n]} ms" >&2
done

# --- report -------------------------------------------------------------------------------------
DATE=$(date -u +%Y-%m-%d)
OUT=bench/results/$DATE${BENCH_SUFFIX:+-$BENCH_SUFFIX}.md  # BENCH_SUFFIX=b: a second run that day
mkdir -p bench/results
export RESULTS
{
  echo "# berth benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Server on CPU $SERVER_CPU, load generator on CPU $LOAD_CPU (taskset). Median of $ROUNDS rounds of ${DURATION} s"
  echo "(after ${WARMUP} s warm-up) per cell; keep-alive, one request in flight per connection. Rounds"
  echo "are interleaved: each round runs every server of a row group in turn, so a slow spell of the"
  echo "shared machine falls on all of them."
  echo "Load generator: bench/loadgen (Unix socket and TCP); wrk rows validate it on TCP."
  echo
  echo "## GET /hello"
  echo
  echo "Ratios are berth ÷ the row's server (req/s: higher is better for berth; p99: lower is better)."
  echo
  echo "| tool | transport | conns | server | req/s | p50 ms | p99 ms | berth req/s ÷ | berth p99 ÷ |"
  echo "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
  awk -F'\t' '$1 == "hello" || $1 == "wrk" {
      k = $1 SUBSEP $3 SUBSEP $4; if ($2 == "berth") { brps[k] = $5; bp99[k] = $7 }
      row[NR] = $0 }
    END { for (i = 1; i <= NR; i++) { if (!(i in row)) continue; split(row[i], f, "\t"); k = f[1] SUBSEP f[3] SUBSEP f[4]
      tool = f[1] == "wrk" ? "wrk" : "loadgen"
      printf "| %s | %s | %s | %s | %.0f | %.3f | %.3f | %s | %s |\n", tool, f[3], f[4], f[2], f[5], f[6], f[7],
        f[2] == "berth" ? "—" : sprintf("%.2f×", brps[k] / f[5]), f[2] == "berth" ? "—" : sprintf("%.2f×", bp99[k] / f[7]) } }' "$RESULTS"
  echo
  echo "## Durable POST /notes (201 after fsync; WAL, synchronous=FULL on both)"
  echo
  echo "| conns | server | req/s | p50 ms | p99 ms | berth req/s ÷ |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  awk -F'\t' '$1 == "notes" { if ($2 == "berth") b[$4] = $5; row[NR] = $0 }
    END { for (i = 1; i <= NR; i++) { if (!(i in row)) continue; split(row[i], f, "\t")
      printf "| %s | %s | %.0f | %.3f | %.3f | %s |\n", f[4], f[2], f[5], f[6], f[7], f[2] == "berth" ? "—" : sprintf("%.2f×", b[f[4]] / f[5]) } }' "$RESULTS"
  echo
  echo "## Memory (KiB, /proc/PID/status of each server)"
  echo
  echo "Idle: VmRSS 1 s after start (anon + file-backed). Peak under GET /hello: VmHWM after the hello"
  echo "cells, the one load every server takes. berth's overall peak adds the 64-writer POST /notes load."
  echo
  echo "| server | idle VmRSS | idle anon | idle file | peak VmHWM, hello | berth idle ÷ | berth hello peak ÷ |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  for s in BERTH GO NODE NGINX; do
    i=IDLE_$s p=HELLO_PEAK_$s a=ANON_$s f=FILE_$s
    awk -v s="${s,,}" -v i="${!i}" -v p="${!p}" -v a="${!a}" -v f="${!f}" -v bi="$IDLE_BERTH" -v bp="$HELLO_PEAK_BERTH" 'BEGIN {
      printf "| %s | %d | %d | %d | %d | %s | %s |\n", s, i, a, f, p, s == "berth" ? "—" : sprintf("%.2f×", bi / i), s == "berth" ? "—" : sprintf("%.2f×", bp / p) }'
  done
  echo
  echo "berth's peak VmHWM after all load (hello, then POST /notes at up to 64 connections): $PEAK_BERTH KiB."
  echo
  echo "Shared objects in berth's idle process (its plugins included): $BERTH_LIBS"
  echo
  echo "## Jobs and start-up"
  echo
  echo "| figure | value |"
  echo "| --- | ---: |"
  echo "| job round trip: POST /runner/run (\`true\`) + long-polls to succeeded, median of $JOBS | $JOB_MS ms |"
  echo "| job round trip, 90th percentile (median $JOB_POLLS long-polls per job) | $JOB_P90_MS ms |"
  for n in 1 10 100; do
    v=${READY[$n]}
    [[ $v =~ ^[0-9.]+$ ]] && v="$v ms"
    echo "| start → /_berth/ready 200, $n plugins (first start, median of $READY_ROUNDS) | $v |"
  done
  echo
  echo "## Notes"
  echo
  echo "- berth config: bench/berth-bench.yaml — io_threads 2 (berth runs at most one per CPU it may use:"
  echo "  one here, pinned), worker_threads 64 (started as needed), log level warn. Request lines are"
  echo "  logged at info level, so warn turns the per-request log off (the shipped config logs them)."
  echo "- berthlog: berth with bench/berth-bench-log.yaml, the shipped log settings (level info, a JSON"
  echo "  line per request to stdout, a file here); golog: bench/peers/go-hello-log, the Go peer writing"
  echo "  the same JSON line per request with one write(2) each."
  echo "- Peers: Go net/http (bench/peers/go-hello), Node.js http (bench/peers/node-hello), nginx \`return 200\`"
  echo "  with one worker, access_log off; Node.js + better-sqlite3 $(node -p 'require("./bench/peers/node-notes/node_modules/better-sqlite3/package.json").version') for POST /notes (one fsync per request)."
  echo "- Start-up uses tiny1..tinyN.so (bench/plugins: one route each, compiled once, linked N times)."
  echo "- Job round trips: bench/clients/job_roundtrip.js (node:http, one keep-alive connection), as a"
  echo "  frontend polls: each GET /_berth/jobs/:id?wait=10&version=N returns at the job's next change."
  echo
  echo "## Machine"
  echo
  echo "- $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) CPUs; $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM; kernel $(uname -r)"
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes the figures noisy)"
  echo "- run folder file system: $(df -T "$RUN" | awk 'NR==2 {print $2}') on $(df "$RUN" | awk 'NR==2 {print $1}')"
  echo "- berth $(git rev-parse --short HEAD 2>/dev/null || echo '?') ($BUILD, MinSizeRel as in the image), $(g++ --version | head -1)"
  echo "- $(go version | cut -d' ' -f3), node $(node --version), $(nginx -v 2>&1 | cut -d' ' -f3), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
} >"$OUT"
cat "$OUT"
echo "bench: wrote $OUT" >&2
