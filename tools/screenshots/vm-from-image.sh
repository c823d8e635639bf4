#!/usr/bin/env bash
# Takes the README's screenshots of a VM from an OCI image with its devices and disk and network
# graphs. This host's /dev/kvm (PVM) cannot boot the guest kernel, so it runs in the nested testbed:
# in L1, juxtactl makes a VM from the busybox image with a card on juxta0 and a workload that writes
# and reads its disk and fetches over the bridge, and the GUI (`juxta`) runs under Xvfb there;
# xdotool picks the VM and its tabs, ImageMagick's `import` takes the pictures (English and Korean).
# Usage: tools/screenshots/vm-from-image.sh [BUILD_DIR] [OUT_DIR]   (root; apt-get install xvfb
# xdotool imagemagick fonts-noto-cjk). The half that runs in L1: vm-from-image-l1.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
out=$(mkdir -p "${2:-$root/resources/screenshots}" && cd "${2:-$root/resources/screenshots}" && pwd)
bin=$build/bin
kernel=$build/share/juxta/kernel/vmlinuz
testbed=$root/tests/testbed/testbed
export JUXTA_TESTBED_CACHE=${JUXTA_TESTBED_CACHE:-$build/testbed-cache}
# L1's CPU without AVX2: QEMU 7.2's TCG faults on a masked AVX2 load (VPMASKMOVD) whose masked-off
# lanes cross into an unmapped page, where a real CPU does not, and Qt's drawing code has such loads
# (the GUI died of a segfault in libQt6Gui in L1). Without AVX2 Qt draws with SSE.
export TESTBED_L1_CPU=${TESTBED_L1_CPU:-EPYC-v3,-avx2}
for tool in Xvfb xkbcomp xdotool import-im6.q16 ip mke2fs; do
  command -v "$tool" >/dev/null || { echo "vm-from-image: $tool is missing" >&2; exit 2; }
done
[[ -s $kernel ]] || { echo "vm-from-image: no kernel at $kernel (run setup.sh)" >&2; exit 2; }
"$testbed" prepare
l1kernel=$("$testbed" kernel)
overlay=$(realpath "$(dirname "$l1kernel")"/../lib/modules/*/kernel/fs/overlayfs/overlay.ko | head -1)
libcrypto=$(ldconfig -p | awk '/libcrypto\.so\.3 .*x86-64/ && !found { print $NF; found = 1 }')
magick=$(ls -d /usr/lib/x86_64-linux-gnu/ImageMagick-6*/modules-Q16/coders)
qt_plugins=/usr/lib/x86_64-linux-gnu/qt6/plugins
fonts=(/usr/share/fonts/truetype/dejavu /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
  /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$testbed" -v run --timeout 1500 --memory 4096 --out "$scratch/out" \
  --with "$bin/juxta" "$bin/juxtactl" "$bin/juxta-monitor" "$bin/juxta-vmm" "$bin/juxta-vm-monitor" "$bin/juxta-guest" \
  "$kernel" "${kernel%/*}/modules" "$(command -v mke2fs)" /etc/mke2fs.conf "$libcrypto" "$overlay" /bin/busybox \
  "$(command -v ip)" "$(command -v Xvfb)" "$(command -v xkbcomp)" /usr/share/X11/xkb "$(command -v xdotool)" /usr/share/X11/locale \
  "$(command -v import-im6.q16)" /etc/ImageMagick-6 "$magick" "${magick%/coders}/filters" "${magick%/modules-Q16/coders}/config-Q16" "$qt_plugins/platforms" \
  "$qt_plugins/xcbglintegrations" "$qt_plugins/imageformats" /etc/fonts "${fonts[@]}" \
  "$root/tests/e2e/l1/juxta_root_l1.sh" "$here/vm-from-image-l1.sh" \
  --env "JUXTA_KERNEL=$kernel" --env "IPCMD=$(command -v ip)" --env JUXTA_L1_ROOT_SIZE=2000m -- \
  sh "$root/tests/e2e/l1/juxta_root_l1.sh" "$bin" "$overlay" "$here/vm-from-image-l1.sh" || {
  rc=$?
  for f in "$scratch"/out/*.log "$scratch"/out/*.stderr; do
    [[ -f $f ]] && echo "--- ${f##*/}" && tail -n 30 "$f"
  done
  mkdir -p "$out/failed" && cp "$scratch"/out/*.png "$out/failed/" 2>/dev/null && echo "vm-from-image: what the screen showed: $out/failed"
  exit "$rc"
}
for f in "$scratch"/out/*.png; do
  cp "$f" "$out/"
  echo "vm-from-image: $out/${f##*/}"
done
