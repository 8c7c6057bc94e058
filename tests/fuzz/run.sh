#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets with clang in build-fuzz (only them and the parser
# files they need) and runs each, one at a time, for FUZZ_TIME seconds from its committed corpus.
# New inputs go to build-fuzz/corpus/<target>, crashes to build-fuzz/findings/<target>/.
# Prints executions and findings per target; exits non-zero when any target found something.
#   FUZZ_TIME=60 (seconds per target)  FUZZ_TARGETS="uri route" (default: all)  JOBS=2
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=${FUZZ_BUILD:-build-fuzz}
time_per_target=${FUZZ_TIME:-60}
jobs=${JOBS:-$(nproc)}
src=tests/fuzz

if ! command -v clang++ >/dev/null || ! clang++ -print-file-name=libclang_rt.fuzzer-x86_64.a |
  grep -q /; then
  echo "make fuzz needs clang and libFuzzer (scripts/install-deps.sh installs clang, libclang-rt-14-dev)" >&2
  exit 2
fi
[[ -f /work/ccache.env ]] && . /work/ccache.env
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache) || launcher=()
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DBERTH_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_UNITY_BUILD=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$jobs" --target fuzz_targets

dict_for() {
  case $1 in
    http_request) echo "$src/dict/http_request.dict" ;;
    config_load | config_overlay | plugin_config_schema) echo "$src/dict/config_load.dict" ;;
    request_json | json_schema | notes_validate | docker_events) echo "$src/dict/json.dict" ;;
  esac
}

targets=${FUZZ_TARGETS:-$(ls "$src/corpus")}
summary=()
failed=0
for t in $targets; do
  corpus=$build/corpus/$t
  findings=$build/findings/$t
  mkdir -p "$corpus" "$findings"
  args=(-max_total_time="$time_per_target" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix="$findings/")
  dict=$(dict_for "$t")
  [[ -n $dict ]] && args+=(-dict="$dict")
  log=$build/findings/$t.log
  echo "== $t: ${time_per_target}s"
  rc=0
  "$build/tests/fuzz/fuzz_$t" "${args[@]}" "$corpus" "$src/corpus/$t" >"$log" 2>&1 || rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
  [[ -z $execs ]] && execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  found=$(find "$findings" -type f | wc -l)
  if [[ $rc -ne 0 || $found -gt 0 ]]; then
    failed=1
    grep -m3 -E 'ERROR: |runtime error|fuzz check failed|Test unit written' "$log" | sed 's/^/   /' || true
  fi
  summary+=("$(printf '| %-22s | %6s | %12s | %6s | %8s | %s |' "$t" "$time_per_target" "${execs:-?}" \
    "${cov:-?}" "$(ls "$corpus" | wc -l)" "$found")")
done

echo
printf '| %-22s | %6s | %12s | %6s | %8s | %s |\n' target secs executions cov corpus findings
printf '|%s|%s|%s|%s|%s|%s|\n' ------------------------ -------- -------------- -------- ---------- ---------
printf '%s\n' "${summary[@]}"
[[ $failed -eq 0 ]] || echo "findings: see $build/findings/<target>/ and <target>.log" >&2
exit $failed
