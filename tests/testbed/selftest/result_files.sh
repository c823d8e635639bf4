#!/usr/bin/env bash
# Files written under $TESTBED_OUT come back to --out; --with copies a dynamic binary with its
# libraries; the command starts in the host's current directory.
# shellcheck source=selftest/lib.sh
. "$(dirname "$0")/lib.sh"
require_testbed
scratch_dir
mkdir -p "$SCRATCH/in"
echo "input-$$" >"$SCRATCH/in/data.txt"
cd "$SCRATCH" || fail "cannot enter $SCRATCH"
rc=0
"$TESTBED" -v run --timeout 120 --with in/data.txt /usr/bin/kmod --env GREETING="hello 'world'" --out "$SCRATCH/results" -- \
  sh -c 'pwd >"$TESTBED_OUT/cwd"; cat in/data.txt >"$TESTBED_OUT/copied"; echo "$GREETING" >"$TESTBED_OUT/env"
         mkdir "$TESTBED_OUT/sub"; /usr/bin/kmod --version >"$TESTBED_OUT/sub/kmod-version"' || rc=$?
expect_status 0 "$rc" "testbed run"
[[ $(cat results/cwd) == "$SCRATCH" ]] || fail "cwd in L1 was '$(cat results/cwd)', expected $SCRATCH"
[[ $(cat results/copied) == "input-$$" ]] || fail "--with file content: '$(cat results/copied)'"
[[ $(cat results/env) == "hello 'world'" ]] || fail "--env value: '$(cat results/env)'"
grep -q '^kmod version' results/sub/kmod-version || fail "kmod --version in L1 printed '$(cat results/sub/kmod-version)'"
