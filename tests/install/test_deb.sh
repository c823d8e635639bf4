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

# shellcheck source=fresh_root.sh
. "$(dirname "$0")/fresh_root.sh"
root=$(mktemp -d /var/tmp/juxta-deb-root.XXXXXX)
trap 'fresh_root_remove "$root"' EXIT
start=$SECONDS
fresh_root_make "$root" || fail "debootstrap"
cp "$deb" "$root/tmp/"
in_root() { fresh_root_run "$root" "$@"; }
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
