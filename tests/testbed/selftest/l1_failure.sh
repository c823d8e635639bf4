#!/usr/bin/env bash
# When L1 dies before reporting (here: a kernel panic the command triggers), the testbed exits 126
# and shows the end of L1's console. When L1's kernel locked up (its console says "soft lockup"
# before the panic), the testbed runs the command once more in a fresh L1 — only if --out was
# empty at the start — and says so; a second lockup is the end.
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
grep -q 'locked up' "$SCRATCH/err" && fail "a plain panic was taken for a lockup"

# A lockup, as the kernel's watchdog words it, then the panic softlockup_panic would make.
lockup='echo "<0>watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [selftest:1]" >/dev/kmsg; echo c >/proc/sysrq-trigger; sleep 60'
rc=0
"$TESTBED" run --timeout 120 --out "$SCRATCH/empty" -- sh -c "$lockup" \
  2>"$SCRATCH/err" || rc=$?
cat "$SCRATCH/err"
expect_status 126 "$rc" "a guest whose kernel locks up twice"
grep -q 'running the command again in a fresh L1' "$SCRATCH/err" || fail "a lockup was not tried again"
grep -q "locked up again" "$SCRATCH/err" || fail "the second lockup was not reported"
[[ $(grep -c 'soft lockup - CPU#1 stuck' "$SCRATCH/err") -ge 2 ]] || fail "the lockup line was not named"
mkdir -p "$SCRATCH/kept" && echo mine >"$SCRATCH/kept/input"
rc=0
"$TESTBED" run --timeout 120 --out "$SCRATCH/kept" -- sh -c "$lockup" 2>"$SCRATCH/err" || rc=$?
cat "$SCRATCH/err"
expect_status 126 "$rc" "a guest whose kernel locks up, --out not empty"
grep -q 'was not empty at the start, so no second try' "$SCRATCH/err" || fail "a non-empty --out was tried again"
[[ $(cat "$SCRATCH/kept/input") == mine ]] || fail "--out's own file was touched"
no_qemu_left
