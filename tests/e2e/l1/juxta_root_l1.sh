#!/bin/sh
# Runs in L1: gives the runtime what the testbed's L1 lacks, then runs SCRIPT BIN chrooted. L1's
# root is the initramfs (rootfs), which pivot_root cannot move away from, so SCRIPT runs in a tmpfs
# copy of it moved onto "/" — as on a real host, where / is a mount. Also: overlayfs (the module),
# and a cgroup2 hierarchy with the memory, cpu and pids controllers. (juxta_l1.sh runs it.)
# Arguments: BIN OVERLAY_KO SCRIPT
bin=$1 overlay=$2 script=$3
insmod "$overlay" || { echo "insmod overlay failed" >&2; exit 90; }
mkdir -p /newroot && mount -t tmpfs -o size=${JUXTA_L1_ROOT_SIZE:-1500m} none /newroot || exit 91
for d in /*; do
  # /tmp too (not a fresh tmpfs): the testbed carries files there when the checkout lives under
  # /tmp (CI clones may), the scripts among them.
  case $d in /proc | /sys | /dev | /run | /newroot | /testbed) ;; *) cp -a "$d" /newroot/ ;; esac
done
for d in proc sys dev run tmp testbed; do mkdir -p "/newroot/$d"; done
mount --rbind /proc /newroot/proc && mount --rbind /sys /newroot/sys && mount --rbind /dev /newroot/dev &&
  mount -t tmpfs none /newroot/run && mount --rbind /testbed /newroot/testbed ||
  exit 92
mount -t cgroup2 none /newroot/sys/fs/cgroup || { echo "mount cgroup2 failed" >&2; exit 93; }
echo "+memory +cpu +pids" >/newroot/sys/fs/cgroup/cgroup.subtree_control
# Onto "/" as switch_root does: a container's runtime and every `exec` into a container (its health
# checks too) join its mount namespace, and the kernel puts a process that joins one at whatever is
# mounted on the namespace's "/" — chrooted beside it instead, they landed in L1's initramfs.
cd /newroot && mount -o move . / || exit 94
exec chroot . sh "$script" "$bin"
