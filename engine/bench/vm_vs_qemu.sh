#!/usr/bin/env bash
# vm_vs_qemu.sh [BUILD_DIR] [RUNS] — runs the vm_vs_qemu benchmark inside the nested testbed (one
# L1 boot): the tiny-linux image is built here from Debian's cloud kernel, then juxta-vmm and QEMU
# microvm boot it alternately on L1's KVM; then both again with a 128 MiB raw disk of random bytes
# (virtio-blk), read by juxta-workload blockread in the guest; then with the disk, a virtio-net card
# on a tap of L1's and vsock, the guest streaming TCP to a sink in L1 (juxta-workload tcpsend).
# Prints the runs, the medians and ratios, and the host's and L1's load averages (the figures scale
# with them). The kernel is the product's (<build>/share/juxta/kernel: its modules are the guest's
# virtio drivers). VMQ_DMESG=1: every boot with every device also prints the guest's kernel log.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
runs=${2:-5}
testbed=$src/tests/testbed/testbed
export JUXTA_TESTBED_CACHE=${JUXTA_TESTBED_CACHE:-$build/testbed-cache}
"$testbed" prepare --cloud
kernel=$build/share/juxta/kernel/vmlinuz
[[ -s $kernel && -s ${kernel%/*}/modules/order ]] || "$src/tools/fetch-kernel.sh" "${kernel%/*}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c 128M /dev/urandom >"$work/disk.raw"
"$build/bin/juxta-tiny-linux" --kernel "$kernel" --out "$work/image" >/dev/null
cmdline=$(sed -n 's/.*"cmdline": "\(.*\)",/\1/p' "$work/image/image.json")
echo "host load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$testbed" -v run --timeout 1800 --with-qemu --env "VMQ_DMESG=${VMQ_DMESG:-}" \
  --with "$build/bin/juxta-vmm" "$build/bin/vm_vs_qemu" "$kernel" "$work/image/initramfs.cpio" "$work/disk.raw" -- \
  sh -c 'echo "L1 load average before: $(cut -d" " -f1-3 /proc/loadavg)"; "$@"; s=$?;
         echo "L1 load average after: $(cut -d" " -f1-3 /proc/loadavg)"; exit $s' sh \
  "$build/bin/vm_vs_qemu" --vmm "$build/bin/juxta-vmm" --kernel "$kernel" \
  --initrd "$work/image/initramfs.cpio" --cmdline "$cmdline" --runs "$runs" --disk "$work/disk.raw" --net yes
echo "host load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
