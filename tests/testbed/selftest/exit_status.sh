#!/usr/bin/env bash
# The testbed exits with the command's status, and keeps its stdout and stderr apart.
# shellcheck source=selftest/lib.sh
. "$(dirname "$0")/lib.sh"
require_testbed
scratch_dir
rc=0
"$TESTBED" -v run --timeout 120 -- sh -c 'echo to-stdout; echo to-stderr >&2; exit 3' \
  >"$SCRATCH/out" 2>"$SCRATCH/err" || rc=$?
cat "$SCRATCH/out" "$SCRATCH/err"
expect_status 3 "$rc" "a command that exits 3"
grep -qx to-stdout "$SCRATCH/out" || fail "stdout did not come back"
grep -qx to-stderr "$SCRATCH/err" || fail "stderr did not come back"
! grep -q to-stderr "$SCRATCH/out" || fail "stderr leaked into stdout"
