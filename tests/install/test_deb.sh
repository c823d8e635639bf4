#!/usr/bin/env bash
# The Debian package on a fresh Debian 12: `cmake --build BUILD --target package` makes the .deb,
# debootstrap makes a minimal bookworm root from the host's mirror, `apt-get install ./juxta_….deb`
# brings what the package says it needs and nothing else, and then, inside that root: juxtactl
# reports the host, the GUI starts and stays up (offscreen), the desktop entry and icon are where
# the desktop menu looks, and the helpers the programs run are found.
#
#   test_deb.sh BUILD_DIR       (root; exits 77, "skipped", only without root)
set -euo pipefail
build=$(cd "${1:?usage: test_deb.sh BUILD_DIR}" && pwd)
[ "$(id -u)" -eq 0 ] || { echo "SKIP: debootstrap and chroot need root"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v debootstrap >/dev/null || fail "debootstrap is not installed (setup.sh --test installs it)"

cmake --build "$build" --target package >/dev/null
deb=$(ls -t "$build"/juxta_*.deb | head -1)
[ -f "$deb" ] || fail "no juxta_*.deb in $build"
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb -I "$deb" | sed -n 's/^ \(Depends\|Recommends\): /  \1: /p'

root=$(mktemp -d /var/tmp/juxta-deb-root.XXXXXX)
cleanup() {
    for m in dev/pts dev sys proc; do mountpoint -q "$root/$m" && umount -l "$root/$m"; done
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT
# The host's mirror and suites, so the root sees the same versions the package was built against.
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
start=$SECONDS
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail -20 "$root.log"; fail "debootstrap"; }
rm -f "$root.log"
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
    rm -f "$root/etc/apt/sources.list"
fi
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
apt=(apt-get -o APT::Sandbox::User=root -qq)
in_root "${apt[@]}" update >/dev/null
in_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "/tmp/$(basename "$deb")" \
    >"$root/apt.log" 2>&1 || { tail -20 "$root/apt.log"; fail "apt-get install of the package"; }
echo "fresh root and install: $((SECONDS - start)) s"

in_root juxtactl --version | grep -q '^juxtactl ' || fail "juxtactl does not run"
host=$(in_root juxtactl host) || fail "juxtactl host failed"
echo "$host" | grep -qi 'kvm' || fail "juxtactl host says nothing of KVM: $host"
# The libraries it opens only when needed (libarchive for an import, libcrypto for SHA-256).
in_root juxtactl images | grep -q busybox || fail "juxtactl images shows no built-in busybox"
in_root sh -c 'ls /usr/lib/*/libarchive.so.13 /usr/lib/*/libcrypto.so.3' >/dev/null || fail "libarchive or libcrypto missing"
[ -f "$root/usr/share/applications/io.github.juxta.Juxta.desktop" ] || fail "no desktop entry"
grep -q '^Exec=juxta$' "$root/usr/share/applications/io.github.juxta.Juxta.desktop" || fail "desktop entry does not start juxta"
[ -f "$root/usr/share/icons/hicolor/scalable/apps/io.github.juxta.Juxta.svg" ] || fail "no icon"
for helper in bin/juxta-monitor bin/juxta-vm-monitor bin/juxta-workload libexec/juxta/juxta-vmm \
    libexec/juxta/juxta-guest libexec/juxta/juxta-report; do
    [ -x "$root/usr/$helper" ] || fail "$helper not installed"
done
# Stripped: the package carries no debug info (the build's juxtactl is ~80 MB with it).
file "$root/usr/bin/juxtactl" | grep -q 'stripped' && ! file "$root/usr/bin/juxtactl" | grep -q 'not stripped' ||
    fail "juxtactl is not stripped"
# The GUI from the menu: it must start and keep running (killed after 5 s: exit 124), offscreen.
rc=0
log=$(in_root env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp timeout 5 juxta 2>&1) || rc=$?
[ "$rc" -eq 124 ] || fail "juxta ended by itself with $rc: $log"
echo "$log" | grep -qi 'could not\|cannot\|error' && fail "juxta complained: $log"
echo "deb package ok"
