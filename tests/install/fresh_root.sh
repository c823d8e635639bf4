#!/usr/bin/env bash
# Sourced by tests/install/test_deb.sh and tools/first-run.sh: a fresh, minimal Debian 12 root made
# by debootstrap from the host's mirror (so it sees the versions the host built against), with
# /proc, /sys and /dev mounted, and a way to run a command in it as a fresh login would.
#
#   fresh_root_make DIR   (root; fails with debootstrap's last lines)
#   fresh_root_remove DIR (unmounts and deletes; for an EXIT trap)
#   fresh_root_run DIR COMMAND...

fresh_root_make() {
  local root=$1 mirror
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
  mirror=${mirror:-http://deb.debian.org/debian}
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 ||
    { tail -20 "$root.log"; echo "debootstrap of $root failed" >&2; return 1; }
  rm -f "$root.log"
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
    rm -f "$root/etc/apt/sources.list"
  fi
  mount -t proc proc "$root/proc" && mount --rbind /sys "$root/sys" && mount --bind /dev "$root/dev" &&
    mount --bind /dev/pts "$root/dev/pts"
}

fresh_root_remove() {
  local root=$1 m
  for m in dev/pts dev sys proc; do mountpoint -q "$root/$m" && umount -l "$root/$m"; done
  rm -rf --one-file-system "$root"
}

fresh_root_run() {
  local root=$1
  shift
  chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}
