#!/usr/bin/env bash
# Helpers for the testbed's own end-to-end tests (sourced; CTest runs each test with bash).
# Environment: TESTBED (the testbed script), JUXTA_TESTBED_CACHE (its cache), CI=true in CI.
set -euo pipefail

TESTBED=${TESTBED:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/testbed}
# The testbed's own default, spelled out so no_qemu_left knows where runs live.
export JUXTA_TESTBED_CACHE=${JUXTA_TESTBED_CACHE:-$(cd "$(dirname "$TESTBED")/../.." && pwd)/build/testbed-cache}
readonly SKIP=77 # CTest's SKIP_RETURN_CODE for these tests
# shellcheck disable=SC2034 # TB_TIMEOUT is for the tests that source this file
readonly TB_UNAVAILABLE=125 TB_TIMEOUT=124

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# require_testbed [--cloud] — prepare the testbed; skip when it cannot work here, except in CI,
# where a missing prerequisite is a failure.
require_testbed() {
  local rc=0
  "$TESTBED" prepare "$@" || rc=$?
  ((rc == 0)) && return 0
  if ((rc == TB_UNAVAILABLE)); then
    [[ ${CI:-} == true ]] && fail "the testbed must run in CI (CI=true) but is unavailable here"
    echo "SKIP: the testbed cannot run on this machine (reason above)" >&2
    exit "$SKIP"
  fi
  fail "testbed prepare exited $rc"
}

# scratch_dir — a directory removed when the test exits (kept with TESTBED_KEEP_SCRATCH=1: loop.sh).
scratch_dir() {
  SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/testbed-test.XXXXXX")
  if [[ ${TESTBED_KEEP_SCRATCH:-0} == 1 ]]; then
    trap 'echo "testbed test: kept $SCRATCH" >&2' EXIT
  else
    trap 'rm -rf "$SCRATCH"' EXIT
  fi
}

# expect_status WANT GOT WHAT
expect_status() { (($1 == $2)) || fail "$3: exit status $2, expected $1"; }

# no_qemu_left — no QEMU started by this cache's testbed runs is still alive.
no_qemu_left() {
  local left
  left=$(pgrep -af -- "${JUXTA_TESTBED_CACHE:-/nonexistent}/runs/" || true)
  [[ -z $left ]] || fail "QEMU outlived the testbed: $left"
}
