#!/usr/bin/env bash
# A real Docker Engine for berth's tests: Debian's dockerd as root, with no bridge, no iptables and
# every path under one state folder, so it neither needs nor touches the machine's own engine.
#
#   engine.sh start <state-dir>   start dockerd, wait for /_ping, import the base image
#   engine.sh stop  <state-dir>   stop dockerd by PID and remove what it left behind
#   engine.sh env   <state-dir>   print DOCKER_HOST=... for `eval`
#
# The base image (Debian 12 minbase, `local/debian:bookworm`) is built once with debootstrap and
# cached as a tarball in $BERTH_ENGINE_CACHE (default /var/cache/berth-tests): debootstrap takes
# ~30 s, an import of the cached tarball ~3 s.
set -euo pipefail

BASE_IMAGE=${BERTH_BASE_IMAGE:-local/debian:bookworm}
CACHE=${BERTH_ENGINE_CACHE:-/var/cache/berth-tests}

die() { echo "engine.sh: $*" >&2; exit 1; }

mirror() {
  # The Debian mirror apt already uses: the only one this machine reaches.
  local uri
  uri=$(grep -hoE '^(URIs:|deb) *https?://[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    grep -v security | head -1 | grep -oE 'https?://[^ ]+' || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

base_tarball() {
  local tarball="$CACHE/debian-bookworm-minbase.tar"
  if [[ ! -s $tarball ]]; then
    mkdir -p "$CACHE"
    local root
    root=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    debootstrap --variant=minbase bookworm "$root" "$(mirror)" >"$CACHE/debootstrap.log" 2>&1 ||
      { rm -rf "$root"; die "debootstrap failed, see $CACHE/debootstrap.log"; }
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/{doc,man,locale}
    tar -C "$root" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
  fi
  echo "$tarball"
}

start() {
  local dir=$1
  [[ $(id -u) -eq 0 ]] || die "dockerd needs root"
  command -v dockerd >/dev/null || die "dockerd not installed (apt-get install docker.io)"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [[ -f $dir/docker.pid ]] && kill -0 "$(cat "$dir/docker.pid")" 2>/dev/null; then
    echo "engine already running in $dir"
  else
    printf '{"deprecated-key-path": "%s/key.json"}\n' "$dir" >"$dir/daemon.json"
    # setsid: the engine outlives the ctest process that starts it (a fixture) and gets no
    # terminal signals meant for the test run.
    setsid dockerd --config-file "$dir/daemon.json" --host "unix://$dir/docker.sock" \
      --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
      --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false --bridge=none \
      --storage-driver=overlay2 >"$dir/dockerd.log" 2>&1 </dev/null &
    local i
    for i in $(seq 1 300); do
      curl -sf --unix-socket "$dir/docker.sock" http://engine/_ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    curl -sf --unix-socket "$dir/docker.sock" http://engine/_ping >/dev/null ||
      { tail -20 "$dir/dockerd.log" >&2; die "dockerd did not answer /_ping within 30 s"; }
  fi
  export DOCKER_HOST="unix://$dir/docker.sock"
  if ! /usr/bin/docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    /usr/bin/docker import "$(base_tarball)" "$BASE_IMAGE" >/dev/null
  fi
  echo "engine ready: DOCKER_HOST=$DOCKER_HOST image=$BASE_IMAGE"
}

stop() {
  local dir=$1
  [[ -d $dir ]] || return 0
  dir=$(cd "$dir" && pwd)
  if [[ -f $dir/docker.pid ]]; then
    local pid
    pid=$(cat "$dir/docker.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      local i
      for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$dir/docker.pid"
  fi
  # What dockerd leaves outside its folders: a netns mount, /run/docker, cgroup trees.
  umount "$dir/exec/netns/default" 2>/dev/null || true
  grep -o " $dir/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  # /run/docker is shared by every dockerd on the machine: only the last one out removes it.
  pgrep -x dockerd >/dev/null || rm -rf /run/docker
  local cg
  for cg in /sys/fs/cgroup/docker /sys/fs/cgroup/*/docker; do
    [[ -d $cg ]] && find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  echo "engine stopped"
}

case "${1:-}" in
  start) start "${2:?state dir}" ;;
  stop) stop "${2:?state dir}" ;;
  env) echo "DOCKER_HOST=unix://$(cd "${2:?state dir}" && pwd)/docker.sock" ;;
  base-tarball) base_tarball ;;
  *) die "usage: engine.sh start|stop|env <state-dir>" ;;
esac
