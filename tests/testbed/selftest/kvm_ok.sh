#!/usr/bin/env bash
# L1 has a working hardware-style /dev/kvm: kvm-amd is loaded on an SVM CPU.
# shellcheck source=selftest/lib.sh
. "$(dirname "$0")/lib.sh"
require_testbed
scratch_dir
rc=0
"$TESTBED" -v run --timeout 120 -- sh -c 'test -c /dev/kvm && echo kvm-ok; grep -qw svm /proc/cpuinfo && echo svm-ok; test -d /sys/module/kvm_amd && echo kvm-amd-ok' >"$SCRATCH/out" || rc=$?
cat "$SCRATCH/out"
expect_status 0 "$rc" "testbed run"
for want in kvm-ok svm-ok kvm-amd-ok; do
  grep -qx "$want" "$SCRATCH/out" || fail "L1 did not print $want"
done
