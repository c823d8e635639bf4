#!/bin/sh
# Runs in L1 (see compare.sh): gives the runtime what the testbed's L1 lacks, then the three-way
# comparisons. L1's root is the initramfs (rootfs), which pivot_root cannot move away from, so the
# comparisons run chrooted into a tmpfs copy of it — as on a real host, where / is a mount.
# Also: overlayfs (the module), and a cgroup2 hierarchy with the memory, cpu and pids controllers.
# Arguments: BIN OVERLAY_KO; results in $TESTBED_OUT.
bin=$1
if [ "${2:-}" != "--chrooted" ]; then
  insmod "$2" || { echo "insmod overlay failed" >&2; exit 90; }
  mkdir -p /newroot && mount -t tmpfs -o size=1500m none /newroot || exit 91
  for d in /*; do
    # /tmp too (not a fresh tmpfs): the testbed carries files there when the checkout lives under
    # /tmp (CI clones may), this script among them.
    case $d in /proc | /sys | /dev | /run | /newroot | /testbed) ;; *) cp -a "$d" /newroot/ ;; esac
  done
  for d in proc sys dev run tmp testbed; do mkdir -p "/newroot/$d"; done
  mount --rbind /proc /newroot/proc && mount --rbind /sys /newroot/sys && mount --rbind /dev /newroot/dev &&
    mount -t tmpfs none /newroot/run && mount --rbind /testbed /newroot/testbed ||
    exit 92
  mount -t cgroup2 none /newroot/sys/fs/cgroup || { echo "mount cgroup2 failed" >&2; exit 93; }
  echo "+memory +cpu +pids" >/newroot/sys/fs/cgroup/cgroup.subtree_control
  exec chroot /newroot sh "$0" "$bin" --chrooted
fi
export JUXTA_DATA_DIR=/tmp/jx/data JUXTA_RUNTIME_DIR=/tmp/jx/run JUXTA_STATE_DIR=/tmp/jx/state
out=$TESTBED_OUT
run() { # NAME ARGS...
  name=$1
  shift
  "$bin/juxtactl" compare --variants host,container,vm --repeat 1 --save --json "$@" >"$out/$name.json" 2>"$out/$name.err"
  echo $? >"$out/$name.rc"
}
run startup --workload startup
run cpu --workload cpu --params ops=2000000
run idle --workload idle --params seconds=1
# The saved cpu comparison as CSV, for the JSON/CSV consistency check.
id=$("$bin/juxtactl" compare --show list | grep -- -cpu | tail -1)
"$bin/juxtactl" compare --show "$id" --csv >"$out/cpu.csv" 2>>"$out/cpu.err"
# Nothing left: no container defined, no VM process.
ls "$JUXTA_DATA_DIR/containers" >"$out/containers-left.txt" 2>/dev/null
ps -o comm= 2>/dev/null | grep -c -e juxta-vmm -e juxta-monitor >"$out/processes-left.txt"
exit 0
