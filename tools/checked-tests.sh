#!/usr/bin/env bash
# The checking build CI runs after the normal suite: clang with AddressSanitizer and
# UndefinedBehaviorSanitizer (and libFuzzer, JUXTA_FUZZ=ON), the engine's unit tests and the runtime
# and VMM integration tests under it, then every fuzz target over its corpus plus 30 s of new
# inputs (tools/fuzz.sh; JUXTA_FUZZ_SECONDS, as 60 s made the whole CI run an hour). The GUI and
# the compare benchmarks are left out: they cost build time and read no hostile input the targets
# do not already cover.
#
#   tools/checked-tests.sh [--build-only] [BUILD_DIR]     (default: build-check next to build/)
#
# --build-only: configure and build, nothing run. setup.sh --test starts that beside the normal suite,
# at the lowest priority, and calls this script again after the suite for the tests and fuzzers.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_only=false
if [ "${1:-}" = --build-only ]; then build_only=true; shift; fi
build="${1:-$here/build-check}"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DJUXTA_FUZZ=ON "${launcher[@]}" >/dev/null

# Tests by name: the engine's unit tests, and the integration tests that drive the runtime and the
# VMM in-process or through juxta-vmm. Those that run juxtactl are left out: juxtactl depends on
# juxta-report and with it the Qt GUI libraries, which would double this build's time on the
# 2-core CI machine (the whole .ci/run must stay under an hour); the normal suite runs them.
mapfile -t tests < <(cd "$here/tests" && sed -n 's/^juxta_add_test(\(test_[a-z0-9_]*\).*/\1/p' \
    unit/runtime/CMakeLists.txt unit/images/CMakeLists.txt unit/vmm/CMakeLists.txt unit/guest/CMakeLists.txt \
    unit/compose/CMakeLists.txt)
tests+=(test_http_load test_core test_procfs test_host_probe test_bounded_json test_read_file test_ring_file test_exposition test_containers test_vmm_guests test_vmm_hostile_api)
start=$SECONDS
cmake --build "$build" -j "$(nproc)" --target "${tests[@]}" fuzzers
echo "checked-tests: build took $((SECONDS - start)) s"
if $build_only; then exit 0; fi

# ASan's leak check stays on; UBSan stops at the first report (-fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export QT_QPA_PLATFORM=offscreen
regex="^($(IFS='|'; echo "${tests[*]}"))\$"
start=$SECONDS
(cd "$build" && ctest --output-on-failure -j "$(nproc)" --timeout 1500 -R "$regex")
echo "checked-tests: tests took $((SECONDS - start)) s"

start=$SECONDS
"$here/tools/fuzz.sh" --build "$build" --time "${JUXTA_FUZZ_SECONDS:-30}" --jobs 2
echo "checked-tests: fuzzing took $((SECONDS - start)) s"
