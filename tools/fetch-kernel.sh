#!/bin/sh
# fetch-kernel.sh DEST_DIR — puts Debian's cloud kernel (a bzImage) at DEST_DIR/vmlinuz: the
# embedded default kernel of the tiny-linux VM image (setup.sh: <build>/share/juxta/kernel, found
# by engine/guest/locate.h, installed to share/juxta/kernel) and the VMM tests' kernel (CTest's
# vmm_kernel fixture). `apt-get download` of the package linux-image-cloud-amd64 depends on,
# unpacked with `dpkg-deb -x` into a temporary directory (never installed into /boot). Does
# nothing when the kernel is already there.
set -eu
dest=${1:?usage: fetch-kernel.sh DEST_DIR}
[ -s "$dest/vmlinuz" ] && exit 0
pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$pkg" ] || { echo "fetch-kernel.sh: apt knows no linux-image-cloud-amd64 (apt-get update?)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"  # apt's _apt user downloads into it
(cd "$tmp" && apt-get download -q "$pkg" >/dev/null && dpkg-deb -x ./*.deb unpacked)
mkdir -p "$dest"
cp "$tmp"/unpacked/boot/vmlinuz-* "$dest/vmlinuz.part"
echo "$pkg" > "$dest/package"
mv "$dest/vmlinuz.part" "$dest/vmlinuz"
echo "fetch-kernel.sh: $pkg -> $dest/vmlinuz"
