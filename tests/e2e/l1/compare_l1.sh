#!/bin/sh
# Runs in L1, in the runtime's root (see juxta_root_l1.sh): the three-way comparisons of startup,
# cpu, idle and fileio, the saved cpu comparison as CSV, and what is left. Argument: BIN; results in
# $TESTBED_OUT.
bin=$1
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
run fileio --workload fileio --params mib=8,syncs=5
# The saved cpu comparison as CSV, for the JSON/CSV consistency check.
id=$("$bin/juxtactl" compare --show list | grep -- -cpu | tail -1)
"$bin/juxtactl" compare --show "$id" --csv >"$out/cpu.csv" 2>>"$out/cpu.err"
# Nothing left: no container defined, no VM process.
ls "$JUXTA_DATA_DIR/containers" >"$out/containers-left.txt" 2>/dev/null
ps -o comm= 2>/dev/null | grep -c -e juxta-vmm -e juxta-monitor >"$out/processes-left.txt"
exit 0
