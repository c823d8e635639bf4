#!/usr/bin/env bash
# pull_vs_peers.sh [BUILD_DIR] [RUNS] — `juxtactl pull` against `podman pull`, `docker pull` and
# `skopeo copy` (download only, to an OCI directory): the same image from the same local registry
# into an empty store each time, the tools taking turns, RUNS (5) times each. Prints every run, the
# medians and the ratios (issue 14's goal: juxta ≤ 0.6× the faster of podman and docker, and never
# slower than skopeo's download alone).
#
# The image is Debian-shaped and built here once (cached in BUILD_DIR/bench-cache/pull-image): a
# debootstrap of bookworm (minbase) with the showcase stack's packages (python3, Django, gunicorn,
# Celery, Perl, the MariaDB and Redis clients), split into 8 gzip layers along its big directories.
# The registry is Debian's docker-registry over plain http on 127.0.0.1 (every tool is told so:
# --tls-verify=false; docker takes 127.0.0.0/8 as insecure), its storage in a temporary directory;
# every run of every tool gets a root of its own there (a fresh dockerd for each docker run), all
# removed at the end, never between runs (see 3.). Run as root, on an idle host; it needs about
# 2 GiB free a run (RUNS × the tools × 353 MiB).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
runs=${2:-5}
cache=$build/bench-cache/pull-image
juxtactl=$build/bin/juxtactl
[[ $(id -u) == 0 ]] || { echo "pull_vs_peers: run as root (debootstrap, podman's and dockerd's roots)" >&2; exit 2; }
for p in docker-registry skopeo debootstrap python3; do
  command -v "$p" >/dev/null || { echo "pull_vs_peers: needs $p (Debian: apt install $p)" >&2; exit 2; }
done
have_podman=1 have_docker=1
command -v podman >/dev/null || { have_podman=0; echo "pull_vs_peers: no podman (apt install podman): left out"; }
command -v dockerd >/dev/null && command -v docker >/dev/null || { have_docker=0; echo "pull_vs_peers: no docker (apt install docker.io): left out"; }

# 1. The image, once.
if [[ ! -s $cache/layout/index.json ]]; then
  rm -rf "$cache" && mkdir -p "$cache"
  echo "pull_vs_peers: building the image (debootstrap bookworm; a few minutes, once)"
  debootstrap --variant=minbase \
    --include=python3,python3-django,gunicorn,python3-celery,perl,mariadb-client,redis-tools \
    bookworm "$cache/rootfs" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1
  rm -rf "$cache/rootfs/var/cache/apt/archives"/*.deb "$cache/rootfs/var/lib/apt/lists"/*_*
  # 8 layers along the tree's big directories; the last holds the rest.
  echo '{"Cmd": ["/bin/bash"]}' >"$cache/config.json"
  python3 "$(dirname "$0")/../../tools/oci-image.py" "$cache/rootfs" "$cache/layouts" \
    --split usr/lib/x86_64-linux-gnu --split usr/lib/python3 --split usr/share/perl --split usr/share \
    --split usr/bin --split usr/lib --split var --image "debian=$cache/config.json"
  mv "$cache/layouts/debian" "$cache/layout"
  rm -rf "$cache/layouts"
  rm -rf "$cache/rootfs"
fi
files=$(find "$cache/layout/blobs" -type f | wc -l)
echo "pull_vs_peers: image $(du -sh "$cache/layout" | cut -f1) in $((files - 2)) layers (cached: $cache/layout)"

# 2. The registry, and the image pushed into it.
work=$(mktemp -d /var/tmp/pull-bench.XXXXXX)
pids=()
docker_pid=""
cleanup() {
  set +e
  [[ -n $docker_pid ]] && kill "$docker_pid" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  findmnt -rn -o TARGET | grep "^$work/" | sort -r | xargs -r umount -l 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YML
env -u REGISTRY_AUTH_FILE docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
ref=127.0.0.1:$port/bench/debian:1
skopeo copy --quiet --dest-tls-verify=false "oci:$cache/layout" "docker://$ref"

# 3. Turns: each tool pulls into a store of its own that nothing has used (a fresh directory; for
# docker a fresh dockerd on a fresh data root, started before the clock and stopped after it), its
# time measured around the whole command. No store is deleted until every run is done: on a
# journal-less ext4 (this machine's) the kernel skips inodes freed in the last minute when it
# allocates new ones (`recently_deleted`), so deleting one run's 20,000 files made the next run pay
# for them — 70% of a pull's time in `perf`, for whichever tool came next.
now() { date +%s.%N; }
declare -A times
start_docker() { # RUN
  local d=$work/docker/$1
  mkdir -p "$d"
  echo '{}' >"$d/daemon.json"
  dockerd --config-file "$d/daemon.json" --host "unix://$d/docker.sock" --data-root "$d/root" --exec-root "$d/exec" \
    --pidfile "$d/dockerd.pid" --iptables=false --ip-forward=false --bridge=none >"$d/dockerd.log" 2>&1 &
  docker_pid=$!
  for _ in $(seq 300); do docker -H "unix://$d/docker.sock" info >/dev/null 2>&1 && return; sleep 0.1; done
  echo "pull_vs_peers: dockerd did not start: $(tail -3 "$d/dockerd.log")" >&2 && exit 1
}
stop_docker() { kill "$docker_pid" && wait "$docker_pid" 2>/dev/null; docker_pid=""; }
# juxtactl says how long its download took before the unpacking: that part is compared with skopeo.
pull_juxta() { JUXTA_DATA_DIR=$work/juxta/$1/data JUXTA_RUNTIME_DIR=$work/juxta/$1/run JUXTA_STATE_DIR=$work/juxta/$1/state \
  "$juxtactl" pull --tls-verify=false "$ref" >"$work/juxta.out"; }
pull_podman() { podman --root "$work/podman/$1" --runroot "$work/podman-run/$1" pull --quiet --tls-verify=false "$ref" >/dev/null; }
pull_docker() { docker -H "unix://$work/docker/$1/docker.sock" pull --quiet "$ref" >/dev/null; }
pull_skopeo() { mkdir -p "$work/skopeo" && skopeo copy --quiet --src-tls-verify=false "docker://$ref" "oci:$work/skopeo/$1:1"; }
tools=(juxta skopeo)
((have_podman)) && tools+=(podman)
((have_docker)) && tools+=(docker)
sync && sleep 61 # what was deleted before the benchmark is a minute old: not skipped any more
echo "host load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= runs; r++)); do
  n=${#tools[@]}
  for ((k = 0; k < n; k++)); do
    t=${tools[$(((k + r) % n))]}
    [[ $t == docker ]] && start_docker "$r"
    sync
    start=$(now)
    "pull_$t" "$r"
    end=$(now)
    [[ $t == docker ]] && stop_docker
    s=$(python3 -c "print('%.2f' % ($end - $start))")
    times[$t]+="$s "
    if [[ $t == juxta ]]; then
      dl=$(sed -n 's/.*download \([0-9.]*\) s.*/\1/p' "$work/juxta.out")
      times[juxta-download]+="$dl "
      echo "run $r: $t $s s (its download $dl s)"
    else
      echo "run $r: $t $s s"
    fi
  done
done
echo "host load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ -d $work/podman ]] && for d in "$work"/podman/*; do podman --root "$d" --runroot "$work/podman-run/${d##*/}" rmi -a -f >/dev/null 2>&1 || true; done

# 4. Medians and ratios.
python3 - "${tools[@]}" <<PY
import statistics, sys
times = {$(for t in "${tools[@]}" juxta-download; do printf '"%s": [%s], ' "$t" "$(echo ${times[$t]} | tr ' ' ',')"; done)}
med = {t: statistics.median(v) for t, v in times.items()}
print("%-8s %8s %s" % ("tool", "median", "runs (s)"))
for t, v in times.items():
    print("%-8s %7.2fs %s" % (t, med[t], " ".join("%.2f" % x for x in v)))
peers = [t for t in ("podman", "docker") if t in med]
if peers:
    best = min(peers, key=lambda t: med[t])
    print("juxta / %s (the faster of podman and docker): %.2f (goal <= 0.6)" % (best, med["juxta"] / med[best]))
print("juxta / skopeo (download only): %.2f (goal <= 1.0); juxta's download part / skopeo: %.2f"
      % (med["juxta"] / med["skopeo"], med["juxta-download"] / med["skopeo"]))
PY
