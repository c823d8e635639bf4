#!/usr/bin/env bash
# stress.sh — many L2 guest boots in one L1, to see how often L1's kernel (or an L2 guest) fails
# under a given L1 machine. Each run is one testbed run with no retry; a table row per run.
#
#   tests/testbed/stress.sh [-r RUNS] [-n BOOTS] [-p PAR] [--vcpus V] [--hogs K] [--build DIR] [--results DIR]
#
# Defaults: 5 runs of 20 boots, 2 at a time, 2 vCPUs each. The L1 machine is the testbed's, or what
# TESTBED_L1_TCG_THREAD / TESTBED_L1_SMP / TESTBED_L1_CPU / TESTBED_L1_APPEND say (lib/run.sh).
# Writes RESULTS/table.tsv: run  exit  boots_failed  l1_fault  seconds  load1  and each run's output
# and L1 console under RESULTS/run.N/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=5 boots=20 par=2 vcpus=2 hogs=0 build=$here/../../build results=""
while (($#)); do
  case $1 in
    -r) runs=$2 && shift 2 ;;
    -n) boots=$2 && shift 2 ;;
    -p) par=$2 && shift 2 ;;
    --vcpus) vcpus=$2 && shift 2 ;;
    --hogs) hogs=$2 && shift 2 ;;
    --build) build=$2 && shift 2 ;;
    --results) results=$2 && shift 2 ;;
    -h | --help) sed -n '2,11p' "$0" && exit 0 ;;
    *) echo "stress.sh: unknown argument $1" >&2 && exit 2 ;;
  esac
done
build=$(realpath "$build")
bin=$build/bin
results=$(realpath -m "${results:-$build/testbed-stress.$(date -u +%Y%m%dT%H%M%S)}")
mkdir -p "$results"
export JUXTA_TESTBED_CACHE=$build/testbed-cache TESTBED_KEEP=1 TESTBED_RETRY=0
testbed=$here/testbed
"$testbed" prepare --cloud >/dev/null
kernel=$("$testbed" kernel --cloud)
"$bin/juxta-tiny-linux" --kernel "$kernel" --out "$results/image" >/dev/null
cmdline=$(sed -n 's/.*"cmdline": "\(.*\)",/\1/p' "$results/image/image.json")
l1=$here/vm/boot_loop_l1.sh
{
  echo "# L1: tcg thread=${TESTBED_L1_TCG_THREAD:-multi} smp=${TESTBED_L1_SMP:-1} cpu=${TESTBED_L1_CPU:-EPYC-v3} append='${TESTBED_L1_APPEND:-}'"
  echo "# $boots boots a run, $par at a time, $vcpus vCPUs; $hogs busy loops beside"
  printf 'run\texit\tboots_failed\tl1_fault\tseconds\tload1\n'
} >"$results/table.tsv"
# shellcheck source=lib/hogs.sh
. "$here/lib/hogs.sh"
start_hogs "$hogs"
for ((r = 1; r <= runs; r++)); do
  dir=$results/run.$r
  mkdir -p "$dir"
  load=$(cut -d' ' -f1 /proc/loadavg) start=$SECONDS rc=0
  nice -n 19 "$testbed" -v run --timeout $((boots * 60 + 120)) --out "$dir/out" \
    --with "$bin/juxta-vmm" "$kernel" "$results/image/initramfs.cpio" "$l1" -- \
    sh "$l1" "$bin/juxta-vmm" "$kernel" "$results/image/initramfs.cpio" "$cmdline" "$boots" "$par" "$vcpus" 90 \
    >"$dir/output.log" 2>&1 || rc=$?
  kept=$(sed -n 's/^testbed: kept //p' "$dir/output.log" | tail -n1)
  [[ -z $kept || ! -d $kept ]] || { cp "$kept/console.log" "$dir/console.log" 2>/dev/null; rm -rf "$kept"; }
  bfail=$(sed -n 's/^boots: .*, failed: //p' "$dir/output.log")
  fault=$(grep -E -m1 'Kernel panic|BUG: |soft lockup|hard LOCKUP|stall|corrupted stack' "$dir/console.log" 2>/dev/null | sed 's/^\[[ 0-9.]*\] //' || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$rc" "${bfail:--}" "${fault:--}" $((SECONDS - start)) "$load" | tee -a "$results/table.tsv"
done
