#!/bin/bash
# Runs the container-runtime and VMM integration tests from .dev/ (made by tools/device/bundle.sh)
# on a bare machine: prints the machine's facts, installs the bundled libraries at /opt/juxta/lib,
# makes the source path the tests have compiled in (/work/main) lead to this copy, runs each test
# under its own timeout, then the startup_vs_runc benchmark.
#
#   OUT=DIR [ONLY="test_x bench"] bash tools/device/run.sh
#
# OUT gets tests.log, summary.txt and bench.txt; ONLY runs just the named tests (and the benchmark
# if it names "bench"), for a rerun.
#
# Where the source path already exists and is another tree (the build host), the run goes on in a
# private mount namespace with this copy bound over it, so the bundle is what runs there too.
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
DEV=$ROOT/.dev
OUT=${OUT:-/tmp/juxta-device-out}
[[ -f $DEV/meta.env && -f $DEV/payload.tar.gz ]] || {
    echo "run.sh: $DEV is incomplete: run tools/device/bundle.sh and carry .dev" >&2
    exit 2
}
source "$DEV/meta.env"  # SRC, BUILD_REL
[[ $(id -u) == 0 ]] || { echo "run.sh: needs root (namespaces, cgroups, /dev/kvm)" >&2; exit 2; }

if [[ -e $SRC && $(realpath "$SRC") != "$ROOT" && -z ${JUXTA_DEVICE_NS:-} ]]; then
    exec unshare --mount --propagation private env JUXTA_DEVICE_NS=1 bash "$0" "$@"
fi

mkdir -p "$OUT"
: >"$OUT/tests.log"
exec > >(tee -a "$OUT/tests.log") 2>&1

section() { printf '\n===== %s =====\n' "$*"; }

section "machine"
cat /etc/os-release 2>/dev/null | grep -E '^(PRETTY_NAME|VERSION_ID)='
echo "kernel: $(uname -r)"
echo "glibc: $( (ldd --version 2>/dev/null || /lib/x86_64-linux-gnu/libc.so.6 2>/dev/null) | head -1)"
echo "nproc: $(nproc)   memory: $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cgroup mounts:"; mount | grep cgroup
echo "cgroup.controllers: $(cat /sys/fs/cgroup/cgroup.controllers 2>&1)"
echo "cgroup.subtree_control: $(cat /sys/fs/cgroup/cgroup.subtree_control 2>&1)"
echo "/proc/self/cgroup: $(tr '\n' ' ' </proc/self/cgroup)"
ls -l /dev/kvm 2>&1
echo "kvm_pvm module: $([[ -e /sys/module/kvm_pvm ]] && echo yes || echo no)"
for ns in user net pid; do
    if unshare --"$ns" --fork true 2>/dev/null; then echo "unshare --$ns: works"; else echo "unshare --$ns: FAILS"; fi
done
for tool in runuser useradd userdel newuidmap newgidmap busybox gzip tar; do
    printf '%-10s %s\n' "$tool" "$(command -v "$tool" || echo absent)"
done

section "setup"
PAYLOAD=$DEV/unpacked
rm -rf "$PAYLOAD" && mkdir -p "$PAYLOAD"
if command -v gzip >/dev/null; then
    tar -C "$PAYLOAD" -xpzf "$DEV/payload.tar.gz"
else
    python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$DEV/payload.tar.gz" "$PAYLOAD"
fi || { echo "run.sh: cannot unpack $DEV/payload.tar.gz" >&2; exit 1; }
rm -rf /opt/juxta/lib && mkdir -p /opt/juxta && cp -a "$PAYLOAD/lib" /opt/juxta/lib
echo "/opt/juxta/lib: $(ls /opt/juxta/lib | wc -l) libraries, glibc $(/opt/juxta/lib/ld-linux-x86-64.so.2 --version | head -1)"

# The compiled-in paths: $SRC/$BUILD_REL/... and $SRC/tests/data.
if [[ ! -e $SRC ]]; then
    mkdir -p "$(dirname "$SRC")" && ln -s "$ROOT" "$SRC"
elif [[ $(realpath "$SRC") != "$ROOT" ]]; then
    mount --bind "$ROOT" "$SRC"
fi
if [[ -e $ROOT/$BUILD_REL && ! -L $ROOT/$BUILD_REL ]]; then
    echo "run.sh: $ROOT/$BUILD_REL is a real build dir: run this from a copy of the tree" >&2
    exit 2
fi
rm -f "$ROOT/$BUILD_REL" && ln -s ".dev/unpacked/$BUILD_REL" "$ROOT/$BUILD_REL"
BIN=$SRC/$BUILD_REL/bin
echo "$SRC -> $(realpath "$SRC"); $BIN -> $(realpath "$BIN")"

# Host tools a bare machine may lack: the bundled ones (patched like the rest) stand in.
HOST=$PAYLOAD/host
[[ -e /bin/busybox ]] || { cp "$HOST/busybox" /bin/busybox && echo "installed /bin/busybox"; }
for map in newuidmap newgidmap; do
    if ! [[ -x /usr/bin/$map || -x /bin/$map || -x /usr/sbin/$map ]]; then
        install -m 4755 "$HOST/$map" "/usr/bin/$map" && echo "installed /usr/bin/$map"
    fi
done
command -v useradd >/dev/null || { export PATH=$PATH:$HOST; echo "useradd/userdel from the bundle"; }

# Nothing a bundled program loads may come from the machine's own /lib.
outside=0
for f in "$PAYLOAD/$BUILD_REL"/bin/* "$HOST"/*; do
    grep -q /opt/juxta/lib/ld-linux "$f" || continue  # static: nothing to load (no readelf there)
    bad=$(/opt/juxta/lib/ld-linux-x86-64.so.2 --list "$f" 2>&1 | grep -v -e '/opt/juxta/lib/' -e 'linux-vdso')
    [[ -z $bad ]] || { echo "outside /opt/juxta/lib: $f: $bad"; outside=1; }
done
echo "libraries: $([[ $outside == 0 ]] && echo "all from /opt/juxta/lib" || echo "SOME FROM OUTSIDE")"

section "tests"
# name:timeout (s). The benchmark's 60 s come after DEADLINE.
DEADLINE=${DEADLINE:-270}
TESTS=(test_cgroup_v2:20 test_containers:45 test_juxtactl_run:30 test_lifecycle:30 test_console:20
    test_image_import_run:20 test_exec:20 test_image_remove:20 test_bridge_network:20 test_oci_bundle:20
    test_rootless:40 test_published_ports:25 test_compare_containers:60 test_vmm_guests:20
    test_vm_lifecycle:40 test_vmm_linux_boot:150)
SUMMARY=()
WORK=$(mktemp -d /tmp/juxta-device.XXXXXX)
for entry in "${TESTS[@]}"; do
    name=${entry%%:*} limit=${entry##*:}
    [[ -z ${ONLY:-} || " $ONLY " == *" $name "* ]] || continue
    # The whole run must end within the device call's limit: later tests get what is left.
    ((limit = limit < DEADLINE - SECONDS ? limit : DEADLINE - SECONDS))
    if ((limit < 5)); then
        SUMMARY+=("$(printf '%-8s %-24s %4ss  %s' NOTRUN "$name" 0 "no time left before the ${DEADLINE}s deadline")")
        continue
    fi
    section "$name (timeout ${limit}s)"
    start=$SECONDS
    (cd "$WORK" && timeout -k 5 "$limit" env QT_QPA_PLATFORM=offscreen JUXTA_TEST_DATA="$SRC/tests/data" \
        JUXTA_BUSYBOX="$HOST/busybox" "$BIN/$name") 2>&1 | tee "$WORK/$name.out"
    rc=$?
    totals=$(grep -E '^Totals:' "$WORK/$name.out" | tail -1)
    if ((rc == 124 || rc == 137)); then
        verdict=TIMEOUT
    elif ((rc != 0)); then
        verdict=FAIL
    elif [[ $totals =~ ^Totals:\ 0\ passed,\ 0\ failed,\ [1-9] ]]; then
        verdict=SKIP
    else
        verdict=PASS
    fi
    SUMMARY+=("$(printf '%-8s %-24s %4ss  %s' "$verdict" "$name" $((SECONDS - start)) "${totals:-rc=$rc}")")
done

if [[ -z ${ONLY:-} || " $ONLY " == *" bench "* ]]; then
    section "bench startup_vs_runc"
    timeout -k 5 60 "$BIN/startup_vs_runc" --runc "$HOST/runc" 2>&1 | tee "$OUT/bench.txt"
fi

# Programs of the bundle still running (detached monitors, VMMs) are stopped, by pid.
section "leftovers"
for p in /proc/[0-9]*; do
    exe=$(readlink "$p/exe" 2>/dev/null) || continue
    if [[ $exe == "$PAYLOAD"/* || $exe == "$SRC/.dev/unpacked"/* ]]; then
        echo "left running: ${p#/proc/} $exe" && kill -KILL "${p#/proc/}"
    fi
done
rm -rf "$WORK"

section "summary"
printf '%s\n' "${SUMMARY[@]}" | tee "$OUT/summary.txt"
