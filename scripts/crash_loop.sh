#!/usr/bin/env bash
# The long crash test: 100 cycles of SIGKILL on newsflow-ingest (and every fourth cycle on
# newsflow-enricher) during a push, checking that every acknowledged article reaches both topics.
#   scripts/crash_loop.sh [--cycles N] [--articles-per-cycle N] [--seed N]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${NEWSFLOW_BUILD_DIR:-build}
bash scripts/bootstrap.sh
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target newsflow newsflow-ingest newsflow-enricher
exec /usr/bin/python3 tests/integration/crash_itest.py --build-dir "$build_dir" --cycles 100 "$@"
