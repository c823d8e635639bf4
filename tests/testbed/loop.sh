#!/usr/bin/env bash
# loop.sh — run the VM testbed tests again and again and tabulate what happened, to measure how
# often L1 fails (tests/testbed/README.md, "A failed L1 is tried once more").
#
#   tests/testbed/loop.sh [-n N] [--build DIR] [--results DIR] [--hogs K] [TEST...]
#
# TEST: names of tests/e2e/*.sh or selftest/*.sh (default: vm_instances vm_agent compare scenario vm_disks). Each round runs
# every TEST once, one after the other (L1 takes both cores), under `nice -n 19`. --hogs K keeps K
# busy loops running for the whole loop (a loaded host). Writes RESULTS/table.tsv, one row a run:
#   round  test  result  exit  attempts  first_fault  seconds  load1  consoles  woken
# (attempts 2: L1's kernel failed once and the run was retried; woken: times L1 was woken from the
# emulator's lost interrupt, run.sh's tb_l1_wake), and RESULTS/<test>.<round>/ with the
# test's output, the full L1 console of every attempt (console.*.log) and, when it failed, the
# test's scratch directory (testbed-test.*: what L1 wrote); a summary at the end. Given an existing
# --results directory, rows are appended to its table (rounds count on from the last one) and the
# summary covers them all: "Every VM testbed test passes 50 consecutive runs" is read from it.
# The build's bin/ and testbed cache are used as CTest would (<build>/bin, <build>/testbed-cache).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=20 build=$here/../../build results="" hogs=0 tests=()
while (($#)); do
  case $1 in
    -n) rounds=$2 && shift 2 ;;
    --build) build=$2 && shift 2 ;;
    --results) results=$2 && shift 2 ;;
    --hogs) hogs=$2 && shift 2 ;;
    -h | --help) sed -n '2,14p' "$0" && exit 0 ;;
    -*) echo "loop.sh: unknown option $1" >&2 && exit 2 ;;
    *) tests+=("$1") && shift ;;
  esac
done
((${#tests[@]})) || tests=(vm_instances vm_agent compare scenario vm_disks)
# The product's end-to-end tests are in tests/e2e, the testbed's own in selftest/.
script_of() { if [[ -f $here/../e2e/$1.sh ]]; then echo "$here/../e2e/$1.sh"; else echo "$here/selftest/$1.sh"; fi; }
for t in "${tests[@]}"; do [[ -f $(script_of "$t") ]] || { echo "loop.sh: no tests/e2e/$t.sh or selftest/$t.sh" >&2 && exit 2; }; done
build=$(realpath "$build")
results=$(realpath -m "${results:-$build/testbed-loop.$(date -u +%Y%m%dT%H%M%S)}")
mkdir -p "$results"
table=$results/table.tsv
[[ -s $table ]] || printf 'round\ttest\tresult\texit\tattempts\tfirst_fault\tseconds\tload1\tconsoles\twoken\n' >"$table"

# shellcheck source=lib/hogs.sh
. "$here/lib/hogs.sh"
start_hogs "$hogs"

export TESTBED=$here/testbed JUXTA_TESTBED_CACHE=$build/testbed-cache JUXTA_BIN_DIR=$build/bin TESTBED_KEEP=1
done_rounds=$(awk -F'\t' 'NR > 1 && $1 + 0 > m { m = $1 + 0 } END { print m + 0 }' "$table")
for ((round = done_rounds + 1; round <= done_rounds + rounds; round++)); do
  for t in "${tests[@]}"; do
    dir=$results/$t.$round
    mkdir -p "$dir"
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$SECONDS rc=0
    # The test's scratch directory (its results from L1) stays in $dir/scratch.* when it fails.
    TMPDIR=$dir TESTBED_KEEP_SCRATCH=1 TESTBED_TEST=$t TESTBED_RUN_LOG=$dir/runs.log \
      nice -n 19 bash "$(script_of "$t")" >"$dir/output.log" 2>&1 || rc=$?
    ((rc != 0)) || find "$dir" -maxdepth 1 -name 'testbed-test.*' -exec rm -rf {} +
    # TESTBED_KEEP=1 kept each attempt's run directory: keep its console, drop the rest (initrd).
    consoles=0
    while read -r kept; do
      [[ -d $kept ]] || continue
      consoles=$((consoles + 1))
      cp "$kept/console.log" "$dir/console.$consoles.log" 2>/dev/null || true
      rm -rf "$kept"
    done < <(sed -n 's/^testbed: kept //p' "$dir/output.log")
    attempts=$(awk -F'\t' '$3 > n { n = $3 } END { print n + 0 }' "$dir/runs.log" 2>/dev/null || echo 0)
    fault=$(awk -F'\t' '$4 != "" { print $4; exit }' "$dir/runs.log" 2>/dev/null || true)
    woken=$(awk -F'\t' '{ n += $5 } END { print n + 0 }' "$dir/runs.log" 2>/dev/null || echo 0)
    case $rc in 0) result=pass ;; 77) result=skip ;; *) result=FAIL ;; esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$t" "$result" "$rc" "$attempts" "${fault:--}" \
      $((SECONDS - start)) "$load" "$consoles" "$woken" | tee -a "$table"
  done
done
echo "summary ($table):"
# Per test: passes, retries, and the longest run of consecutive passes (a skip breaks a run too),
# over every row of the table (a --results directory reused across sessions keeps counting).
awk -F'\t' 'NR > 1 { n[$2]++; if ($3 == "pass") { p[$2]++; s[$2]++; if (s[$2] > best[$2]) best[$2] = s[$2] } else s[$2] = 0
    if ($5 == 2) r[$2]++; if ($10 > 0) w[$2]++ }
  END { for (t in n) printf "  %-14s %d/%d passed, %d retried, %d woken, %d in a row at most, %d in a row now\n", t, p[t], n[t], r[t], w[t], best[t], s[t] }' "$table"
