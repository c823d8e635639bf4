#!/usr/bin/env bash
# compose_vs_peers.sh [BUILD_DIR] [RUNS] — issue 16's benchmark: the example stack
# (examples/django-stack: Django/gunicorn, MariaDB, Redis, a Celery worker) brought up as containers
# by `juxtactl compose up -d`, `docker-compose up -d` (Debian's 1.29 with docker.io's dockerd) and
# `podman-compose up -d` (Debian's 1.0.3 with podman 4.3), the tools taking turns, RUNS (5) times
# each: the time from the command until all four services are healthy (each tool's own health
# status, asked every 0.2 s), and the memory each tool keeps per running service — Juxta's
# juxta-monitor, docker's containerd-shim, podman's conmon: their proportional set size (PSS) and
# RSS while the stack is up. Prints every run, the medians and the ratios (goals: ≤ 0.5× the
# fastest peer; ≤ 0.3× docker's memory per service). A peer that cannot bring the stack up here is
# left out with the reason it gave. COMPOSE_BENCH_TOOLS="juxta docker" runs only those.
#
# The same images for all (build-images.sh's layouts, copied into each tool's store by skopeo),
# the same file, given to all three as `-p djangostack` and without its top-level `name` (Debian's
# docker-compose 1.29 predates it). Every store, dockerd and volume is the benchmark's own, under a
# temporary directory, removed at the end. Run as root, on an idle host.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
runs=${2:-5}
juxtactl=$build/bin/juxtactl
[[ $(id -u) == 0 ]] || { echo "compose_vs_peers: run as root" >&2; exit 2; }
for p in skopeo python3 curl; do
  command -v "$p" >/dev/null || { echo "compose_vs_peers: needs $p (apt install $p)" >&2; exit 2; }
done
have_docker=1 have_podman=1
command -v dockerd >/dev/null && command -v docker-compose >/dev/null ||
  { have_docker=0; echo "compose_vs_peers: no dockerd or docker-compose (apt install docker.io docker-compose): left out"; }
command -v podman >/dev/null && command -v podman-compose >/dev/null ||
  { have_podman=0; echo "compose_vs_peers: no podman or podman-compose (apt install podman podman-compose): left out"; }
docker=/usr/bin/docker  # docker.io's client, the daemon's own version
# dockerd runs without iptables: with them it sets the FORWARD policy to DROP and loads
# br_netfilter, so every bridge's traffic goes through iptables — Juxta's juxta0 included, whose
# containers then no longer reach each other. Published ports go through docker-proxy either way.

work=$(mktemp -d /var/tmp/compose-bench.XXXXXX)
docker_pid=""
cleanup() {
  set +e
  cd "$work"
  [[ -n $docker_pid ]] && { DOCKER_HOST=$docker_host docker-compose -f compose.yaml -p djangostack down -v >/dev/null 2>&1; kill "$docker_pid"; wait "$docker_pid"; }
  ((have_podman)) && podman-compose -f compose.yaml -p djangostack down -v >/dev/null 2>&1
  ((have_podman)) && podman rmi -a -f >/dev/null 2>&1
  "$juxtactl" compose -f compose.yaml -p djangostack down -v >/dev/null 2>&1
  findmnt -rn -o TARGET | grep "^$work/" | sort -r | xargs -r umount -l 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export JUXTA_DATA_DIR=$work/juxta/data JUXTA_STATE_DIR=$work/juxta/state JUXTA_RUNTIME_DIR=$work/juxta/run
export CONTAINERS_STORAGE_CONF=$work/podman/storage.conf
docker_host=unix://$work/docker/docker.sock
port=18093
export WEB_PORT=$port

# 1. The images, into every tool's store.
"$src/examples/django-stack/build-images.sh" --juxtactl "$juxtactl" --cache "$build/examples-cache" >/dev/null
layout=$build/examples-cache/layout
grep -v '^name:' "$src/examples/django-stack/compose.yaml" >"$work/compose.yaml"
sed "s/^WEB_PORT=.*/WEB_PORT=$port/" "$src/examples/django-stack/.env" >"$work/.env"
images=$(sed -n 's/^[A-Z]*_IMAGE=//p' "$work/.env")
if ((have_docker)); then
  mkdir -p "$work/docker" && echo '{}' >"$work/docker/daemon.json"
  dockerd --config-file "$work/docker/daemon.json" --host "$docker_host" --data-root "$work/docker/root" \
    --exec-root "$work/docker/exec" --pidfile "$work/docker/dockerd.pid" --iptables=false --ip-forward=false \
    >"$work/docker/dockerd.log" 2>&1 &
  docker_pid=$!
  for _ in $(seq 300); do DOCKER_HOST=$docker_host $docker info >/dev/null 2>&1 && break; sleep 0.1; done
  for n in $images; do skopeo copy --quiet --dest-daemon-host "$docker_host" "oci:$layout/$n" "docker-daemon:$n:latest"; done
fi
if ((have_podman)); then
  mkdir -p "$work/podman"
  printf '[storage]\ndriver = "overlay"\ngraphroot = "%s"\nrunroot = "%s"\n' "$work/podman/root" "$work/podman/run" >"$CONTAINERS_STORAGE_CONF"
  for n in $images; do skopeo copy --quiet "oci:$layout/$n" "containers-storage:localhost/$n:latest"; done
fi
cd "$work"

# 2. Each tool: up, then its health status until all four say healthy (120 s at most).
now() { date +%s.%N; }
healthy_juxta() { [[ $("$juxtactl" compose -f compose.yaml -p djangostack ps 2>/dev/null | grep -c 'running (healthy)') == 4 ]]; }
healthy_docker() {
  local ids
  ids=$(DOCKER_HOST=$docker_host $docker ps -q --filter label=com.docker.compose.project=djangostack)
  [[ -n $ids && $(DOCKER_HOST=$docker_host $docker inspect -f '{{.State.Health.Status}}' $ids | grep -c '^healthy$') == 4 ]]
}
healthy_podman() {
  local ids
  ids=$(podman ps -q --filter label=io.podman.compose.project=djangostack)
  [[ -n $ids && $(podman inspect -f '{{.State.Health.Status}}' $ids | grep -c '^healthy$') == 4 ]]
}
up_juxta() { "$juxtactl" compose -f compose.yaml -p djangostack up -d; }
up_docker() { DOCKER_HOST=$docker_host docker-compose -f compose.yaml -p djangostack up -d; }
up_podman() { podman-compose -f compose.yaml -p djangostack up -d; }
down_juxta() { "$juxtactl" compose -f compose.yaml -p djangostack down -v; }
down_docker() { DOCKER_HOST=$docker_host docker-compose -f compose.yaml -p djangostack down -v; }
down_podman() { podman-compose -f compose.yaml -p djangostack down -v; }
# PSS and RSS (KiB) summed over the tool's per-service processes (Juxta: each service's monitor and
# its keeper — juxta-keeper, the monitor's child that kills the container if the monitor dies;
# docker: a shim per container; podman: a conmon per container), and how many.
memory_of() { # PATTERN
  local pss=0 rss=0 n=0 p pids
  pids=$(pgrep -f "$1")
  if [[ $1 == juxta-monitor ]]; then
    pids=$(for p in $pids; do grep -qz "^JUXTA_DATA_DIR=$JUXTA_DATA_DIR$" "/proc/$p/environ" 2>/dev/null && echo "$p"; done)
    for p in $pids; do pids+=" $(pgrep -x -P "$p" juxta-keeper | tr '\n' ' ')"; done
    pids=$(printf '%s\n' $pids | sort -u)  # a keeper that could not exec its program is a monitor's copy
  fi
  for p in $pids; do
    grep -qz -- '--health-check' "/proc/$p/cmdline" 2>/dev/null && continue  # a check's own run, not kept
    read -r a b < <(awk '/^Rss:/ { r = $2 } /^Pss:/ { p = $2 } END { print p, r }' "/proc/$p/smaps_rollup" 2>/dev/null) || continue
    pss=$((pss + a)) rss=$((rss + b)) n=$((n + 1))
  done
  echo "$pss $rss $n"
}
declare -A per_service=([juxta]=juxta-monitor [docker]=containerd-shim [podman]=conmon)
declare -A times mem why
tools=(juxta)
((have_docker)) && tools+=(docker)
((have_podman)) && tools+=(podman)
if [[ -n ${COMPOSE_BENCH_TOOLS:-} ]]; then read -r -a tools <<<"$COMPOSE_BENCH_TOOLS"; fi
echo "host load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= runs; r++)); do
  n=${#tools[@]}
  for ((k = 0; k < n; k++)); do
    t=${tools[$(((k + r) % n))]}
    [[ -n ${why[$t]:-} ]] && continue
    sync
    start=$(now)
    if ! "up_$t" >"$work/$t.up.log" 2>&1; then
      why[$t]="up failed: $(grep -v '^\s*$' "$work/$t.up.log" | tail -n 2 | tr '\n' ' ')"
    else
      deadline=$((SECONDS + 120))
      while ((SECONDS < deadline)); do "healthy_$t" && break; sleep 0.2; done
      end=$(now)
      if "healthy_$t"; then
        s=$(python3 -c "print('%.2f' % ($end - $start))")
        page=$(curl -fsS --max-time 30 "http://127.0.0.1:$port/" || true)
        [[ $page == *"counted"* ]] || why[$t]="healthy, but the page did not show the Celery result"
        times[$t]+="$s "
        read -r pss rss count < <(memory_of "${per_service[$t]}")
        mem[$t]+="$pss/$rss/$count "
        echo "run $r: $t $s s to all healthy; ${per_service[$t]}: $count, PSS $((pss / 1024)) MiB, RSS $((rss / 1024)) MiB"
      else
        why[$t]="not all healthy within 120 s: $(grep -iE 'error|denied' "$work/$t.up.log" | tail -n 2 | tr '\n' ' ' || true)"
      fi
    fi
    "down_$t" >"$work/$t.down.log" 2>&1 || true
    [[ -z ${why[$t]:-} ]] || echo "run $r: $t left out — ${why[$t]}"
    sleep 2
  done
done
echo "host load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# 3. Medians and ratios.
python3 - <<PY
import statistics
times = {$(for t in "${tools[@]}"; do [[ -n ${times[$t]:-} && -z ${why[$t]:-} ]] && printf '"%s": [%s], ' "$t" "$(echo ${times[$t]} | tr ' ' ',')"; done)}
mem = {$(for t in "${tools[@]}"; do [[ -n ${mem[$t]:-} && -z ${why[$t]:-} ]] && printf '"%s": "%s", ' "$t" "${mem[$t]}"; done)}
print("%-7s %9s %s" % ("tool", "median", "up → all healthy, each run (s)"))
for t, v in times.items():
    print("%-7s %8.2fs %s" % (t, statistics.median(v), " ".join("%.2f" % x for x in v)))
per = {}
for t, runs in mem.items():
    rows = [tuple(int(x) for x in r.split("/")) for r in runs.split()]
    per[t] = (statistics.median(p / 4 for p, _, _ in rows) / 1024, statistics.median(r / 4 for _, r, _ in rows) / 1024)
    print("%-7s per service: PSS %.2f MiB, RSS %.1f MiB (%d processes for the 4 services)" % (t, per[t][0], per[t][1], rows[0][2]))
peers = [t for t in ("docker", "podman") if t in times]
if "juxta" in times and peers:
    best = min(peers, key=lambda t: statistics.median(times[t]))
    print("juxta / %s (the fastest peer), up → all healthy: %.2f (goal <= 0.5)"
          % (best, statistics.median(times["juxta"]) / statistics.median(times[best])))
if "juxta" in per and "docker" in per:
    print("juxta-monitor / containerd-shim per service: PSS %.2f, RSS %.2f (goal <= 0.3)"
          % (per["juxta"][0] / per["docker"][0], per["juxta"][1] / per["docker"][1]))
PY
for t in "${tools[@]}"; do [[ -z ${why[$t]:-} ]] || echo "$t could not run here: ${why[$t]}"; done
