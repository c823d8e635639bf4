#!/bin/sh
# Runs inside L1 (see ../django_stack.sh), moved into the runtime's root by juxta_root_l1.sh, with
# BIN; IPCMD, LAYOUT (build-images.sh's OCI layouts) and EXAMPLE (examples/django-stack) come in the
# environment. The example stack for real, both ways a container test cannot take it:
#   mixed   db (MariaDB) a VM (x-juxta: {as: vm}), cache, worker and web containers
#   vms     --as vm: all four VMs
# Each: `compose up -d` until all four are healthy, the page through the published port twice (a row
# written to MariaDB in the VM, cached in Redis, counted by the Celery worker: across kinds by
# service name), /health, the kinds in `compose ps`, then `down -v` leaves no instance, VMM, tap or
# lease. Prints "PASS ..." lines; exits 1 at the first failure.
set -u
BIN=$1
out=${TESTBED_OUT:-/tmp}
ip=$IPCMD
bb=/bin/busybox
# shellcheck source=vm_lib_l1.sh
. "$(dirname "$0")/vm_lib_l1.sh"
"$ip" link set lo up  # L1's init leaves loopback down; published ports listen on it
export JUXTA_DATA_DIR=/tmp/jx/data JUXTA_RUNTIME_DIR=/tmp/jx/run JUXTA_STATE_DIR=/tmp/jx/state
j=$BIN/juxtactl
since() { echo $(($(cut -d. -f1 /proc/uptime) - $1)); }

t0=$(cut -d. -f1 /proc/uptime)
for n in juxta-example-mariadb juxta-example-redis juxta-example-web juxta-example-worker; do
  $j image import "$LAYOUT/$n" --name "$n" >"$out/import.stdout" 2>"$out/import.stderr" ||
    fail "import $n: $(cat "$out/import.stderr")"
done
pass "the four images imported from build-images.sh's layouts ($(since "$t0") s)"

# The file as users have it, but for the health checks' timeouts and retries: L1 is emulated (QEMU's
# TCG), 20 to 50 times slower than the host, so a check that takes 1 s on the host may take longer
# than its timeout here. A check that passes still ends the wait at once.
mkdir -p /tmp/stack && cp "$EXAMPLE/compose.yaml" "$EXAMPLE/.env" /tmp/stack/ || fail "copy the example"
sed -i -e 's/^\( *timeout:\) [0-9]*s$/\1 300s/' -e 's/^\( *retries:\) [0-9]*$/\1 100/' \
  -e 's/timeout=8)/timeout=240)/' -e 's/--timeout 3"/--timeout 60"/' /tmp/stack/compose.yaml
grep -q 'timeout=240)' /tmp/stack/compose.yaml && grep -q -- '--timeout 60"' /tmp/stack/compose.yaml ||
  fail "the checks' own timeouts not raised: $(grep -n timeout /tmp/stack/compose.yaml)"
# And the app's own waits (app/stack/settings.py): /health's ping of the worker (2 s as written; with
# four VMs here the answer crosses three emulated guests) and the page's wait for the task's result,
# with gunicorn's worker timeout above both.
sed -i 's|^    CELERY_RESULT_BACKEND: .*$|&\n    HEALTH_WORKER_TIMEOUT: "30"\n    TASK_RESULT_TIMEOUT: "90"\n    GUNICORN_CMD_ARGS: "--timeout 150"|' \
  /tmp/stack/compose.yaml
grep -q 'HEALTH_WORKER_TIMEOUT: "30"' /tmp/stack/compose.yaml || fail "the app's waits not raised"
# /health's answer through the published port, whatever its status (which check fails, and why).
health_says() {
  printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' | $bb timeout 200 $bb nc 127.0.0.1 8000 2>&1 | tail -n 1
}
# As written for the mixed run: the database a VM.
sed 's/^    stop_grace_period: 20s$/&\n    x-juxta: {as: vm}/' /tmp/stack/compose.yaml >/tmp/stack/mixed.yaml
grep -q 'x-juxta: {as: vm}' /tmp/stack/mixed.yaml || fail "db not made a VM in mixed.yaml"

# stack NAME FILE KINDS [--as vm] — up, healthy, the page twice, /health, the kinds, down -v, nothing left.
stack() {
  name=$1 file=$2 kinds=$3
  shift 3
  t0=$(cut -d. -f1 /proc/uptime)
  $j compose -f "$file" "$@" up -d >"$out/$name.up.stdout" 2>"$out/$name.up.stderr" &
  upid=$! n=0
  while kill -0 $upid 2>/dev/null; do
    sleep 2
    n=$((n + 1))
    [ $((n % 30)) = 0 ] && echo "$name: $(since "$t0") s into up: $(tail -n 1 "$out/$name.up.stderr")"
  done
  wait $upid || fail "$name: compose up: $(cat "$out/$name.up.stderr")"
  echo "$name: up returned after $(since "$t0") s"
  n=0
  while :; do
    ps=$($j compose -f "$file" "$@" ps 2>&1)
    [ "$(printf '%s\n' "$ps" | grep -c 'running (healthy)')" = 4 ] && break
    case $ps in *unhealthy* | *exited*) fail "$name: a service failed: $ps; its logs: $($j compose -f "$file" "$@" logs 2>&1 | tail -n 60)" ;; esac
    n=$((n + 1))
    [ $n -lt 600 ] || fail "$name: not every service healthy within 20 minutes: $ps; /health says: $(health_says); $($j compose -f "$file" "$@" logs 2>&1 | tail -n 40)"
    # Where it stands, every minute (the run's log is all there is to read of L1).
    [ $((n % 30)) = 0 ] && echo "$name: $(since "$t0") s: $(printf '%s\n' "$ps" | awk 'NR > 1 { printf "%s %s %s; ", $1, $3, $4 }')"
    [ $((n % 30)) = 0 ] && printf '%s\n' "$ps" | grep -q '^web .*running (starting)' && echo "$name: /health says: $(health_says)"
    sleep 2
  done
  echo "$ps"
  for k in $kinds; do  # service:kind
    printf '%s\n' "$ps" | grep -Eq "^${k%%:*} +djangostack-${k%%:*} +running \\(healthy\\) +${k#*:} " ||
      fail "$name: ${k%%:*} is not a healthy ${k#*:}: $ps"
  done
  pass "$name: all four healthy $(since "$t0") s after up ($kinds)"
  # (timeout, not wget -T: busybox 1.35's wget crashes with -T)
  page=$($bb timeout 120 $bb wget -q -O- http://127.0.0.1:8000/ 2>&1) || fail "$name: the page: $page"
  page=$($bb timeout 120 $bb wget -q -O- http://127.0.0.1:8000/ 2>&1) || fail "$name: the page twice: $page"
  printf '%s\n' "$page" | grep -q 'MariaDB</th><td>visit 2 written' || fail "$name: no row written to MariaDB: $page"
  printf '%s\n' "$page" | grep -q 'Redis</th><td>last visit 2 cached, 2 hits' || fail "$name: nothing cached in Redis: $page"
  printf '%s\n' "$page" | grep -q 'counted 2 visits (visit 2)' || fail "$name: the Celery worker's count: $page"
  health=$($bb timeout 120 $bb wget -q -O- http://127.0.0.1:8000/health 2>&1) || fail "$name: /health: $health"
  [ "$health" = '{"db": true, "cache": true, "worker": true}' ] || fail "$name: /health: $health"
  pass "$name: the page through the published port, twice: MariaDB's row, Redis's count and the Celery worker's answer; /health all true"
  $j compose -f "$file" "$@" down -v >"$out/$name.down.stdout" 2>"$out/$name.down.stderr" ||
    fail "$name: compose down -v: $(cat "$out/$name.down.stderr")"
  left=$($j ps -a 2>&1 | grep djangostack; $j vm ps -a 2>&1 | grep djangostack)
  [ -z "$left" ] || fail "$name: down left: $left"
  [ -z "$(ls "$JUXTA_DATA_DIR/network/leases" 2>/dev/null)" ] || fail "$name: down left leases: $(ls "$JUXTA_DATA_DIR/network/leases")"
  "$ip" -o link show | grep -q ' jx' && fail "$name: down left a link: $("$ip" -o link show | grep ' jx')"
  $bb pidof juxta-vmm >/dev/null && fail "$name: down left juxta-vmm running"
  $j volume ls 2>&1 | grep -q djangostack_dbdata && fail "$name: down -v left the database's volume"
  pass "$name: down -v removed every instance, tap, lease, VMM and the database's volume"
}

# The Compare view's compose scenario (tools/screenshots/compare-compose.sh): the stack as
# containers, as four VMs and as written (db a VM) — time to healthy, memory, disk, idle CPU, the
# load on web and the cache exhausting its memory, each way — saved; the saved comparison (its
# result and manifest) goes to $out for the GUI on the host to show.
compare_stack() {
  t0=$(cut -d. -f1 /proc/uptime)
  $j compare --compose /tmp/stack/mixed.yaml --as container,vm,written --params seconds=10,connections=4 \
    --save --csv >"$out/compare.csv" 2>"$out/compare.stderr" ||
    fail "compare --compose: $(tail -n 20 "$out/compare.stderr"; cat "$out/compare.csv")"
  for w in container vm written; do
    v=$(grep "^$w,all_ready_ms,[^,]*,value," "$out/compare.csv" | head -1 | cut -d, -f5-)
    case $v in '' | 0 | -*) fail "compare: no time to all healthy $w: $(cat "$out/compare.csv")" ;; esac
  done
  id=$($j compare --show list 2>/dev/null | tail -n 1)
  [ -n "$id" ] && cp "$JUXTA_DATA_DIR/comparisons/$id/result.json" "$out/comparison-result.json" &&
    cp "$JUXTA_DATA_DIR/comparisons/$id/manifest.json" "$out/comparison-manifest.json" &&
    echo "$id" >"$out/comparison-id" || fail "compare: the saved comparison '$id'"
  left=$($j ps -a 2>&1 | grep djangostack; $j vm ps -a 2>&1 | grep djangostack)
  [ -z "$left" ] || fail "compare: left: $left"
  pass "compare: the stack as containers, as four VMs and as written (db a VM), saved as $id ($(since "$t0") s)"
}

# WAYS (django_stack.sh: JUXTA_DJANGO_STACK_WAYS): mixed and vms by default; compare on request.
for way in ${WAYS:-mixed vms}; do
  case $way in
    mixed) stack mixed /tmp/stack/mixed.yaml "db:vm cache:container worker:container web:container" ;;
    vms) stack vms /tmp/stack/compose.yaml "db:vm cache:vm worker:vm web:vm" --as vm ;;
    compare) compare_stack ;;
    *) fail "unknown way '$way' (mixed, vms, compare)" ;;
  esac
done
