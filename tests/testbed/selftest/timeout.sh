#!/usr/bin/env bash
# A hung guest is killed at --timeout with exit status 124, and no QEMU outlives the testbed —
# not even when the testbed itself is killed with SIGKILL.
# shellcheck source=selftest/lib.sh
. "$(dirname "$0")/lib.sh"
require_testbed
scratch_dir
start=$SECONDS
rc=0
"$TESTBED" run --timeout 20 -- sleep 1000 2>"$SCRATCH/err" || rc=$?
cat "$SCRATCH/err"
expect_status "$TB_TIMEOUT" "$rc" "a hung guest"
grep -q 'TIMEOUT' "$SCRATCH/err" || fail "no timeout message on stderr"
((SECONDS - start < 90)) || fail "the timeout of 20 s took $((SECONDS - start)) s"
no_qemu_left

# SIGKILL the testbed while L1 runs: QEMU must die with it (parent-death signal).
shopt -s nullglob
runs_before=("$JUXTA_TESTBED_CACHE"/runs/run.*)
"$TESTBED" -v run --timeout 300 -- sleep 1000 2>"$SCRATCH/log" &
testbed_pid=$!
for _ in $(seq 600); do
  grep -q 'L1 is up' "$SCRATCH/log" && break
  kill -0 "$testbed_pid" 2>/dev/null || fail "the testbed stopped early: $(cat "$SCRATCH/log")"
  sleep 0.2
done
grep -q 'L1 is up' "$SCRATCH/log" || fail "L1 did not come up in 120 s"
pgrep -f -- "$JUXTA_TESTBED_CACHE/runs/" >/dev/null || fail "no QEMU found while L1 runs"
kill -KILL "$testbed_pid"
wait "$testbed_pid" 2>/dev/null || true
for _ in $(seq 50); do
  pgrep -f -- "$JUXTA_TESTBED_CACHE/runs/" >/dev/null || break
  sleep 0.2
done
no_qemu_left
# A SIGKILLed testbed cannot remove its run directory; this test's own is removed here.
for run in "$JUXTA_TESTBED_CACHE"/runs/run.*; do
  [[ " ${runs_before[*]} " == *" $run "* ]] || rm -rf "$run"
done
