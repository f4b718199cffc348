#!/usr/bin/env bash
# Bootstraps the machine, builds everything and runs every test through ctest.
#   scripts/test.sh                 all tests (unit, integration, benchmark smoke runs)
#   scripts/test.sh -L unit         only tests that need no broker (any ctest arguments pass through)
#   scripts/test.sh --sanitize      the same in an ASan+UBSan build (build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${NEWSFLOW_BUILD_DIR:-build}
cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
ctest_args=()
for arg in "$@"; do
  case "$arg" in
    --sanitize)
      build_dir=${NEWSFLOW_BUILD_DIR:-build-asan}
      cmake_args+=(-DNEWSFLOW_SANITIZE=ON -DNEWSFLOW_BUILD_BENCHMARKS=OFF)
      ;;
    *) ctest_args+=("$arg") ;;
  esac
done

bash scripts/bootstrap.sh
cmake -S . -B "$build_dir" -G Ninja "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
# Integration tests use their own broker on ephemeral loopback ports, so they run in parallel.
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" --timeout 600 "${ctest_args[@]}"
