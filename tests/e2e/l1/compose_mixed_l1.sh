#!/bin/sh
# Runs inside L1 (see ../compose_mixed.sh), chrooted by juxta_root_l1.sh (containers need its root),
# with BIN; IPCMD, CTL and TOKEN come in the environment. A three-service stack, two of them VMs:
#   db     (VM)         serves a page with the token, healthy once its own wget of it passes
#   web    (container)  waits for db to be healthy, fetches db's page by name, serves it (published)
#   probe  (VM)         fetches web's copy by name, prints it and ends: its exit code is the VM's
# db keeps its page on a named volume (a disk) across down and up, and there too what it wrote when
# down stopped it with its stop_signal (SIGUSR1, sent in the guest). Prints "PASS ..." lines; exits 1
# at the first failure.
set -u
BIN=$1
out=${TESTBED_OUT:-/tmp}
ctl=$CTL ip=$IPCMD token=$TOKEN
bb=/bin/busybox
# shellcheck source=vm_lib_l1.sh
. "$(dirname "$0")/vm_lib_l1.sh"
"$ip" link set lo up  # L1's init leaves loopback down; published ports listen on it
export JUXTA_DATA_DIR=/tmp/jx/data JUXTA_RUNTIME_DIR=/tmp/jx/run JUXTA_STATE_DIR=/tmp/jx/state
j=$BIN/juxtactl
mkdir -p /tmp/stack
cat >/tmp/stack/compose.yaml <<YAML
name: mixed
services:
  db:
    image: busybox
    command: [sh, -c, '[ -f /www/index.html ] || echo from-the-vm-\${TOKEN} > /www/index.html; echo db serving; httpd -f -p 80 -h /www & trap "echo stopped-by-USR1 > /www/stopped; exit 0" USR1; wait']
    stop_signal: SIGUSR1
    environment: {TOKEN: $token}
    volumes: ['site:/www']
    healthcheck: {test: [CMD, wget, -q, -O-, 'http://127.0.0.1/'], interval: 1s, retries: 100}
    ports: ['127.0.0.1:18090:80']
    mem_limit: 128m
    x-juxta: {as: vm}
  web:
    image: busybox
    command: [sh, -c, 'mkdir -p /w && wget -q -O /w/got http://db/ && exec httpd -f -p 80 -h /w']
    depends_on: {db: {condition: service_healthy}}
    ports: ['127.0.0.1:18091:80']
    stop_grace_period: 1s
  probe:
    image: busybox
    command: [sh, -c, 'n=0; until wget -q -O- http://web/got; do n=\$((n+1)); [ \$n -gt 100 ] && exit 9; sleep 0.2; done; exit 7']
    depends_on: [web]
    x-juxta: {as: vm}
volumes:
  site:
YAML
$j compose up -d -f /tmp/stack/compose.yaml >"$out/up.stdout" 2>"$out/up.stderr" || fail "compose up: $(cat "$out/up.stderr")"
ps=$($j compose ps -f /tmp/stack/compose.yaml 2>&1)
echo "$ps"
echo "$ps" | grep -Eq 'db +mixed-db +running \(healthy\) +vm +127\.0\.0\.1:18090->80/tcp' || fail "db in compose ps: $ps"
echo "$ps" | grep -Eq 'web +mixed-web +running +container +127\.0\.0\.1:18091->80/tcp' || fail "web in compose ps: $ps"
pass "compose up: db as a VM (healthy through its agent), web as a container after it"
n=0  # web's fetch may still be on its way (the VM answers from L2)
until got=$($bb wget -q -O- http://127.0.0.1:18091/got 2>&1) && [ "$got" = "from-the-vm-$token" ]; do
  n=$((n + 1))
  [ $n -lt 120 ] || fail "the container fetching from the VM by name: '$got'; $($j compose ps -f /tmp/stack/compose.yaml 2>&1)"
  sleep 0.5
done
got=$($bb wget -q -O- http://127.0.0.1:18090/ 2>&1)
[ "$got" = "from-the-vm-$token" ] || fail "the VM's published port 127.0.0.1:18090: '$got'"
pass "web (container) fetched from db (VM) by name; both published ports answer on L1's loopback"
n=0
until $j compose ps -f /tmp/stack/compose.yaml 2>&1 | grep -Eq 'probe +mixed-probe +exited 7 +vm'; do
  n=$((n + 1))
  [ $n -lt 600 ] || fail "probe did not end with 7: $($j compose ps -f /tmp/stack/compose.yaml 2>&1)"
  sleep 0.5
done
logs=$($j compose logs -f /tmp/stack/compose.yaml 2>&1)
printf '%s\n' "$logs" | grep -q "^probe *| from-the-vm-$token\$" || fail "probe's output in compose logs: $logs"
printf '%s\n' "$logs" | grep -q "^db *| db serving\$" || fail "db's output in compose logs: $logs"
pass "probe (VM) reached web (container) by name, printed it into compose logs and ended: exited 7"
$j compose down -f /tmp/stack/compose.yaml >"$out/down.stdout" 2>"$out/down.stderr" || fail "compose down: $(cat "$out/down.stderr")"
left=$($j ps -a 2>&1 | grep mixed-; $j vm ps -a 2>&1 | grep mixed-)
[ -z "$left" ] || fail "down left: $left"
[ -z "$(ls "$JUXTA_DATA_DIR/network/leases" 2>/dev/null)" ] || fail "down left leases: $(ls "$JUXTA_DATA_DIR/network/leases")"
"$ip" -o link show | grep -q ' jx' && fail "down left a link: $("$ip" -o link show | grep ' jx')"
pass "compose down removed both VMs and the container, their taps and leases"
# db's named volume is a disk of its own, kept by down: a new db (told another token) serves the
# page the first one wrote; down -v removes it.
sed "s/TOKEN: $token/TOKEN: second/" /tmp/stack/compose.yaml | sed '/^  web:/,/^volumes:/{/^volumes:/!d}' >/tmp/stack/db.yaml
$j compose up -d -f /tmp/stack/db.yaml >"$out/up2.stdout" 2>"$out/up2.stderr" || fail "compose up (db alone): $(cat "$out/up2.stderr"); $(cat /tmp/stack/db.yaml)"
n=0  # up -d returns once db is started: it boots and serves a moment later
until got=$($bb wget -q -O- http://127.0.0.1:18090/ 2>&1) && [ "$got" = "from-the-vm-$token" ]; do
  n=$((n + 1))
  [ $n -lt 240 ] || fail "db's volume after down and up: '$got'; $($j compose ps -f /tmp/stack/db.yaml 2>&1)"
  sleep 0.5
done
$j volume ls 2>&1 | grep -q mixed_site || fail "no volume mixed_site: $($j volume ls 2>&1)"
got=$($bb wget -q -O- http://127.0.0.1:18090/stopped 2>&1)
[ "$got" = "stopped-by-USR1" ] || fail "db's stop_signal: the first db did not write what its SIGUSR1 trap writes: '$got'"
$j compose down -v -f /tmp/stack/db.yaml >"$out/down2.stdout" 2>"$out/down2.stderr" || fail "compose down -v: $(cat "$out/down2.stderr")"
$j volume ls 2>&1 | grep -q mixed_site && fail "down -v left the volume mixed_site"
pass "db's named volume (a disk of its own) kept its page across down and up, and what db wrote on its stop_signal (SIGUSR1, in the guest); down -v removed it"
# The compose scenario as written (mixed): web a container under load, cache a VM made to exhaust its
# memory through its agent — every figure there, the hog stopped by the guest's kernel, nothing left.
cat >/tmp/stack/compare.yaml <<YAML
name: cmp
services:
  cache:
    image: busybox
    command: [sleep, '900']
    mem_limit: 128m  # a VM of it: 128 MiB (tiny-linux's kernel and initramfs need more than 64)
    x-juxta: {as: vm}
  web:
    image: busybox
    command: [sh, -c, 'mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 80 -h /www']
    ports: ['127.0.0.1::80']
    depends_on: [cache]
    healthcheck: {test: [CMD, wget, -q, -O-, 'http://127.0.0.1/'], interval: 1s, retries: 100}
    stop_grace_period: 1s
YAML
$j compare --compose /tmp/stack/compare.yaml --as written --params seconds=3,connections=2 --csv \
  >"$out/compare.csv" 2>"$out/compare.stderr" || fail "compare --compose: $(cat "$out/compare.stderr"; cat "$out/compare.csv")"
csv=$(cat "$out/compare.csv")
field() { printf '%s\n' "$csv" | grep "^written,$1,[^,]*,$2," | head -1 | cut -d, -f5-; }
[ "$(field cache:kind value)" = vm ] && [ "$(field web:kind value)" = container ] || fail "the kinds as written: $csv"
for f in all_ready_ms total_memory_bytes idle_cpu_percent cache:memory_bytes cache:disk_shared_bytes cache:disk_unique_bytes; do
  v=$(field "$f" value)
  case $v in '' | 0 | -*) fail "written $f: '$v' in $csv" ;; esac
done
for phase in idle during_hog after_hog; do
  v=$(field load_requests_per_s $phase)
  case $v in '' | 0) fail "the load on web $phase: '$v' in $csv" ;; esac
done
[ "$(field cache:oom_killed value)" = 1 ] || fail "cache's hog in the VM was not OOM-killed: $(field cache:end value)"
left=$($j ps -a 2>&1 | grep cmp-; $j vm ps -a 2>&1 | grep cmp-)
[ -z "$left" ] || fail "the comparison left: $left"
pass "compare --compose as written: web (container) loaded, cache (VM) exhausted its memory and its guest stopped it; nothing left"
