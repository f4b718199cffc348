#!/usr/bin/env bash
# Metadata accuracy: runs `newsflow extract` over the htmldate benchmark pages (publish dates)
# and the trafilatura set (title, author, date) in $NEWSFLOW_EVAL_DIR and prints the scorers'
# figures, one KEY=value line per field. Called by scripts/eval.sh (which sets
# NEWSFLOW_EVAL_DIR and NEWSFLOW_BUILD_DIR and builds the CLI).
set -euo pipefail
task=metadata
source "$(dirname "$0")/setup.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_extract() {  # pages-folder output
  if [ ! -d "$1" ]; then
    echo "metadata: no pages at $1" >&2
    exit 2
  fi
  "$cli" extract "$1" -o "$2" 2>"$2.log" || tail -n 3 "$2.log" >&2
}

run_extract "$eval_dir/data/metadata/htmldate/html" "$work/htmldate.jsonl"
"$python" "$eval_dir/score_metadata.py" "$work/htmldate.jsonl" >"$work/htmldate.score"
echo "metadata_htmldate_date $(tail -n 1 "$work/htmldate.score")"

run_extract "$eval_dir/data/extraction/trafilatura/html" "$work/trafilatura.jsonl"
for field in title author date; do
  "$python" "$eval_dir/score_metadata.py" "$work/trafilatura.jsonl" --dataset trafilatura \
    --field "$field" >"$work/trafilatura_$field.score"
  echo "metadata_trafilatura_$field $(tail -n 1 "$work/trafilatura_$field.score")"
done
