#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz): each over its saved corpus, tests/fuzz/corpus/<target>/,
# then on new inputs for a stated time. New inputs that add coverage go to <build>/fuzz/<target>/
# (not the repository); a crash leaves its input in <build>/fuzz/artifacts/ and fails the run.
#
#   tools/fuzz.sh [--build DIR] [--time SECONDS] [--jobs N] [TARGET...]
#
# Defaults: build-fuzz (configured with -DJUXTA_FUZZ=ON and clang, see tests/fuzz/README.md), 60 s
# a target, 2 targets at a time, every target. Prints one line per target: executions, corpus, result.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-fuzz seconds=60 jobs=2 targets=()
while (($#)); do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --time) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
    esac
done
if ((${#targets[@]} == 0)); then
    for dir in tests/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi
for t in "${targets[@]}"; do
    [[ -x $build/bin/$t ]] || { echo "fuzz.sh: $build/bin/$t is not built (cmake --build $build --target fuzzers)" >&2; exit 2; }
done
mkdir -p "$build/fuzz/artifacts"

run_one() {  # target: prints its summary line, returns non-zero on a crash
    local t=$1 log="$build/fuzz/$1.log"
    mkdir -p "$build/fuzz/$t"
    # ASan's default leak check stays on; 2 GiB RSS and 10 s per input bound a decompression bomb.
    local rc=0
    "$build/bin/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$build/fuzz/artifacts/$t-" "$build/fuzz/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
    local runs corpus
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    corpus=$(find "$build/fuzz/$t" -type f | wc -l)
    if ((rc == 0)); then
        printf '%-24s %12s executions  %6s new corpus files  ok\n' "$t" "${runs:-?}" "$corpus"
    else
        printf '%-24s %12s executions  %6s new corpus files  FAILED (exit %d), see %s\n' "$t" "${runs:-?}" "$corpus" "$rc" "$log"
        grep -m1 -A12 'ERROR: \|runtime error' "$log" | sed 's/^/    /' || true
    fi
    return "$rc"
}
export -f run_one
export build seconds
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
