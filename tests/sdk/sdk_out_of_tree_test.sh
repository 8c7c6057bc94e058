#!/usr/bin/env bash
# usage: sdk_out_of_tree_test.sh <berth build dir> <C++ compiler>
set -euo pipefail
build=$(cd "$1" && pwd)
cxx=$2
tmp=$(mktemp -d /tmp/berth-sdk-XXXXXX)
berth_pid=""
cleanup() {
  if [[ -n $berth_pid ]]; then kill -TERM "$berth_pid" 2>/dev/null || true; wait "$berth_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $* ($(( SECONDS ))s)"; }
jobs=$(nproc 2>/dev/null || echo 2)

step "install into $tmp/prefix"
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" > "$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }
for f in bin/berth include/berth/plugin.h include/berth/testing/test_host.h \
         lib/berth/plugins/hello.so lib/cmake/berth/berthConfig.cmake \
         lib/cmake/berth/berthConfigVersion.cmake lib/cmake/berth/berthTargets.cmake \
         lib/cmake/berth/berthPlugin.cmake lib/pkgconfig/berth.pc lib/berth/libberth_testhost.a; do
  [[ -e $prefix/$f ]] || fail "not installed: $f"
done
berth=$prefix/bin/berth
cflags=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags berth)
[[ $cflags == *"-std=c++20"* && $cflags == *"/include"* ]] || fail "pkg-config --cflags berth: $cflags"

step "berth new-plugin"
"$berth" new-plugin greeter --dir "$tmp/greeter" > "$tmp/new.log"
for f in CMakeLists.txt README.md src/greeter_plugin.cc src/greeter_routes.cc src/greeter_routes.h \
         src/greeter_migrations.cc src/greeter_jobs.cc test/greeter_test.cc; do
  [[ -f $tmp/greeter/$f ]] || fail "new-plugin did not write $f"
done
if "$berth" new-plugin Bad-Name --dir "$tmp/bad" 2> "$tmp/err"; then fail "accepted Bad-Name"; fi
grep -q "invalid plugin name 'Bad-Name'" "$tmp/err" || fail "no clear error for a bad name: $(cat "$tmp/err")"
if "$berth" new-plugin greeter --dir "$tmp/greeter" 2> "$tmp/err"; then fail "overwrote a project"; fi
grep -q "is not empty" "$tmp/err" || fail "no clear error for a non-empty folder: $(cat "$tmp/err")"

step "configure and build greeter out of tree"
cmake -S "$tmp/greeter" -B "$tmp/greeter/build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Debug > "$tmp/configure.log" 2>&1 \
  || { cat "$tmp/configure.log"; fail "configure greeter"; }
cmake --build "$tmp/greeter/build" -j "$jobs" > "$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "build greeter"; }
so=$tmp/greeter/build/greeter.so
[[ -f $so ]] || fail "no greeter.so"

step "greeter's own test (in-process test host)"
ctest --test-dir "$tmp/greeter/build" --output-on-failure || fail "greeter_test"

step "berth inspect"
"$berth" inspect "$so" > "$tmp/inspect.out" || { cat "$tmp/inspect.out"; fail "inspect greeter.so did not exit 0"; }
cat "$tmp/inspect.out"
grep -q "^name: *greeter$" "$tmp/inspect.out" || fail "inspect: no name"
grep -q "^loadable: *yes$" "$tmp/inspect.out" || fail "inspect: not loadable"
set +e
"$berth" inspect "$build/fixtures/wrong_signature.so" > "$tmp/inspect.out"; code=$?
set -e
cat "$tmp/inspect.out"
[[ $code == 1 ]] || fail "inspect wrong_signature.so: exit $code, expected 1"
grep -q "compiler: got clang-99" "$tmp/inspect.out" || fail "inspect does not name the compiler mismatch"
set +e
"$berth" inspect "$prefix/include/berth/plugin.h" 2> /dev/null; code=$?
set -e
[[ $code == 2 ]] || fail "inspect of a non-plugin: exit $code, expected 2"

step "serve greeter with the installed berth"
sock=$tmp/berth.sock
cat > "$tmp/berth.yaml" <<YAML
server: {socket: $sock}
data_dir: $tmp/data
log: {level: warn}
plugin_dirs: [$prefix/lib/berth/plugins]
plugins:
  - name: greeter
    path: $so
    required: true
    config: {greeting: howdy}
  - name: hello
    mount: /
    required: true
YAML
"$berth" --config "$tmp/berth.yaml" > "$tmp/berth.log" 2>&1 &
berth_pid=$!
for _ in $(seq 100); do
  [[ -S $sock ]] && curl -sf --unix-socket "$sock" http://localhost/_berth/ready > /dev/null 2>&1 && break
  kill -0 "$berth_pid" 2>/dev/null || { cat "$tmp/berth.log"; fail "berth exited"; }
  sleep 0.1
done
got=$(curl -sS --unix-socket "$sock" "http://localhost/greeter/hello?name=extension")
echo "GET /greeter/hello -> $got"
[[ $got == '{"message":"howdy, extension"}' ]] || { cat "$tmp/berth.log"; fail "unexpected answer: $got"; }
got=$(curl -sS --unix-socket "$sock" -H 'Content-Type: application/json' -d '{"text":"over the socket"}' -w ' %{http_code}' http://localhost/greeter/items)
echo "POST /greeter/items -> $got"
[[ $got == *'"text":"over the socket"'*' 201' ]] || fail "unexpected answer: $got"
got=$(curl -sS --unix-socket "$sock" http://localhost/hello)
[[ $got == '{"message":"hello"}' ]] || fail "installed hello.so: $got"
kill -TERM "$berth_pid"
wait "$berth_pid" || fail "berth exited non-zero after SIGTERM"
berth_pid=""
step "ok"
