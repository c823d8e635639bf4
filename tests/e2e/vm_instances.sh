#!/usr/bin/env bash
# VMs as instances, end to end, in L1 (where the stock cloud kernel boots under nested KVM):
# `juxtactl vm run` boots tiny-linux, runs commands through the guest agent and exits with their
# codes; the guest sees the memory and vCPUs it was given; the timeline has every phase; a VM
# started under its monitor reaches agent ready, its monitor records its figures (`juxtactl stats`,
# `metrics export`), it pauses, resumes, powers off through its agent on `vm stop`, and `vm rm`
# leaves nothing behind, its history included.
# Environment: JUXTA_BIN_DIR (juxtactl, juxta-vm-monitor, juxta-vmm, juxta-guest).
# shellcheck source=../testbed/selftest/lib.sh
. "$(dirname "$0")/../testbed/selftest/lib.sh"
require_testbed --cloud
scratch_dir
kernel=$("$TESTBED" kernel --cloud)
bin=${JUXTA_BIN_DIR:?JUXTA_BIN_DIR: the build bin directory}
for b in juxtactl juxta-vm-monitor juxta-vmm juxta-guest; do
  [[ -x $bin/$b ]] || fail "$bin/$b is missing: build it first"
done

rc=0
"$TESTBED" -v run --timeout 600 --out "$SCRATCH/out" \
  --with "$bin/juxtactl" "$bin/juxta-vm-monitor" "$bin/juxta-vmm" "$bin/juxta-guest" "$kernel" /bin/busybox \
  --env "JUXTA_KERNEL=$kernel" --env "BIN=$bin" -- sh -c '
  export JUXTA_DATA_DIR=/tmp/jx/data JUXTA_RUNTIME_DIR=/tmp/jx/run JUXTA_STATE_DIR=/tmp/jx/state
  out=$TESTBED_OUT
  j=$BIN/juxtactl
  $j vm run --rm --memory 256M --vcpus 2 --timings $out/run-timings.json -- \
    sh -c "grep -c ^processor /proc/cpuinfo; grep MemTotal /proc/meminfo" >$out/run-guest.txt 2>$out/run-err.txt
  echo $? >$out/run-true.rc
  $j vm run --rm -- sh -c "exit 7" 2>>$out/run-err.txt
  echo $? >$out/run-seven.rc
  $j vm run --rm -- /no/such/program 2>>$out/run-err.txt
  echo $? >$out/run-missing.rc

  $j vm create --name svc --memory 192M >$out/create.txt && $j vm start svc >>$out/create.txt 2>&1
  echo $? >$out/start.rc
  id=$(cat $out/create.txt | head -1)
  for i in $(seq 1 600); do grep -q "\"ready\"" $JUXTA_RUNTIME_DIR/vms/$id/agent.log 2>/dev/null && break; sleep 0.1; done
  $j vm ps --json >$out/ps-running.json
  # Its monitor records its resource use once a second: live figures and a history to export.
  sleep 3
  $j stats --no-stream --json svc >$out/stats.json 2>&1
  $j metrics export svc --since 10m --format json >$out/history.json 2>&1
  $j vm pause svc && $j vm ps --json >$out/ps-paused.json && $j vm resume svc
  $j vm stop --time 20 svc
  $j vm ps -a --json >$out/ps-stopped.json
  cp $JUXTA_STATE_DIR/vms/$id.log $out/console.log 2>/dev/null
  $j vm rm svc
  find $JUXTA_RUNTIME_DIR/vms $JUXTA_DATA_DIR/vms $JUXTA_STATE_DIR/vms -mindepth 1 >$out/left.txt 2>&1
  for p in /proc/[0-9]*; do case $(readlink $p/exe 2>/dev/null) in *juxta-vm*) echo $p;; esac; done >$out/procs-left.txt
' | tee "$SCRATCH/log" || rc=$?
expect_status 0 "$rc" "testbed run"
o=$SCRATCH/out
cat "$o/run-err.txt" >&2 || true
[[ $(cat "$o/run-true.rc") == 0 ]] || fail "vm run of a passing command exited $(cat "$o/run-true.rc")"
[[ $(cat "$o/run-seven.rc") == 7 ]] || fail "vm run of 'exit 7' exited $(cat "$o/run-seven.rc"), expected 7"
[[ $(cat "$o/run-missing.rc") == 127 ]] || fail "vm run of a missing program exited $(cat "$o/run-missing.rc"), expected 127"
[[ $(head -1 "$o/run-guest.txt") == 2 ]] || fail "the guest saw $(head -1 "$o/run-guest.txt") vCPUs, expected 2"
mem=$(awk '/MemTotal/ { print $2 }' "$o/run-guest.txt")
((mem > 200000 && mem <= 262144)) || fail "the guest saw MemTotal ${mem} kB for 256 MiB"
# ("Linux version" and "Run /init" are not on a quiet console: tiny-linux boots with `quiet`.)
for phase in kvm_ready memory_ready kernel_loaded first_vcpu_entry agent_ready workload_start workload_end; do
  grep -q "\"$phase\"" "$o/run-timings.json" || fail "the timeline lacks $phase: $(cat "$o/run-timings.json")"
done
[[ $(cat "$o/start.rc") == 0 ]] || fail "vm start: $(cat "$o/create.txt")"
grep -q '"state": "running"' "$o/ps-running.json" || fail "not running after start: $(cat "$o/ps-running.json")"
python3 - "$o/stats.json" "$o/history.json" <<'PY' || fail "the VM's figures: $(cat "$o/stats.json") $(head -c 400 "$o/history.json")"
import json, sys
row = json.load(open(sys.argv[1]))[0]
assert row["kind"] == "vm" and row["memory_bytes"] > 0 and row["memory_limit_bytes"] == 192 << 20, row
points = json.load(open(sys.argv[2]))[0]["points"]
assert len(points) >= 2 and all(p["memory_bytes"] > 0 for p in points), points
PY
grep -q '"state": "paused"' "$o/ps-paused.json" || fail "not paused after pause: $(cat "$o/ps-paused.json")"
grep -q 'power-off' "$o/ps-stopped.json" || fail "vm stop did not power off through the agent: $(cat "$o/ps-stopped.json")"
[[ ! -s $o/left.txt ]] || fail "vm rm left: $(cat "$o/left.txt")"
[[ ! -s $o/procs-left.txt ]] || fail "processes left: $(cat "$o/procs-left.txt")"
grep -q "Run /init\|juxta" "$o/console.log" || echo "note: console log: $(head -c 300 "$o/console.log")" >&2
echo "vm instances: ok"
