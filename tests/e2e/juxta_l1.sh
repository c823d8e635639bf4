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

# juxta_l1_run SCRIPT OUT — prepares the testbed (skips where it cannot run), runs SCRIPT BIN in
# L1 with results under OUT; fails unless it exits 0.
juxta_l1_run() {
  local script=$1 out=$2 rc=0
  require_testbed --cloud
  local kernel l1kernel overlay bin here
  kernel=$("$TESTBED" kernel --cloud)
  l1kernel=$("$TESTBED" kernel)
  overlay=$(realpath "$(dirname "$l1kernel")"/../lib/modules/*/kernel/fs/overlayfs/overlay.ko | head -1)
  [[ -f $overlay ]] || fail "no overlay.ko beside the L1 kernel"
  bin=${JUXTA_BIN_DIR:?JUXTA_BIN_DIR must name the build bin directory}
  for b in juxtactl juxta-monitor juxta-vmm juxta-guest juxta-workload; do
    [[ -x $bin/$b ]] || fail "$bin/$b is missing: build it first"
  done
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")/l1" && pwd)
  "$TESTBED" -v run --timeout 900 --out "$out" \
    --with "$bin/juxtactl" "$bin/juxta-monitor" "$bin/juxta-vmm" "$bin/juxta-guest" "$bin/juxta-workload" \
    "$kernel" "$overlay" /bin/busybox "$here/juxta_root_l1.sh" "$script" --env "JUXTA_KERNEL=$kernel" \
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
