#!/usr/bin/env bash
# Juxta's one-step set-up on Debian 12: installs what is missing, builds, then runs the app or the tests.
#   ./setup.sh            install, build, launch the GUI (juxta)
#   ./setup.sh --test     install, build, run the whole test suite, then the sanitizer build and fuzzers (what CI runs)
#   ./setup.sh --build    install and build only
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build="${JUXTA_BUILD_DIR:-$here/build}"
mode=run
case "${1:-}" in
  ""|--run) mode=run ;;
  --test) mode=test ;;
  --build) mode=build ;;
  -h|--help) sed -n 2,5p "$0"; exit 0 ;;
  *) echo "setup.sh: unknown option '$1' — use --run, --test or --build" >&2; exit 2 ;;
esac

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qt6-qpa-plugins libqt6svg6 qt6-svg-dev
  libqcustomplot-dev libvterm-dev libspdlog-dev libfmt-dev nlohmann-json3-dev
  libseccomp-dev libarchive-dev libyaml-cpp-dev libcurl4-openssl-dev liblz4-dev libzstd-dev liblzma-dev zlib1g-dev libssl-dev libmicrohttpd-dev liburing-dev
  fonts-noto-cjk xvfb xauth desktop-file-utils appstream file
  busybox-static cpio qemu-system-x86 runc iproute2 kmod e2fsprogs poppler-utils
  uidmap
)
# The tests' checking build (tools/checked-tests.sh): clang with libFuzzer and the sanitizers.
# And the .deb's test (tests/install/test_deb.sh): a fresh Debian root to install it into; and
# clang-format, which every C++ file must follow (tools/check-format.sh); python3 for the JSON checks
# of the testbed's compare and scenario tests; Prometheus (and its promtool), which scrapes
# `juxtactl metrics serve` in test_metrics_serve; Distribution's registry and skopeo, which
# test_registry_pull pulls from and pushes with.
# iptables: test_bridge_network puts a dropping firewall (Docker's) in front of the bridge.
if [ "$mode" = test ]; then packages+=(clang libclang-rt-14-dev debootstrap clang-format python3 prometheus docker-registry skopeo iptables curl); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup.sh: need root to install: ${missing[*]} — run as root or install sudo" >&2; exit 1; }
    sudo=sudo
  fi
  echo "setup.sh: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  echo "setup.sh: packages installed in $SECONDS s"
  # Debian's prometheus starts a server on every address (:9090) where systemd runs; the test starts
  # its own on 127.0.0.1 and needs no service.
  # The same for docker-registry (:5000): test_registry_pull starts its own.
  for service in prometheus docker-registry; do
    if [[ " ${missing[*]} " == *" $service "* ]] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
      $sudo systemctl disable --now "$service" >/dev/null 2>&1 || true
    fi
  done
fi

jobs=$(nproc)
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
# The app alone unless the tests are to run: they are most of the build.
if [ "$mode" = test ]; then cmake --build "$build" -j "$jobs"; else cmake --build "$build" -j "$jobs" --target app; fi
"$here/tools/fetch-kernel.sh" "$build/share/juxta/kernel" || echo "setup.sh: no guest kernel fetched: VMs will ask for one" >&2
echo "setup.sh: ready after $SECONDS s"

case "$mode" in
  build) ;;
  run) exec "$build/bin/juxta" "${@:2}" ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    cd "$build"
    rc=0
    "$here/tools/check-format.sh" || rc=$?
    check_build="${JUXTA_CHECK_BUILD_DIR:-$here/build-check}"
    # The sanitizer build (tools/checked-tests.sh) compiles while the suite runs, on the core the suite
    # leaves idle: most of its time is the testbed, whose L1 is one TCG thread, and tests that run one at
    # a time. In a session of its own whose autogroup, and each compiler, has nice 19: with the
    # scheduler's autogroups on, a session's share is its autogroup's, so a plain `nice` would still take
    # half the CPU from the tests (whose monitors and VMs run in sessions of their own).
    setsid -w bash -c 'echo 19 >/proc/self/autogroup 2>/dev/null || true; exec nice -n 19 "$@"' checked-build \
      "$here/tools/checked-tests.sh" --build-only "$check_build" >"$build/checked-build.log" 2>&1 &
    checked_build=$!
    trap 'kill -- "-$checked_build" 2>/dev/null || true' EXIT
    start=$SECONDS
    ctest --output-on-failure -j "$jobs" --timeout 1500 || rc=$?
    echo "setup.sh: the suite took $((SECONDS - start)) s (after $SECONDS s in all)"
    # The testbed's runs and its retries of a failed L1 (testbed_summary; tests/testbed/README.md).
    [[ ! -f testbed-summary.txt ]] || cat testbed-summary.txt
    start=$SECONDS
    if wait "$checked_build"; then
      echo "setup.sh: the sanitizer build ended $((SECONDS - start)) s after the suite ($(grep -o 'build took.*' "$build/checked-build.log"))"
    else
      echo "setup.sh: the sanitizer build failed:" >&2
      tail -n 60 "$build/checked-build.log" >&2
      exit 1
    fi
    trap - EXIT
    # Then the sanitizer build's unit and integration tests and the fuzz targets (tests/fuzz/README.md).
    "$here/tools/checked-tests.sh" "$check_build" || rc=$?
    exit "$rc"
    ;;
esac
