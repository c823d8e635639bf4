#!/usr/bin/env bash
# A mixed compose stack end to end (issue 16): in L1, `juxtactl compose up` brings up a database
# stand-in as a VM (x-juxta: {as: vm}: the busybox image booted by tiny-linux's kernel, its command
# the VM's service, its health checked through the guest agent), a web container that waits for
# it to be healthy and fetches from it by name, and a second VM that fetches from the container by
# name and ends — so names resolve both ways across kinds, a VM service's end is its exit code, its
# output is in `compose logs`, its published port answers on L1's loopback, and `down` leaves no
# instance, tap or lease; db's named volume is a disk that outlives down (not down -v). The checks
# are in l1/compose_mixed_l1.sh; the last one runs `juxtactl compare --compose` on a mixed stack as written. Needs JUXTA_BIN_DIR (juxtactl, juxta-monitor, juxta-vm-monitor,
# juxta-vmm, juxta-guest) and the product's kernel with its modules.
# shellcheck source=../testbed/selftest/lib.sh
. "$(dirname "$0")/../testbed/selftest/lib.sh"
# shellcheck source=juxta_l1.sh
. "$(dirname "$0")/juxta_l1.sh"
juxta_vm_test
bin=$BIN kernel=$KERNEL
ipcmd=$(command -v ip) || fail "ip is missing (apt-get install iproute2)"
command -v mke2fs >/dev/null || fail "mke2fs is missing (apt-get install e2fsprogs)"
host_libcrypto
libcrypto=$LIBCRYPTO
l1dir=$(cd "$(dirname "$0")/l1" && pwd)
l1=$l1dir/compose_mixed_l1.sh
l1_overlay
overlay=$OVERLAY
rc=0
"$TESTBED" -v run --timeout 900 --out "$SCRATCH/out" \
  --with "$bin/juxtactl" "$bin/juxta-monitor" "$bin/juxta-vm-monitor" "$bin/juxta-vmm" "$bin/juxta-guest" \
  "$bin/vm_ctl" "$kernel" "${kernel%/*}/modules" "$l1" "$l1dir/vm_lib_l1.sh" "$l1dir/juxta_root_l1.sh" \
  "$overlay" "$ipcmd" /bin/busybox "$(command -v mke2fs)" /etc/mke2fs.conf "$libcrypto" \
  --env "JUXTA_KERNEL=$kernel" --env "IPCMD=$ipcmd" --env "CTL=$bin/vm_ctl" --env "TOKEN=mixed-$RANDOM$RANDOM" -- \
  sh "$l1dir/juxta_root_l1.sh" "$bin" "$overlay" "$l1" | tee "$SCRATCH/log" || rc=$?
expect_status 0 "$rc" "the checks in L1"
[[ $(grep -c '^PASS' "$SCRATCH/out/passes" 2>/dev/null) == 6 ]] || fail "not every check passed"
