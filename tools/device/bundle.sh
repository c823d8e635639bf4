#!/bin/bash
# Builds .dev/: what tools/device/run.sh needs to run the container and VMM integration tests on a
# bare machine with an unknown (maybe older) glibc. Binaries are stripped and patched to load
# their libraries, glibc and its loader included, from /opt/juxta/lib (run.sh copies .dev/lib
# there); static programs stay as they are.
#
#   tools/device/bundle.sh [BUILD_DIR]        (default: <source>/build, only read)
#
# .dev/ holds meta.env (SRC, BUILD_REL) and payload.tar.gz (ICU's data and the kernel alone would
# break the size limit uncompressed) with lib/, host/ (busybox, runc, uidmap, useradd) and
# <BUILD_REL>/: just the parts of the build tree whose paths the tests have compiled in.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/../.." && pwd -P)
BUILD=$(cd "${1:-$SRC/build}" && pwd -P)
BUILD_REL=$(realpath --relative-to="$SRC" "$BUILD")
[[ $BUILD_REL != ..* ]] || { echo "bundle.sh: $BUILD is not inside $SRC" >&2; exit 2; }
DEV=$SRC/.dev
LIB=/opt/juxta/lib
LIMIT_MIB=55

TESTS=(test_containers test_juxtactl_run test_lifecycle test_console test_image_import_run test_exec
    test_image_remove test_bridge_network test_oci_bundle test_rootless test_published_ports
    test_cgroup_v2 test_compare_containers test_vmm_guests test_vm_lifecycle test_vmm_linux_boot)
# Programs the tests and juxtactl start (found beside the running executable).
HELPERS=(juxtactl juxta-monitor juxta-vmm juxta-vm-monitor juxta-guest juxta-workload startup_vs_runc)
# Host tools the tests use that a bare machine may lack.
HOST_TOOLS=(/bin/busybox /usr/sbin/runc /usr/bin/newuidmap /usr/bin/newgidmap /usr/sbin/useradd
    /usr/sbin/userdel)

command -v patchelf >/dev/null || { echo "bundle.sh: needs patchelf (apt install patchelf)" >&2; exit 2; }
for t in "${TESTS[@]}" "${HELPERS[@]}"; do
    [[ -x $BUILD/bin/$t ]] || { echo "bundle.sh: $BUILD/bin/$t missing: build it first" >&2; exit 2; }
done
for h in "${HOST_TOOLS[@]}"; do
    [[ -x $h ]] || { echo "bundle.sh: $h missing (apt install busybox-static runc uidmap passwd)" >&2; exit 2; }
done

isDynamic() { readelf -l "$1" 2>/dev/null | grep -q 'Requesting program interpreter'; }

rm -rf "$DEV"
mkdir -p "$DEV"
printf 'SRC=%q\nBUILD_REL=%q\n' "$SRC" "$BUILD_REL" >"$DEV/meta.env"
STAGE=$(mktemp -d /tmp/juxta-bundle.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
chmod 755 "$STAGE"  # it becomes .dev/unpacked there, which the rootless test's user must traverse
mkdir -p "$STAGE/lib" "$STAGE/host" "$STAGE/$BUILD_REL/bin" "$STAGE/$BUILD_REL/engine/vmm/testguests" \
    "$STAGE/$BUILD_REL/share/juxta/kernel"

for t in "${TESTS[@]}" "${HELPERS[@]}"; do
    cp "$BUILD/bin/$t" "$STAGE/$BUILD_REL/bin/"
    isDynamic "$STAGE/$BUILD_REL/bin/$t" && strip "$STAGE/$BUILD_REL/bin/$t"
done
for h in "${HOST_TOOLS[@]}"; do cp -p "$h" "$STAGE/host/"; done
cp "$BUILD"/engine/vmm/testguests/*.bin "$STAGE/$BUILD_REL/engine/vmm/testguests/"
cp "$BUILD/share/juxta/kernel/vmlinuz" "$STAGE/$BUILD_REL/share/juxta/kernel/"

# Every library a dynamic program needs, glibc and the loader included.
mapfile -t ELVES < <(find "$STAGE/$BUILD_REL/bin" "$STAGE/host" -type f | while read -r f; do
    isDynamic "$f" && echo "$f"; done)
# juxtactl loads libarchive only for an import (dlopen): it and its own libraries come too.
ARCHIVE=$(ldconfig -p | sed -n 's/.*libarchive\.so\.13 .*=> //p' | head -1)
[[ -n $ARCHIVE ]] || { echo "bundle.sh: libarchive.so.13 missing (apt install libarchive13)" >&2; exit 2; }
cp -L "$ARCHIVE" "$STAGE/lib/libarchive.so.13"
ldd "${ELVES[@]}" "$ARCHIVE" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | sort -u | while read -r so; do
    cp -L "$so" "$STAGE/lib/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$STAGE/lib/"

# DT_RPATH, not RUNPATH: it also serves the libraries' own dependencies, so nothing falls back to
# the device's /lib.
for f in "${ELVES[@]}"; do
    patchelf --set-interpreter "$LIB/ld-linux-x86-64.so.2" --force-rpath --set-rpath "$LIB" "$f"
done

tar -C "$STAGE" -cf - . | gzip -9 >"$DEV/payload.tar.gz"
size=$(du -sm "$DEV" | cut -f1)
echo "bundle.sh: $DEV is ${size} MiB ($(du -sm "$STAGE" | cut -f1) MiB unpacked; ${#ELVES[@]} patched" \
    "programs, $(ls "$STAGE/lib" | wc -l) libraries)"
((size < LIMIT_MIB)) || { echo "bundle.sh: over the ${LIMIT_MIB} MiB limit" >&2; exit 1; }
