#!/usr/bin/env bash
# The testbed fixture's cleanup, so the last testbed test of a suite: how many testbed runs there
# were, how many needed a second L1 (run.sh, tb_retry_failed_l1) and how many had L1 woken from
# the emulator's lost interrupt (tb_l1_wake), each on a line of its own — flakiness stays visible
# instead of hidden. Written to $TESTBED_SUMMARY too, which
# `setup.sh --test` prints after ctest. Fails when the runs' log is malformed.
# shellcheck source=selftest/lib.sh
. "$(dirname "$0")/lib.sh"
log=${TESTBED_RUN_LOG:?TESTBED_RUN_LOG: the log of testbed runs}
if [[ ! -f $log ]]; then
  echo "testbed: no runs logged (testbed_prepare, the fixture's setup, starts the log)"
  exit 0
fi
awk -F'\t' 'NF != 5 || $2 !~ /^[0-9]+$/ || $3 !~ /^[12]$/ || $5 !~ /^[0-9]+$/ { print "bad line " NR ": " $0; bad = 1 } END { exit bad }' \
  "$log" >&2 || fail "the log of testbed runs $log is malformed"
{
  echo "testbed: $(wc -l <"$log") runs, $(awk -F'\t' '$3 == 2' "$log" | wc -l) retried," \
    "$(awk -F'\t' '$5 > 0' "$log" | wc -l) woken from a lost interrupt"
  awk -F'\t' '$3 == 2 { printf "testbed:   %s ran twice (first L1: %s), then %s\n", $1, $4, $2 == 0 ? "passed" : "exit " $2 }' "$log"
  awk -F'\t' '$5 > 0 { printf "testbed:   %s: L1 woken %d time%s from a lost interrupt (run.sh, tb_l1_wake), then %s\n", $1, $5, $5 == 1 ? "" : "s", $2 == 0 ? "passed" : "exit " $2 }' "$log"
} | tee "${TESTBED_SUMMARY:-/dev/null}"
