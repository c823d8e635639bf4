#!/usr/bin/env bash
# Takes the README's first screenshots of the Compare view: the example Django stack
# (examples/django-stack) compared as containers, as four VMs and as written (db a VM). This
# host's PVM cannot boot the VMs' kernel, so the comparison runs in the nested testbed —
# tests/e2e/django_stack.sh with JUXTA_DJANGO_STACK_WAYS=compare, about half an hour — and the GUI
# shows its saved result here, under Xvfb, from a data directory of this script's own: xdotool
# opens it and picks the tabs, ImageMagick's import takes the pictures, English and Korean.
# Usage: tools/screenshots/compare-compose.sh [BUILD_DIR] [OUT_DIR]   (root; apt-get install xvfb
# xdotool imagemagick fonts-noto-cjk). KEEP=DIR: the saved comparison is kept there, and a later
# run with the same KEEP shows it again without the testbed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
out=$(mkdir -p "${2:-$root/resources/screenshots}" && cd "${2:-$root/resources/screenshots}" && pwd)
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || { echo "compare-compose: $tool is missing" >&2; exit 2; }
done
scratch=$(mktemp -d)
display=:78
cleanup() {
  [[ -n ${gui:-} ]] && kill "$gui" 2>/dev/null
  [[ -n ${xvfb:-} ]] && kill "$xvfb" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
keep=${KEEP:-$scratch/keep}
if [[ ! -f $keep/comparison-id ]]; then
  TESTBED=$root/tests/testbed/testbed JUXTA_TESTBED_CACHE=${JUXTA_TESTBED_CACHE:-$build/testbed-cache} \
    JUXTA_BIN_DIR=$build/bin JUXTA_DJANGO_STACK_WAYS=compare JUXTA_DJANGO_STACK_KEEP=$keep \
    "$root/tests/e2e/django_stack.sh"
fi
id=$(cat "$keep/comparison-id")
[[ $id =~ ^[A-Za-z0-9._-]+$ ]] || { echo "compare-compose: a bad comparison id in $keep" >&2; exit 1; }
export JUXTA_DATA_DIR=$scratch/data JUXTA_STATE_DIR=$scratch/state JUXTA_RUNTIME_DIR=$scratch/run
mkdir -p "$JUXTA_DATA_DIR/comparisons/$id"
cp "$keep/comparison-result.json" "$JUXTA_DATA_DIR/comparisons/$id/result.json"
cp "$keep/comparison-manifest.json" "$JUXTA_DATA_DIR/comparisons/$id/manifest.json"
export DISPLAY=$display
Xvfb "$display" -screen 0 1440x900x24 >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.2; done
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-1}"; }
# shots LANG ROW_Y OPEN_Y — the Compare window with the saved comparison open (its row in the saved
# list and the Open button sit lower in Korean, whose form is taller); each tab's picture (TABS).
shots() {
  "$build/bin/juxta" --lang "$1" >"$scratch/juxta-$1.log" 2>&1 &
  gui=$!
  for _ in $(seq 100); do xdotool search --class juxta >/dev/null 2>&1 && break; sleep 0.2; done
  sleep 3
  click 476 33 3            # Compare…
  click 187 "$2"            # the saved comparison
  click 188 "$3" 3          # Open
  for tab in $TABS; do      # NAME:X
    click "${tab#*:}" 58 2
    import -window root "$out/compare-compose-${tab%%:*}-$1.png"
    echo "compare-compose: $out/compare-compose-${tab%%:*}-$1.png"
  done
  kill "$gui"; wait "$gui" 2>/dev/null || true
  gui=
}
TABS="stack:493 load:561" shots en 486 845
TABS="stack:425 load:472" shots ko 527 843
