#!/bin/sh
# fetch-kernel.sh DEST_DIR — puts Debian's cloud kernel (a bzImage) at DEST_DIR/vmlinuz and the
# modules a Juxta VM's devices need at DEST_DIR/modules/ (the virtio-mmio transport, virtio-blk,
# virtio-net, virtio-vsock, overlayfs, EROFS and what they depend on, with `order`: one file name
# per line, each after the modules it needs). The embedded default kernel of the tiny-linux VM
# image (setup.sh: <build>/share/juxta/kernel, found by engine/guest/locate.h, installed to
# share/juxta/kernel; its initramfs carries the modules) and the VMM tests' kernel (CTest's
# vmm_kernel fixture). `apt-get download` of the package linux-image-cloud-amd64 depends on,
# unpacked with `dpkg-deb -x` into a temporary directory (never installed into /boot). Does
# nothing when the kernel and its modules are already there.
set -eu
dest=${1:?usage: fetch-kernel.sh DEST_DIR}
[ -s "$dest/vmlinuz" ] && [ -s "$dest/modules/order" ] && exit 0
pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$pkg" ] || { echo "fetch-kernel.sh: apt knows no linux-image-cloud-amd64 (apt-get update?)" >&2; exit 1; }
command -v modinfo >/dev/null || { echo "fetch-kernel.sh: modinfo is missing (apt-get install kmod)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"  # apt's _apt user downloads into it
(cd "$tmp" && apt-get download -q "$pkg" >/dev/null && dpkg-deb -x ./*.deb unpacked)

# Each wanted module after the modules it depends on (modinfo's `depends`, and the `pre:` soft
# dependencies that are modules of this package too); a module is listed once.
modules=$(echo "$tmp"/unpacked/lib/modules/*/kernel)
: > "$tmp/order"
add() {
    local file dep
    grep -qxF "$1.ko" "$tmp/order" && return 0
    file=$(find "$modules" -name "$1.ko" | head -n 1)
    [ -n "$file" ] || { echo "fetch-kernel.sh: $pkg has no module $1" >&2; exit 1; }
    for dep in $(modinfo -F depends "$file" | tr ',' ' ') \
        $(modinfo -F softdep "$file" | sed -n 's/^pre: *//p'); do
        [ -n "$(find "$modules" -name "$dep.ko" | head -n 1)" ] && add "$dep"
    done
    cp "$file" "$tmp/"
    echo "$1.ko" >> "$tmp/order"
}
for m in virtio_mmio virtio_blk virtio_net vmw_vsock_virtio_transport overlay erofs; do add "$m"; done

mkdir -p "$dest"
rm -rf "$dest/modules.part" && mkdir "$dest/modules.part"
while read -r ko; do cp "$tmp/$ko" "$dest/modules.part/"; done < "$tmp/order"
cp "$tmp/order" "$dest/modules.part/order"
cp "$tmp"/unpacked/boot/vmlinuz-* "$dest/vmlinuz.part"
echo "$pkg" > "$dest/package"
rm -rf "$dest/modules" && mv "$dest/modules.part" "$dest/modules"
mv "$dest/vmlinuz.part" "$dest/vmlinuz"
echo "fetch-kernel.sh: $pkg -> $dest/vmlinuz, $(wc -l < "$dest/modules/order") modules"
