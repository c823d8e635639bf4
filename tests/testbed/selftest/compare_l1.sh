#!/bin/sh
# Runs in L1 (see compare.sh): gives the runtime what the testbed's L1 lacks (overlayfs, a cgroup2
# hierarchy with the memory, cpu and pids controllers), then the three-way comparisons.
# Arguments: BIN OVERLAY_KO; results in $TESTBED_OUT.
bin=$1
insmod "$2" || { echo "insmod overlay failed" >&2; exit 90; }
mkdir -p /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup || { echo "mount cgroup2 failed" >&2; exit 91; }
echo "+memory +cpu +pids" >/sys/fs/cgroup/cgroup.subtree_control
export JUXTA_DATA_DIR=/tmp/jx/data JUXTA_RUNTIME_DIR=/tmp/jx/run JUXTA_STATE_DIR=/tmp/jx/state
out=$TESTBED_OUT
run() { # NAME ARGS...
  name=$1
  shift
  "$bin/juxtactl" compare --variants host,container,vm --repeat 1 --save --json "$@" >"$out/$name.json" 2>"$out/$name.err"
  echo $? >"$out/$name.rc"
}
run startup --workload startup
run cpu --workload cpu --params ops=2000000
run idle --workload idle --params seconds=1
# The saved cpu comparison as CSV, for the JSON/CSV consistency check.
id=$("$bin/juxtactl" compare --show list | grep -- -cpu | tail -1)
"$bin/juxtactl" compare --show "$id" --csv >"$out/cpu.csv" 2>>"$out/cpu.err"
# Nothing left: no container defined, no VM process.
ls "$JUXTA_DATA_DIR/containers" >"$out/containers-left.txt" 2>/dev/null
ps -o comm= 2>/dev/null | grep -c -e juxta-vmm -e juxta-monitor >"$out/processes-left.txt"
exit 0
