#!/usr/bin/env bash
# Soak (not part of CI): berth under ~80% of its measured capacity of mixed traffic for a long
# time — GET /hello, notes CRUD, jobs with long polls, pipelined clients, slow writers and readers
# (bench/clients/soak_client.js) — sampling the berth process's RSS and open fds. Passes when,
# after the warm-up, RSS stays within SOAK_RSS_TOLERANCE of its post-warm-up baseline (medians of
# windows of samples, see the verdict), berth holds no more fds with no client connected after the
# soak than before it, the clients saw no unexpected answer, berth is still up and logged no error.
# Writes bench/results/soak-<date>[-<suffix>].md and exits non-zero when a criterion fails.
#
#   SOAK_DURATION=1800 (s)   SOAK_WARMUP (s; default duration/5, 20..120)   SOAK_SAMPLE=5 (s)
#   SOAK_LOAD=0.8 (of capacity)   SOAK_RATE (req/s; skips the capacity measurement)
#   SOAK_CAPACITY_SECONDS=20   SOAK_RSS_TOLERANCE=0.10   SOAK_FD_SLACK=24
#   SOAK_BUILD=build-release   SOAK_SKIP_BUILD= (use what SOAK_BUILD holds)   SOAK_SUFFIX=
#   SOAK_CLIENTS="--hello 8 --notes 4 --jobs 2 --pipelined 2 --slow 2"
# Short check: SOAK_DURATION=120 bash bench/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${SOAK_BUILD:-build-release}
DURATION=${SOAK_DURATION:-1800}
SAMPLE=${SOAK_SAMPLE:-5}
LOAD=${SOAK_LOAD:-0.8}
CAPACITY_SECONDS=${SOAK_CAPACITY_SECONDS:-20}
RSS_TOLERANCE=${SOAK_RSS_TOLERANCE:-0.10}
# A sample counts the connections in flight at that moment: the default client mix keeps up to
# ~20 open and reconnects some, so a single sample may sit that far above the baseline without a
# leak. A leak shows in the idle counts with no client connected, before and after the soak.
FD_SLACK=${SOAK_FD_SLACK:-24}
CLIENTS=${SOAK_CLIENTS:-"--hello 8 --notes 4 --jobs 2 --pipelined 2 --slow 2"}
WARMUP=${SOAK_WARMUP:-$(awk -v d="$DURATION" 'BEGIN { w = int(d / 5); print (w < 20 ? 20 : (w > 120 ? 120 : w)) }')}
SERVER_CPU=0 LOAD_CPU=1
((WARMUP + 3 * SAMPLE < DURATION)) || { echo "soak: SOAK_DURATION must exceed the warm-up (${WARMUP}s) by 3 samples" >&2; exit 2; }
for tool in cmake node taskset curl awk; do
  command -v "$tool" >/dev/null || { echo "soak: $tool is missing" >&2; exit 2; }
done

# --- build: berth and the plugins the mix uses, as the image builds them (MinSizeRel) ------------
. bench/lib.sh
[[ -z ${SOAK_SKIP_BUILD:-} ]] && bench_build "$BUILD" berth hello notes runner
BERTH=$ROOT/$BUILD/core/app/berth
[[ -x $BERTH ]] || { echo "soak: no berth binary in $BUILD" >&2; exit 2; }

bench_run_dir "$ROOT/$BUILD/soak-run"

# The benchmark's config (request log off, runner's `noop`), with a TCP port the kernel picks.
export BERTH_RUN_DIR=$RUN BERTH_PLUGIN_DIR=$ROOT/$BUILD/plugins BERTH_BENCH_TCP=127.0.0.1:0
mkdir -p "$RUN/data"
taskset -c $SERVER_CPU "$BERTH" --config bench/berth-bench.yaml >"$RUN/berth.log" 2>&1 &
BERTH_PID=$!
PIDS+=($BERTH_PID)
for _ in $(seq 1 200); do
  curl -fs --unix-socket "$RUN/berth.sock" http://localhost/_berth/ready >/dev/null 2>&1 && break
  kill -0 $BERTH_PID 2>/dev/null || { echo "soak: berth exited; its log:" >&2; cat "$RUN/berth.log" >&2; exit 1; }
  sleep 0.05
done
client() {  # client SECONDS RATE OUTPUT
  taskset -c $LOAD_CPU node bench/clients/soak_client.js --socket "$RUN/berth.sock" \
    --duration "$1" --rate "$2" --report "$SAMPLE" $CLIENTS >"$3" 2>&1
}
final() { grep '"final":true' "$1" | tail -1; }
field() { grep -o "\"$2\":[0-9.]*" <<<"$1" | head -1 | cut -d: -f2; }

# --- capacity: the same mix, unthrottled ----------------------------------------------------------
if [[ -n ${SOAK_RATE:-} ]]; then
  CAPACITY="not measured (SOAK_RATE given)"
  RATE=$SOAK_RATE
else
  echo "soak: measuring capacity (${CAPACITY_SECONDS}s unthrottled)" >&2
  client "$CAPACITY_SECONDS" 0 "$RUN/capacity.out" || {
    echo "soak: errors while measuring capacity:" >&2
    tail -5 "$RUN/capacity.out" >&2
    exit 1
  }
  CAPACITY=$(field "$(final "$RUN/capacity.out")" rps)
  RATE=$(awk -v c="$CAPACITY" -v l="$LOAD" 'BEGIN { printf "%d", c * l }')
fi
echo "soak: ${DURATION}s at $RATE req/s (capacity $CAPACITY), warm-up ${WARMUP}s, a sample every ${SAMPLE}s" >&2

# berth's open fds with no client connected, once the count has settled: a job client's long poll
# (wait=10) keeps its connection until it is answered. Taken after the capacity run and again
# after the soak, each with a census by kind (idle_fds FILE). A database's pool of reader
# connections opens lazily up to its bound (each connection holds the database and its -wal file),
# so database files may grow up to that bound; anything else the second census holds more of is a
# leak.
idle_fds() {
  local previous=-1 now fd
  sleep 11
  for _ in $(seq 1 40); do
    now=$(ls /proc/$BERTH_PID/fd | wc -l)
    ((now == previous)) && break
    previous=$now
    sleep 0.5
  done
  for fd in /proc/$BERTH_PID/fd/*; do readlink "$fd" || true; done |
    sed -E -e "s#^$RUN/##" -e 's/^(socket|pipe):\[[0-9]+\]$/\1/' -e 's/^anon_inode:\[?([a-z_]+)\]?$/\1/' |
    sort | uniq -c | awk '{ print $2, $1 }' >"$1"
  echo "$now"
}
# Database fds: files ending .db, .db-wal, .db-shm, .db-journal.
db_fds() { awk '$1 ~ /\.db(-wal|-shm|-journal)?$/ { n += $2 } END { print n + 0 }' "$1"; }
other_fds() { awk '$1 !~ /\.db(-wal|-shm|-journal)?$/ { n += $2 } END { print n + 0 }' "$1"; }
IDLE_FDS_BEFORE=$(idle_fds "$RUN/fds-before.txt")

# --- soak: the client in the background, samples of the berth process -----------------------------
client "$DURATION" "$RATE" "$RUN/soak.out" &
CLIENT_PID=$!
PIDS+=($CLIENT_PID)
SAMPLES=$RUN/samples.tsv
: >"$SAMPLES"
start=$(date +%s.%N)
BERTH_DIED=""
while kill -0 $CLIENT_PID 2>/dev/null; do
  sleep "$SAMPLE"
  kill -0 $CLIENT_PID 2>/dev/null || break  # the load is over: not a sample of it
  if ! kill -0 $BERTH_PID 2>/dev/null; then BERTH_DIED=yes; break; fi
  t=$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.0f", n - s }')
  rss=$(awk '$1 == "VmRSS:" {print $2}' /proc/$BERTH_PID/status)
  fds=$(ls /proc/$BERTH_PID/fd | wc -l)
  threads=$(awk '$1 == "Threads:" {print $2}' /proc/$BERTH_PID/status)
  rps=$(grep -v final "$RUN/soak.out" | tail -1 | grep -o '"rps":[0-9]*' | cut -d: -f2 || true)
  printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$rss" "$fds" "$threads" "${rps:-}" >>"$SAMPLES"
done
CLIENT_RC=0
wait $CLIENT_PID || CLIENT_RC=$?
kill -0 $BERTH_PID 2>/dev/null || BERTH_DIED=yes
[[ -n $BERTH_DIED ]] || IDLE_FDS_AFTER=$(idle_fds "$RUN/fds-after.txt")
RESULT=$(final "$RUN/soak.out" || true)

# --- verdict ---------------------------------------------------------------------------------------
# Point samples swing with the requests in flight (a slow reader's 400 KB listing, a pipelined batch),
# so growth is judged on medians of windows of the post-warm-up samples (a quarter of them, at
# least six): the first window is the baseline, and no later window may exceed it by more than
# the tolerance. fds under load swing with the connections open at the moment: no sample above
# the baseline + FD_SLACK; the leak check is on the idle counts before and after (idle_fds).
read -r BASE_RSS PEAK_RSS MAX_RSS BASE_FDS PEAK_FDS MAX_FDS MIN_FDS POST WINDOW < <(awk -F'\t' -v w="$WARMUP" '
  $1 >= w { n++; r[n] = $2; f[n] = $3 }
  function median(a, from, count,   i, j, t, v) {
    for (i = 0; i < count; i++) v[i] = a[from + i]
    for (i = 1; i < count; i++) for (j = i; j > 0 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return count % 2 ? v[int(count / 2)] : (v[count / 2 - 1] + v[count / 2]) / 2 }
  END {
    if (n < 3) { print 0, 0, 0, 0, 0, 0, 0, n, 0; exit }
    k = int(n / 4); if (k < 6) k = 6; if (k > n) k = n
    br = median(r, 1, k); bf = median(f, 1, k); pr = br; pf = bf
    for (s = 1 + k; s + k - 1 <= n; s += k) { m = median(r, s, k); if (m > pr) pr = m; m = median(f, s, k); if (m > pf) pf = m }
    mr = 0; mf = 0; lf = 1e9
    for (i = 1; i <= n; i++) { if (r[i] > mr) mr = r[i]; if (f[i] > mf) mf = f[i]; if (f[i] < lf) lf = f[i] }
    printf "%d %d %d %d %d %d %d %d %d\n", br, pr, mr, bf, pf, mf, lf, n, k }' "$SAMPLES")
FAILURES=()
[[ -n $BERTH_DIED ]] && FAILURES+=("berth exited during the soak")
((POST >= 3)) || FAILURES+=("only $POST samples after the warm-up")
RSS_LIMIT=$(awk -v b="$BASE_RSS" -v t="$RSS_TOLERANCE" 'BEGIN { printf "%d", b * (1 + t) }')
((PEAK_RSS <= RSS_LIMIT)) || FAILURES+=("RSS rose to a window median of $PEAK_RSS KiB, above $RSS_LIMIT KiB (baseline $BASE_RSS KiB + $(awk -v t="$RSS_TOLERANCE" 'BEGIN { print t * 100 }')%)")
((MAX_FDS <= BASE_FDS + FD_SLACK)) || FAILURES+=("open fds rose to $MAX_FDS (baseline $BASE_FDS, slack $FD_SLACK)")
# max_readers (8) + the writer per database, two files each, and one -shm.
DATABASES=$(awk '$1 ~ /\.db$/ { n++ } END { print n + 0 }' "$RUN/fds-before.txt")
DB_FD_LIMIT=$((DATABASES * 19))
OTHER_BEFORE=$(other_fds "$RUN/fds-before.txt") DB_BEFORE=$(db_fds "$RUN/fds-before.txt")
OTHER_AFTER=? DB_AFTER=?
if [[ -f $RUN/fds-after.txt ]]; then
  OTHER_AFTER=$(other_fds "$RUN/fds-after.txt") DB_AFTER=$(db_fds "$RUN/fds-after.txt")
  ((OTHER_AFTER <= OTHER_BEFORE + 2)) || FAILURES+=("fds other than databases with no client: $OTHER_BEFORE before the soak, $OTHER_AFTER after: a leak")
  ((DB_AFTER <= DB_FD_LIMIT)) || FAILURES+=("database fds with no client: $DB_AFTER after the soak, above the pools' bound $DB_FD_LIMIT: a leak")
fi
ERRORS=$(field "$RESULT" errors)
[[ -n $RESULT ]] || FAILURES+=("the client gave no result (exit $CLIENT_RC): $(tail -3 "$RUN/soak.out" | tr '\n' ' ')")
[[ -z $RESULT || $ERRORS == 0 ]] || FAILURES+=("$ERRORS unexpected answers or connection errors")
# From "ready" on: the probe that waits for readiness is answered 503 (logged as an error) before.
sed -n '/"msg":"ready"/,$p' "$RUN/berth.log" >"$RUN/berth-after-ready.log"
LOG_ERRORS=$(grep -c '"level":"error"' "$RUN/berth-after-ready.log" || true)
((LOG_ERRORS == 0)) || FAILURES+=("berth logged $LOG_ERRORS errors")
VERDICT=PASS
((${#FAILURES[@]} == 0)) || VERDICT=FAIL

# --- report ----------------------------------------------------------------------------------------
DATE=$(date -u +%Y-%m-%d)
OUT=bench/results/soak-$DATE${SOAK_SUFFIX:+-$SOAK_SUFFIX}.md
mkdir -p bench/results
ACHIEVED=$(field "$RESULT" rps)
{
  echo "# berth soak, $(date -u '+%Y-%m-%d %H:%M UTC'): $VERDICT"
  echo
  echo "${DURATION} s of mixed traffic at $RATE req/s ($LOAD of the capacity measured just before:"
  echo "$CAPACITY req/s for the same mix unthrottled, ${CAPACITY_SECONDS} s), bench/soak.sh. berth on CPU"
  echo "$SERVER_CPU, the client (bench/clients/soak_client.js: \`$CLIENTS\`) on CPU $LOAD_CPU."
  echo "Config bench/berth-bench.yaml (request log off). Warm-up ${WARMUP} s; a sample every ${SAMPLE} s."
  echo
  echo "## Criteria"
  echo
  echo "| criterion | limit | measured | |"
  echo "| --- | --- | --- | --- |"
  ok() { if eval "$1"; then echo "ok"; else echo "**FAIL**"; fi; }
  echo "| RSS after warm-up, medians of $WINDOW samples | ≤ first $BASE_RSS KiB + $(awk -v t="$RSS_TOLERANCE" 'BEGIN { print t * 100 }')% = $RSS_LIMIT KiB | highest $PEAK_RSS KiB (highest sample $MAX_RSS KiB) | $(ok "((PEAK_RSS <= RSS_LIMIT))") |"
  echo "| open fds with no client connected, but databases | after ≤ before + 2 | before $OTHER_BEFORE, after $OTHER_AFTER | $(ok "[[ \$OTHER_AFTER != '?' ]] && ((OTHER_AFTER <= OTHER_BEFORE + 2))") |"
  echo "| database fds with no client connected | ≤ $DATABASES databases × 19 = $DB_FD_LIMIT | before $DB_BEFORE, after $DB_AFTER | $(ok "[[ \$DB_AFTER != '?' ]] && ((DB_AFTER <= DB_FD_LIMIT))") |"
  echo "| open fds under load, after warm-up | samples ≤ first window's median $BASE_FDS + $FD_SLACK | samples $MIN_FDS..$MAX_FDS (window medians up to $PEAK_FDS) | $(ok "((MAX_FDS <= BASE_FDS + FD_SLACK))") |"
  echo "| unexpected answers, connection errors | 0 | ${ERRORS:-no result} | $(ok "[[ -n \$RESULT && \$ERRORS == 0 ]]") |"
  echo "| berth up to the end, no error logged | yes | $([[ -n $BERTH_DIED ]] && echo "exited" || echo "up"), $LOG_ERRORS errors logged | $(ok "[[ -z \$BERTH_DIED ]] && ((LOG_ERRORS == 0))") |"
  echo
  ((${#FAILURES[@]} == 0)) || { echo "Failures:"; printf -- '- %s\n' "${FAILURES[@]}"; echo; }
  if ((LOG_ERRORS > 0)); then
    echo "Errors berth logged (first 5):"
    echo
    echo '```'
    grep '"level":"error"' "$RUN/berth-after-ready.log" | head -5
    echo '```'
    echo
  fi
  echo "Open fds with no client connected, by kind (before the soak → after):"
  echo
  echo '```'
  join -a1 -a2 -e0 -o 0,1.2,2.2 "$RUN/fds-before.txt" "$RUN/fds-after.txt" 2>/dev/null |
    awk '{ printf "%-40s %4d → %d\n", $1, $2, $3 }'
  echo '```'
  echo
  echo "## Traffic"
  echo
  echo "Achieved ${ACHIEVED:-?} req/s over the run (target $RATE). Requests by kind (a notes cycle is"
  echo "POST, GET, PATCH, GET list, DELETE; a pipelined batch is 8 requests, every fourth a notes listing):"
  echo
  echo '```'
  grep -o '"by_kind":{[^}]*}' <<<"$RESULT" || echo "no result"
  grep -o '"error_samples":\[.*\]' <<<"$RESULT" || true
  echo '```'
  echo
  echo "## Samples (berth process)"
  echo
  echo "| t s | VmRSS KiB | fds | threads | client req/s |"
  echo "| ---: | ---: | ---: | ---: | ---: |"
  # At most ~40 rows: every k-th sample, and the last.
  awk -F'\t' -v rows="$(wc -l <"$SAMPLES")" 'BEGIN { k = int((rows + 39) / 40); if (k < 1) k = 1 }
    (NR - 1) % k == 0 || NR == rows { printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$SAMPLES"
  echo
  echo "## Machine"
  echo
  echo "- $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) CPUs; kernel $(uname -r)"
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes rates noisy)"
  echo "- berth $(git rev-parse --short HEAD 2>/dev/null || echo '?') ($BUILD), node $(node --version)"
} >"$OUT"
cat "$OUT"
echo "soak: wrote $OUT: $VERDICT" >&2
[[ $VERDICT == PASS ]]
