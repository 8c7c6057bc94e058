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
         lib/cmake/berth/berthConfigVersion.cmake lib/cmake/berth/berthSdkTargets.cmake \
         lib/cmake/berth/berthPlugin.cmake lib/cmake/berth/berthDockerTargets.cmake lib/cmake/berth/berthTesthostTargets.cmake lib/pkgconfig/berth.pc lib/berth/libberth_testhost.a; do
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
# The name becomes a C++ namespace: keywords, reserved spellings and the SDK's own are refused.
for name in class namespace berth std a__b; do
  if "$berth" new-plugin "$name" --dir "$tmp/bad-$name" 2> "$tmp/err"; then fail "accepted $name"; fi
  grep -q "invalid plugin name '$name'" "$tmp/err" || fail "no clear error for $name: $(cat "$tmp/err")"
  [[ ! -e $tmp/bad-$name ]] || fail "new-plugin $name wrote files"
done
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
grep -q "^config keys: *greeting$" "$tmp/inspect.out" || fail "inspect: no config keys"
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

step "the package's components: the plugin alone needs only berth::sdk"
# As on a machine without the test host's libraries: SQLiteCpp cannot be found.
cmake -S "$tmp/greeter" -B "$tmp/sdk-only" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
  -DBUILD_TESTING=OFF -DCMAKE_DISABLE_FIND_PACKAGE_SQLiteCpp=ON > "$tmp/sdk-only.log" 2>&1 ||
  { cat "$tmp/sdk-only.log"; fail "configure without the test host's libraries"; }
cmake --build "$tmp/sdk-only" -j"$jobs" >> "$tmp/sdk-only.log" 2>&1 ||
  { cat "$tmp/sdk-only.log"; fail "build without the test host's libraries"; }
[[ -f $tmp/sdk-only/greeter.so ]] || fail "no greeter.so from the sdk-only build"
set +e
cmake -S "$tmp/greeter" -B "$tmp/no-testhost" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_DISABLE_FIND_PACKAGE_SQLiteCpp=ON > "$tmp/no-testhost.log" 2>&1; code=$?
set -e
[[ $code != 0 ]] || fail "the tests configured without the test host's libraries"
# CMake wraps its messages: join the lines before looking.
tr -s '\n ' '  ' < "$tmp/no-testhost.log" |
  grep -q "berth component testhost needs SQLiteCpp (apt-get install libsqlitecpp-dev)" ||
  { cat "$tmp/no-testhost.log"; fail "no clear message for the missing test host libraries"; }
mkdir -p "$tmp/wrong-component"
printf 'cmake_minimum_required(VERSION 3.25)\nproject(w CXX)\nfind_package(berth CONFIG REQUIRED COMPONENTS nosuch)\n' \
  > "$tmp/wrong-component/CMakeLists.txt"
if cmake -S "$tmp/wrong-component" -B "$tmp/wrong-component/build" -DCMAKE_PREFIX_PATH="$prefix" \
  > "$tmp/wrong.log" 2>&1; then fail "an unknown component was accepted"; fi
tr -s '\n ' '  ' < "$tmp/wrong.log" | grep -q "berth has no component 'nosuch'" || { cat "$tmp/wrong.log"; fail "no message for an unknown component"; }

step "berth --check validates greeter's config against its schema"
cat > "$tmp/bad.yaml" <<YAML
server: {socket: $tmp/unused.sock}
data_dir: $tmp/check-data
plugins:
  - name: greeter
    path: $so
    config:
      greeting: 42
      colour: blue
YAML
set +e
"$berth" --check --config "$tmp/bad.yaml" > "$tmp/check.out" 2>&1; code=$?
set -e
cat "$tmp/check.out"
[[ $code == 1 ]] || fail "--check of a config breaking the schema: exit $code, expected 1"
grep -q "bad.yaml:7:17: plugins\[0\].config.greeting: expected \"string\", got 42" "$tmp/check.out" ||
  fail "--check does not name the line, path and type"
grep -qF "bad.yaml:8:15: plugins[0].config.colour: unknown key 'colour' (allowed: greeting)" "$tmp/check.out" ||
  fail "--check misses the unknown key"

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
