#!/bin/sh
# Runs in L1 (see scenario.sh): the stack scenario as four containers and four VMs. L1 gets what
# the runtime needs the way compare_l1.sh gives it (overlayfs, a chroot into a tmpfs copy of the
# initramfs root, a cgroup2 hierarchy with memory, cpu and pids), then one juxtactl run.
# Arguments: BIN OVERLAY_KO; results in $TESTBED_OUT.
bin=$1
if [ "${2:-}" != "--chrooted" ]; then
  insmod "$2" || { echo "insmod overlay failed" >&2; exit 90; }
  mkdir -p /newroot && mount -t tmpfs -o size=1500m none /newroot || exit 91
  for d in /*; do
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
"$bin/juxtactl" compare --scenario stack --variants container,vm --vm-memory 128 --json \
  >"$out/stack.json" 2>"$out/stack.err"
echo $? >"$out/stack.rc"
ls "$JUXTA_DATA_DIR/containers" >"$out/containers-left.txt" 2>/dev/null
ps -o comm= 2>/dev/null | grep -c -e juxta-vmm -e juxta-monitor >"$out/processes-left.txt"
exit 0
