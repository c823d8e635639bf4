#!/usr/bin/env bash
# virtio-net end to end: tiny-linux under juxta-vmm on L1's KVM with a tap interface — the agent
# sets the address juxta-vmm was given, the guest fetches a file from an HTTP server on L1 over
# the tap, L1 fetches one from an HTTP server in the guest, the agent answers over virtio-vsock,
# the card's counters move, a missing tap is refused before the guest runs; `juxtactl vm create
# --net bridge` puts a VM on juxta0 with an address from the containers' pool (its agent on vsock),
# a guest that claims a container's address gets no frame from it onto the bridge, and vm rm takes
# its tap and lease. The checks are in l1/vm_net_l1.sh. Needs JUXTA_BIN_DIR (juxta-vmm,
# juxta-tiny-linux, vm_ctl) and the product's kernel with its modules.
# shellcheck source=../testbed/selftest/lib.sh
. "$(dirname "$0")/../testbed/selftest/lib.sh"
# shellcheck source=juxta_l1.sh
. "$(dirname "$0")/juxta_l1.sh"
juxta_vm_test
bin=$BIN kernel=$KERNEL
ipcmd=$(command -v ip) || fail "ip is missing (apt-get install iproute2)"
"$bin/juxta-tiny-linux" --kernel "$kernel" --out "$SCRATCH/image" >/dev/null || fail "juxta-tiny-linux failed"
cmdline=$(sed -n 's/.*"cmdline": "\(.*\)",/\1/p' "$SCRATCH/image/image.json")
[[ -n $cmdline ]] || fail "no cmdline in image.json"
token=net-$RANDOM$RANDOM
l1dir=$(cd "$(dirname "$0")/l1" && pwd)
l1=$l1dir/vm_net_l1.sh
# Containers in L1 need overlayfs and a root that is a mount: juxta_root_l1.sh gives them both.
l1_overlay
overlay=$OVERLAY
rc=0
"$TESTBED" -v run --timeout 600 --out "$SCRATCH/out" \
  --with "$bin/juxta-vmm" "$bin/vm_ctl" "$kernel" "$SCRATCH/image/initramfs.cpio" "$l1" "$l1dir/vm_lib_l1.sh" \
  "$ipcmd" /bin/busybox \
  "$bin/juxtactl" "$bin/juxta-vm-monitor" "$bin/juxta-guest" "$bin/juxta-monitor" "${kernel%/*}/modules" \
  "$overlay" "$l1dir/juxta_root_l1.sh" \
  --env "VMM=$bin/juxta-vmm" --env "CTL=$bin/vm_ctl" --env "KERNEL=$kernel" \
  --env "INITRD=$SCRATCH/image/initramfs.cpio" --env "CMDLINE=$cmdline" --env "IPCMD=$ipcmd" --env "TOKEN=$token" -- \
  sh "$l1dir/juxta_root_l1.sh" "$bin" "$overlay" "$l1" | tee "$SCRATCH/log" || rc=$?
expect_status 0 "$rc" "the checks in L1"
[[ $(grep -c '^PASS' "$SCRATCH/out/passes" 2>/dev/null) == 10 ]] || fail "not every check passed"
