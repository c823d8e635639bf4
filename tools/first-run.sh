#!/usr/bin/env bash
# first-run.sh — what a new user's first ./setup.sh costs on a fresh Debian 12: debootstrap makes a
# minimal bookworm root from the host's mirror, this checkout is cloned into it (committed files
# only), and ./setup.sh runs there as root with the given option; each step is timed. With no option
# it runs `./setup.sh --build` (what `./setup.sh` does before it starts the app) and then starts
# the app offscreen for 5 s: the time to the app on screen is the two together.
#
#   tools/first-run.sh [--test]        (root; the root is removed at the end, KEEP=1 keeps it)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:---build}
[ "$(id -u)" -eq 0 ] || { echo "first-run.sh: needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "first-run.sh: apt-get install debootstrap" >&2; exit 1; }
# shellcheck source=../tests/install/fresh_root.sh
. "$here/tests/install/fresh_root.sh"
root=$(mktemp -d /var/tmp/juxta-first-run.XXXXXX)
trap '[ -n "${KEEP:-}" ] || fresh_root_remove "$root"' EXIT
t0=$SECONDS
fresh_root_make "$root"
git clone -q "$here" "$root/root/juxta"
echo "fresh root: $((SECONDS - t0)) s (not a user's cost: their machine exists)"
in_root() { fresh_root_run "$root" "$@"; }
in_root apt-get -o APT::Sandbox::User=root -qq update >/dev/null
t1=$SECONDS
rc=0
in_root sh -c "cd /root/juxta && ./setup.sh $mode" >"$root/setup.log" 2>&1 || rc=$?
t2=$SECONDS
[ "$rc" -eq 0 ] || tail -20 "$root/setup.log"
grep -E '^setup.sh: (packages|ready)' "$root/setup.log" || true  # its own times: packages, then built
echo "setup.sh $mode: exit $rc, $((t2 - t1)) s ($(nproc) cores)"
[ "$rc" -eq 0 ] || exit "$rc"
if [ "$mode" = --build ]; then
  start=$(date +%s.%N)
  grc=0
  in_root env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp timeout 5 /root/juxta/build/bin/juxta || grc=$?
  [ "$grc" -eq 124 ] || { echo "juxta ended by itself with $grc" >&2; exit 1; }
  echo "juxta started and stayed up (offscreen, stopped after 5 s; started at $start)"
  echo "first run to the app: $((t2 - t1)) s of setup.sh plus the app's own start (under a second)"
fi
