#!/usr/bin/env bash
# virtio-blk end to end: tiny-linux under juxta-vmm on L1's KVM with raw disk images — the guest
# finds them (the agent loads the drivers the initramfs carries), mounts a read-only ext4 image
# made here with `mke2fs -d` and reads a file only it has, cannot write it, writes a second disk
# that the next VM reads back, the device counters move; a disk another VM writes, a missing disk
# and a directory are refused before the guest runs; kill -9 frees the disk; `juxtactl vm run
# --disk` and a VM instance created with a disk (held while it runs); an OCI image (busybox) as a
# VM: its command in the image's root, and a persistent image VM keeps what it wrote across stop
# and start; a raw disk with a partition table as the root (--root /dev/vda1, a cloud image's way).
# The checks are in
# l1/vm_disks_l1.sh. Needs JUXTA_BIN_DIR (juxta-vmm, juxta-tiny-linux, vm_ctl, juxtactl,
# juxta-vm-monitor, juxta-guest) and the product's kernel with its modules
# (<build>/share/juxta/kernel, tools/fetch-kernel.sh).
# shellcheck source=../testbed/selftest/lib.sh
. "$(dirname "$0")/../testbed/selftest/lib.sh"
# shellcheck source=juxta_l1.sh
. "$(dirname "$0")/juxta_l1.sh"
juxta_vm_test
bin=$BIN kernel=$KERNEL
command -v mke2fs >/dev/null || fail "mke2fs is missing (apt-get install e2fsprogs)"
"$bin/juxta-tiny-linux" --kernel "$kernel" --out "$SCRATCH/image" >/dev/null || fail "juxta-tiny-linux failed"
cmdline=$(sed -n 's/.*"cmdline": "\(.*\)",/\1/p' "$SCRATCH/image/image.json")
[[ -n $cmdline ]] || fail "no cmdline in image.json"

# The read-only disk: an ext4 image holding a file with a token made for this run.
token=disk-$RANDOM$RANDOM
mkdir -p "$SCRATCH/tree/sub"
echo "$token" >"$SCRATCH/tree/sub/only-here.txt"
mke2fs -q -t ext4 -O ^has_journal -d "$SCRATCH/tree" -F "$SCRATCH/data.ext4" 8M || fail "mke2fs -d failed"
truncate -s 4M "$SCRATCH/scratch.raw"

# A root disk laid out as a cloud image's: an MBR whose one Linux partition (type 83) starts at
# sector 2048, an ext4 file system in it with busybox and a file only it has.
mkdir -p "$SCRATCH/rootfs/bin" "$SCRATCH/rootfs/etc"
cp /bin/busybox "$SCRATCH/rootfs/bin/busybox"
for applet in sh cat echo hostname test; do ln -s busybox "$SCRATCH/rootfs/bin/$applet"; done
echo "root-$token" >"$SCRATCH/rootfs/etc/only-on-the-root-disk"
mke2fs -q -t ext4 -d "$SCRATCH/rootfs" -F "$SCRATCH/part.ext4" 16M || fail "mke2fs -d (the root partition) failed"
python3 - "$SCRATCH/cloud.raw" "$SCRATCH/part.ext4" <<'PY' || fail "could not write the partitioned disk"
import os, struct, sys
disk, part = sys.argv[1], sys.argv[2]
start, sectors = 2048, os.path.getsize(part) // 512
entry = struct.pack("<B3sB3sII", 0, b"\0\0\0", 0x83, b"\0\0\0", start, sectors)
with open(disk, "wb") as out:
    out.write(bytes(446) + entry + bytes(48) + b"\x55\xaa")
    out.seek(start * 512)
    with open(part, "rb") as src:
        out.write(src.read())
PY

host_libcrypto
libcrypto=$LIBCRYPTO
l1=$(cd "$(dirname "$0")/l1" && pwd)/vm_disks_l1.sh
rc=0
"$TESTBED" -v run --timeout 900 --out "$SCRATCH/out" \
  --with "$bin/juxta-vmm" "$bin/vm_ctl" "$kernel" "$SCRATCH/image/initramfs.cpio" "$l1" "${l1%/*}/vm_lib_l1.sh" \
  "$SCRATCH/data.ext4" "$SCRATCH/scratch.raw" "$SCRATCH/cloud.raw" "$bin/juxtactl" "$bin/juxta-vm-monitor" "$bin/juxta-guest" \
  "${kernel%/*}/modules" /bin/busybox "$(command -v mke2fs)" /etc/mke2fs.conf "$libcrypto" \
  "$(command -v setpriv)" "$(command -v unshare)" --env "BIN=$bin" --env "SETPRIV=$(command -v setpriv)" -- \
  sh "$l1" "$bin/juxta-vmm" "$bin/vm_ctl" "$kernel" "$SCRATCH/image/initramfs.cpio" "$cmdline" \
  "$SCRATCH/data.ext4" "$SCRATCH/scratch.raw" "$token" "$SCRATCH/cloud.raw" | tee "$SCRATCH/log" || rc=$?
expect_status 0 "$rc" "the checks in L1"
[[ $(grep -c '^PASS' "$SCRATCH/out/passes" 2>/dev/null) == 15 ]] || fail "not every check passed"
