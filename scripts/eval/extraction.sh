#!/usr/bin/env bash
# Main-text extraction accuracy: runs `newsflow extract` over the gzipped pages of the aeb and
# trafilatura benchmarks in $NEWSFLOW_EVAL_DIR and prints the scorers' figures, one KEY=value
# line per benchmark. Called by scripts/eval.sh (which sets NEWSFLOW_EVAL_DIR and
# NEWSFLOW_BUILD_DIR and builds the CLI). Extra arguments go to the scorer (e.g. --worst 10).
set -euo pipefail
task=extraction
source "$(dirname "$0")/setup.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for dataset in aeb trafilatura; do
  pages="$eval_dir/data/extraction/$dataset/html"
  if [ ! -d "$pages" ]; then
    echo "extraction: no pages at $pages" >&2
    exit 2
  fi
  "$cli" extract "$pages" -o "$work/$dataset.jsonl" 2>"$work/$dataset.log" || {
    # Pages that fail are reported by the CLI and scored as empty; keep going.
    tail -n 3 "$work/$dataset.log" >&2
  }
  "$python" "$eval_dir/score_extraction.py" "$work/$dataset.jsonl" --dataset "$dataset" "$@" \
    >"$work/$dataset.score"
  # The details when asked for (--worst), else only the final figures.
  if [ $# -gt 0 ]; then grep -v '^F1=' "$work/$dataset.score" || true; fi
  echo "extraction_$dataset $(tail -n 1 "$work/$dataset.score")"
done
