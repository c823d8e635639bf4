#!/usr/bin/env bash
# When L1 dies before reporting (here: a kernel panic the command triggers), the testbed exits 126
# and shows the end of L1's console.
# shellcheck source=selftest/lib.sh
. "$(dirname "$0")/lib.sh"
require_testbed
scratch_dir
rc=0
"$TESTBED" run --timeout 120 -- sh -c 'echo c >/proc/sysrq-trigger; sleep 60' 2>"$SCRATCH/err" || rc=$?
cat "$SCRATCH/err"
expect_status 126 "$rc" "a guest whose kernel panics"
grep -q 'L1 stopped without reporting' "$SCRATCH/err" || fail "no L1 failure message"
grep -q 'Kernel panic' "$SCRATCH/err" || fail "L1's console (with the panic) was not shown"
no_qemu_left
