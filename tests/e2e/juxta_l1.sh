#!/usr/bin/env bash
# For the testbed tests that run juxtactl in L1 (sourced after lib.sh): the built programs, the
# cloud kernel for the VMs and L1's overlay module, and one L1 run of a script in the runtime's
# root (juxta_root_l1.sh). Environment: JUXTA_BIN_DIR (juxtactl, juxta-monitor, juxta-vmm,
# juxta-guest, juxta-workload).

# product_kernel BIN — sets KERNEL to the product's guest kernel (BIN/../share/juxta/kernel/vmlinuz),
# whose modules (virtio drivers, overlayfs) the tiny-linux initramfs carries; fails when it has none.
product_kernel() {
  local dir
  dir=$(cd "$1/../share/juxta/kernel" 2>/dev/null && pwd) || fail "no $1/../share/juxta/kernel (run setup.sh)"
  [[ -s $dir/vmlinuz && -s $dir/modules/order ]] || fail "no kernel with modules in $dir (run tools/fetch-kernel.sh $dir)"
  KERNEL=$dir/vmlinuz
}

# juxta_vm_test — how a VM test that runs the product in L1 begins (after lib.sh): the testbed
# (skips where it cannot run), a scratch directory, BIN (JUXTA_BIN_DIR) and KERNEL (product_kernel).
juxta_vm_test() {
  require_testbed
  scratch_dir
  BIN=${JUXTA_BIN_DIR:?JUXTA_BIN_DIR must name the build bin/ directory}
  product_kernel "$BIN"
}

# l1_overlay — sets OVERLAY to the overlay module of L1's kernel (containers in L1 need overlayfs).
l1_overlay() {
  local l1kernel
  l1kernel=$("$TESTBED" kernel)
  OVERLAY=$(realpath "$(dirname "$l1kernel")"/../lib/modules/*/kernel/fs/overlayfs/overlay.ko | head -1)
  [[ -f $OVERLAY ]] || fail "no overlay.ko beside the L1 kernel"
}

# host_libcrypto — sets LIBCRYPTO: juxtactl loads it when it first hashes (an image VM's disk is
# named by SHA-256), and the testbed brings the libraries programs link, not those they open later.
# (awk reads all of it: leaving early would kill ldconfig with SIGPIPE, and pipefail the test.)
host_libcrypto() {
  LIBCRYPTO=$(ldconfig -p | awk '/libcrypto\.so\.3 .*x86-64/ && !found { print $NF; found = 1 }')
  [[ -n $LIBCRYPTO ]] || fail "libcrypto.so.3 is missing (apt-get install libssl3)"
}

# juxta_l1_run SCRIPT OUT — prepares the testbed (skips where it cannot run), runs SCRIPT BIN in
# L1 with results under OUT; fails unless it exits 0.
juxta_l1_run() {
  local script=$1 out=$2 rc=0
  require_testbed
  local kernel overlay bin here
  bin=${JUXTA_BIN_DIR:?JUXTA_BIN_DIR must name the build bin directory}
  # The product's kernel with its modules: the VM variant boots the container's image from disks
  # (virtio_blk, overlayfs, vsock), which mke2fs makes.
  product_kernel "$bin"
  kernel=$KERNEL
  command -v mke2fs >/dev/null || fail "mke2fs is missing (apt-get install e2fsprogs)"
  host_libcrypto  # the VM variant's image disk is named by SHA-256
  l1_overlay
  overlay=$OVERLAY
  for b in juxtactl juxta-monitor juxta-vmm juxta-guest juxta-workload; do
    [[ -x $bin/$b ]] || fail "$bin/$b is missing: build it first"
  done
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")/l1" && pwd)
  "$TESTBED" -v run --timeout 900 --out "$out" \
    --with "$bin/juxtactl" "$bin/juxta-monitor" "$bin/juxta-vmm" "$bin/juxta-guest" "$bin/juxta-workload" \
    "$kernel" "${kernel%/*}/modules" "$(command -v mke2fs)" /etc/mke2fs.conf "$LIBCRYPTO" \
    "$overlay" /bin/busybox "$here/juxta_root_l1.sh" "$script" --env "JUXTA_KERNEL=$kernel" \
    -- sh "$here/juxta_root_l1.sh" "$bin" "$overlay" "$script" || rc=$?
  expect_status 0 "$rc" "$(basename "$script") in L1"
}

# juxta_l1_compare NAME — for the comparisons whose L1 half (l1/NAME_l1.sh) runs `juxtactl compare`
# and leaves what it found in OUT: needs python3 for the checks, runs it into $SCRATCH/out (OUT is
# set to that), then fails if a container, juxta-vmm or juxta-monitor was left. The caller checks
# NAME's own results in OUT.
juxta_l1_compare() {
  scratch_dir
  command -v python3 >/dev/null || fail "python3 is needed for the checks"
  OUT=$SCRATCH/out
  juxta_l1_run "$(cd "$(dirname "${BASH_SOURCE[0]}")/l1" && pwd)/$1_l1.sh" "$OUT"
}

# juxta_l1_nothing_left — after juxta_l1_compare and the caller's check of the exit status.
juxta_l1_nothing_left() {
  [[ ! -s $OUT/containers-left.txt ]] || fail "containers left: $(cat "$OUT/containers-left.txt")"
  [[ $(cat "$OUT/processes-left.txt") == 0 ]] || fail "juxta-vmm or juxta-monitor processes left"
}
