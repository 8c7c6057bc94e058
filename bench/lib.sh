# Sourced by bench/run.sh, bench/soak.sh and bench/contract.sh (from the project root): what each
# would otherwise write again.

# bench_build BUILD TARGET...: berth as the image builds it (MinSizeRel), with the bench plugins
# and without tests, so that every bench script shares one build folder without reconfiguring it.
bench_build() {
  local build=$1
  shift
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=MinSizeRel -DBUILD_TESTING=OFF -DBERTH_BENCH_PLUGINS=ON >/dev/null
  cmake --build "$build" -j"$(nproc)" --target "$@" >/dev/null
}

# bench_run_dir FOLDER: a fresh folder under FOLDER in RUN (under the build folder: the disk matters
# for durable writes). On exit, every process in PIDS is killed and waited for, and RUN removed.
bench_run_dir() {
  mkdir -p "$1"
  RUN=$(mktemp -d "$1/XXXXXX")
  PIDS=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
}

# The median of the numbers on stdin, one per line.
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
