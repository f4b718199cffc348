#!/usr/bin/env bash
# Measures newsflow's accuracy on the labelled development data in ../shared/eval (or the folder
# given as NEWSFLOW_EVAL_DIR) with the scorers that come with it, and prints their figures.
#   scripts/eval.sh                 every task
#   scripts/eval.sh extraction      one task: extraction | metadata | langid | ner
# The data is read in place, never copied into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEWSFLOW_EVAL_DIR=${NEWSFLOW_EVAL_DIR:-$(cd .. && pwd)/shared/eval}
export NEWSFLOW_BUILD_DIR=${NEWSFLOW_BUILD_DIR:-build}
if [ ! -d "$NEWSFLOW_EVAL_DIR/data" ]; then
  echo "eval: no evaluation data at $NEWSFLOW_EVAL_DIR (set NEWSFLOW_EVAL_DIR)" >&2
  exit 2
fi
cmake -S . -B "$NEWSFLOW_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$NEWSFLOW_BUILD_DIR" -j "$(nproc)" --target newsflow >/dev/null

tasks=("$@")
[ ${#tasks[@]} -gt 0 ] || tasks=(extraction metadata langid ner)
for task in "${tasks[@]}"; do
  script="scripts/eval/$task.sh"
  if [ ! -f "$script" ]; then
    echo "eval: unknown task '$task' (scripts/eval/*.sh)" >&2
    exit 2
  fi
  echo "== $task"
  bash "$script"
done
