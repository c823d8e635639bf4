#!/bin/sh
# Runs in L1, in the runtime's root (see juxta_root_l1.sh): the stack scenario as four containers
# and four VMs, one juxtactl run. Argument: BIN; results in $TESTBED_OUT.
bin=$1
export JUXTA_DATA_DIR=/tmp/jx/data JUXTA_RUNTIME_DIR=/tmp/jx/run JUXTA_STATE_DIR=/tmp/jx/state
out=$TESTBED_OUT
"$bin/juxtactl" compare --scenario stack --variants container,vm --vm-memory 128 --json \
  >"$out/stack.json" 2>"$out/stack.err"
echo $? >"$out/stack.rc"
ls "$JUXTA_DATA_DIR/containers" >"$out/containers-left.txt" 2>/dev/null
ps -o comm= 2>/dev/null | grep -c -e juxta-vmm -e juxta-monitor >"$out/processes-left.txt"
exit 0
