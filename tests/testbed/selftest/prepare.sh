#!/usr/bin/env bash
# Fetches both Debian kernels (L1's and the cloud guest kernel) and builds L1's initramfs, so the
# other tests find them cached. The first run downloads ~100 MB.
# shellcheck source=selftest/lib.sh
. "$(dirname "$0")/lib.sh"
# The fixture's setup starts the suite's log of testbed runs afresh (summary.sh reads it at the end).
[[ -z ${TESTBED_RUN_LOG:-} ]] || : >"$TESTBED_RUN_LOG"
[[ -z ${TESTBED_SUMMARY:-} ]] || rm -f "$TESTBED_SUMMARY"
require_testbed --cloud
kernel=$("$TESTBED" kernel)
[[ -s $kernel ]] || fail "testbed kernel printed '$kernel'"
cloud=$("$TESTBED" kernel --cloud)
[[ -s $cloud ]] || fail "testbed kernel --cloud printed '$cloud'"
[[ $cloud == *cloud-amd64* ]] || fail "the cloud kernel is $cloud"
echo "L1 kernel: $kernel"
echo "cloud kernel: $cloud"
