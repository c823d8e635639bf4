#!/usr/bin/env bash
# When L1's kernel fails before the command's status comes back (a panic, a lockup), the testbed
# runs the command once more in a fresh L1, with a fresh results directory, and says so: a second
# failure ends the run with 126 and the end of L1's console; a success leaves in --out the second
# attempt's files only, next to what --out held before. Each run is one line in $TESTBED_RUN_LOG.
# (These runs log to a file of their own: the suite's summary counts real retries only.)
# shellcheck disable=SC2016 # the commands expand $TESTBED_OUT and $TESTBED_ATTEMPT in L1
# shellcheck source=selftest/lib.sh
. "$(dirname "$0")/lib.sh"
require_testbed
scratch_dir
export TESTBED_RUN_LOG=$SCRATCH/runs.log

# A kernel panic in both attempts; --out is not empty, and the first attempt wrote into it.
mkdir -p "$SCRATCH/kept" && echo mine >"$SCRATCH/kept/input"
rc=0
TESTBED_TEST=panics "$TESTBED" run --timeout 120 --out "$SCRATCH/kept" -- \
  sh -c 'echo "attempt $TESTBED_ATTEMPT" >"$TESTBED_OUT/attempt"; echo c >/proc/sysrq-trigger; sleep 60' \
  2>"$SCRATCH/err" || rc=$?
cat "$SCRATCH/err"
expect_status 126 "$rc" "a guest whose kernel panics twice"
grep -q "L1's kernel failed (Kernel panic.*): retrying once" "$SCRATCH/err" || fail "a panic was not tried again"
grep -q "L1's kernel failed again (Kernel panic" "$SCRATCH/err" || fail "the second panic was not reported"
grep -q 'L1 stopped without reporting' "$SCRATCH/err" || fail "no L1 failure message"
grep -q '| .*Kernel panic - not syncing' "$SCRATCH/err" || fail "L1's console (with the panic) was not shown"
[[ $(cat "$SCRATCH/kept/input") == mine ]] || fail "--out's own file was touched"
[[ $(cat "$SCRATCH/kept/attempt") == "attempt 2" ]] || fail "--out does not hold the last attempt's files"

# A lockup, as the kernel's watchdog words it, then the panic softlockup_panic would make — in the
# first attempt only, after it wrote a file; the second attempt passes. Between the two, more
# console than a pipe holds (100 KiB, as a long oops trace makes): the testbed shows the console
# from the fault on without dying of SIGPIPE (2026-12-03, a real L1 oops ended a run with 141).
lockup='echo partial >"$TESTBED_OUT/partial"
echo "<0>watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [selftest:1]" >/dev/kmsg
yes "selftest: the console goes on after the fault, longer than a pipe holds" | head -c 100000 >/dev/console
echo c >/proc/sysrq-trigger; sleep 60'
mkdir -p "$SCRATCH/out" && echo mine >"$SCRATCH/out/input"
rc=0
TESTBED_TEST=locks-up-once "$TESTBED" run --timeout 120 --out "$SCRATCH/out" -- \
  sh -c "if [ \"\$TESTBED_ATTEMPT\" = 1 ]; then $lockup; fi; echo done >\"\$TESTBED_OUT/result\"; echo second-ok" \
  >"$SCRATCH/stdout" 2>"$SCRATCH/err" || rc=$?
cat "$SCRATCH/err"
expect_status 0 "$rc" "a guest whose kernel locks up once"
grep -q "L1's kernel failed (watchdog: BUG: soft lockup - CPU#1 stuck" "$SCRATCH/err" || fail "the lockup was not named"
grep -q "failed again" "$SCRATCH/err" && fail "a second failure was reported for a run that passed"
[[ $(cat "$SCRATCH/stdout") == second-ok ]] || fail "stdout: $(cat "$SCRATCH/stdout")"
[[ $(cat "$SCRATCH/out/result") == "done" ]] || fail "the second attempt's file is not in --out"
[[ ! -e $SCRATCH/out/partial ]] || fail "the failed attempt's file is in --out"
[[ $(cat "$SCRATCH/out/input") == mine ]] || fail "--out's own file was touched"

# A wedged L1 (a clean console, its heartbeat stopped before its first "alive": the wedge comes
# right after the command starts) in the first attempt only: the watchdog stops it after
# TESTBED_L1_SILENCE seconds instead of letting it run to --timeout, and it is retried.
rc=0
TESTBED_L1_SILENCE=15 TESTBED_TEST=wedged-once "$TESTBED" run --timeout 300 -- \
  sh -c 'if [ "$TESTBED_ATTEMPT" = 1 ]; then kill -STOP "$(cat /run/testbed-heartbeat.pid)"; sleep 280; fi; echo second-ok' \
  >"$SCRATCH/stdout" 2>"$SCRATCH/err" || rc=$?
cat "$SCRATCH/err"
expect_status 0 "$rc" "a guest that wedges once"
grep -q "L1's kernel failed (L1 stopped responding: no sign of life for" "$SCRATCH/err" || fail "the wedge was not named"
grep -q "TIMEOUT" "$SCRATCH/err" && fail "the wedged L1 ran to --timeout"
# What QEMU said about the silent L1 (tb_l1_state): its threads, its vCPU's registers, its APIC.
grep -q "L1 and QEMU when L1 fell silent" "$SCRATCH/err" || fail "the silent L1's state was not shown"
grep -q "CPU 0/TCG" "$SCRATCH/err" || fail "QEMU's vCPU thread is not among its threads"
grep -q "RIP=" "$SCRATCH/err" || fail "QEMU's monitor was not asked for L1's registers"
grep -q -- "--- info lapic" "$SCRATCH/err" || fail "QEMU's monitor was not asked for L1's local APIC"
[[ $(cat "$SCRATCH/stdout") == second-ok ]] || fail "stdout: $(cat "$SCRATCH/stdout")"

# The run log: test, status, attempts, the first attempt's fault.
cat "$TESTBED_RUN_LOG"
awk -F'\t' '$1 == "panics" && $2 == 126 && $3 == 2 && $4 ~ /Kernel panic/' "$TESTBED_RUN_LOG" | grep -q . ||
  fail "the run log lacks the twice-panicked run"
awk -F'\t' '$1 == "locks-up-once" && $2 == 0 && $3 == 2 && $4 ~ /soft lockup/' "$TESTBED_RUN_LOG" | grep -q . ||
  fail "the run log lacks the retried run"
awk -F'\t' '$1 == "wedged-once" && $2 == 0 && $3 == 2 && $4 ~ /stopped responding/' "$TESTBED_RUN_LOG" | grep -q . ||
  fail "the run log lacks the wedged run"
[[ $(wc -l <"$TESTBED_RUN_LOG") == 3 ]] || fail "the run log has other lines than one per run"
no_qemu_left
