#!/usr/bin/env bash
# tiny-linux under juxta-vmm on L1's KVM: agent ready, exec and exit codes, memory and vCPUs seen
# by the guest, pause/resume, a graceful stop through the agent, every timeline phase — three
# guest boots in one L1 run (the checks are in l1/vm_agent_l1.sh). Needs JUXTA_BIN_DIR: the build's
# bin/ directory (juxta-vmm, juxta-guest, juxta-tiny-linux, vm_ctl). Each guest boot takes ~1.5 min
# at a host load of 7 (the first, with a verbose console, ~4 min) and less on an idle host.
# shellcheck source=../testbed/selftest/lib.sh
. "$(dirname "$0")/../testbed/selftest/lib.sh"
require_testbed --cloud
scratch_dir
bin=${JUXTA_BIN_DIR:?JUXTA_BIN_DIR must name the build bin/ directory}
kernel=$("$TESTBED" kernel --cloud)
"$bin/juxta-tiny-linux" --kernel "$kernel" --out "$SCRATCH/image" >/dev/null || fail "juxta-tiny-linux failed"
# The image's own command line without quiet, so the console shows "Linux version" and "Run /init".
cmdline=$(sed -n 's/.*"cmdline": "\(.*\)",/\1/p' "$SCRATCH/image/image.json" | sed 's/ quiet//')
[[ -n $cmdline ]] || fail "no cmdline in image.json"
l1=$(cd "$(dirname "$0")/l1" && pwd)/vm_agent_l1.sh
rc=0
"$TESTBED" -v run --timeout 1500 --out "$SCRATCH/out" \
  --with "$bin/juxta-vmm" "$bin/vm_ctl" "$kernel" "$SCRATCH/image/initramfs.cpio" "$l1" "${l1%/*}/vm_lib_l1.sh" -- \
  sh "$l1" "$bin/juxta-vmm" "$bin/vm_ctl" "$kernel" "$SCRATCH/image/initramfs.cpio" "$cmdline" | tee "$SCRATCH/log" || rc=$?
expect_status 0 "$rc" "the checks in L1"
# Counted in the results of the attempt that ran to the end: when L1 failed and the testbed ran the
# command again, the log holds the first attempt's PASS lines too.
[[ $(grep -c '^PASS' "$SCRATCH/out/passes" 2>/dev/null) == 6 ]] || fail "not every check passed"
