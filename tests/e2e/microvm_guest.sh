#!/usr/bin/env bash
# QEMU microvm inside L1 (--with-qemu) boots the product's default guest kernel (Debian's cloud
# kernel) with a tiny initramfs under L1's KVM; the guest's init prints a marker. Also prints the
# time from QEMU's start to the marker, measured inside L1.
# shellcheck source=../testbed/selftest/lib.sh
. "$(dirname "$0")/../testbed/selftest/lib.sh"
require_testbed --cloud
scratch_dir
kernel=$("$TESTBED" kernel --cloud)
marker="juxta-testbed-guest-marker-$$"

mkdir -p "$SCRATCH/root/bin"
cp /bin/busybox "$SCRATCH/root/bin/busybox"
printf '#!/bin/busybox sh\n/bin/busybox echo %s\n/bin/busybox poweroff -f\n' "$marker" >"$SCRATCH/root/init"
chmod 0755 "$SCRATCH/root/init"
(cd "$SCRATCH/root" && find . | cpio -o -H newc -R 0:0 --quiet) >"$SCRATCH/initrd.cpio"

# -accel kvm only: if L1's /dev/kvm did not work, QEMU fails instead of falling back to TCG.
rc=0
"$TESTBED" -v run --timeout 400 --with-qemu --with "$kernel" "$SCRATCH/initrd.cpio" -- sh -c '
  start=$(cut -d" " -f1 /proc/uptime)
  qemu-system-x86_64 -machine microvm -accel kvm -cpu host -smp 1 -m 256 \
    -nodefaults -no-user-config -display none -no-reboot -serial stdio \
    -kernel "$1" -initrd "$2" -append "console=ttyS0 quiet panic=-1" |
  while IFS= read -r line; do
    printf "%s\n" "$line"
    case $line in *"$3"*) echo "microvm guest: marker $(awk -v s="$start" "{ print \$1 - s }" /proc/uptime) s after QEMU start" ;; esac
  done
' sh "$kernel" "$SCRATCH/initrd.cpio" "$marker" | tee "$SCRATCH/log" || rc=$?
expect_status 0 "$rc" "testbed run"
grep -q "^$marker" "$SCRATCH/log" || fail "the guest's marker '$marker' did not appear"
