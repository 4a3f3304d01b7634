#!/usr/bin/env bash
# ./test.sh — install what is missing, build, and run every test.
#   1. build/ (RelWithDebInfo): the whole ctest suite (unit + integration).
#   2. build-asan/ (ASan + UBSan): the suite again, minus the tests labelled
#      "timing" (real-time measurements that sanitizers slow down) and
#      "package" (they build and test the release .deb, already done in 1).
# Opt-in longer runs (soak, fuzz, benchmarks) are documented in README.
# Environment: VT_SKIP_ASAN=1 skips step 2; VT_CTEST_ARGS adds ctest args.
set -euo pipefail
cd "$(dirname "$0")"
. packaging/deps.sh
vt_install_missing $VT_BUILD_DEPS $VT_RUN_DEPS $VT_TEST_DEPS

jobs=$(nproc)
# Most integration tests wait on real time (settle timers, clips playing in
# real time), so three run side by side even on two cores; the real-time
# measurements are marked serial (tests/CMakeLists.txt) and run alone.
ctest_args=(--output-on-failure --timeout 600 -j3 ${VT_CTEST_ARGS:-})

echo "== build (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
echo "== tests (build/)"
ctest --test-dir build "${ctest_args[@]}"

if [ "${VT_SKIP_ASAN:-0}" != 1 ]; then
    echo "== build with ASan+UBSan (build-asan/)"
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DVITRINA_SANITIZE=ON >/dev/null
    cmake --build build-asan -j"$jobs"
    echo "== tests under ASan+UBSan (build-asan/)"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan "${ctest_args[@]}" -LE "timing|package"
fi
echo "== all tests passed"
