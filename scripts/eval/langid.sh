#!/usr/bin/env bash
# Language identification accuracy: runs `newsflow enrich` over the labelled sentences in
# $NEWSFLOW_EVAL_DIR/data/langid and prints the scorer's figures (per-language accuracy compared
# with published tools, then MACRO_ACC). Called by scripts/eval.sh (which sets NEWSFLOW_EVAL_DIR
# and NEWSFLOW_BUILD_DIR and builds the CLI).
set -euo pipefail
task=langid
source "$(dirname "$0")/setup.sh"
sentences=$eval_dir/data/langid/sentences.jsonl
if [ ! -f "$sentences" ]; then
  echo "langid: no sentences at $sentences" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The enricher reads {id, text} and writes {id, lang, ...}; the scorer wants {id, lang}.
"$python" -c '
import json, sys
for line in sys.stdin:
    record = json.loads(line)
    print(json.dumps({"id": record["id"], "text": record["text"]}, ensure_ascii=False))
' <"$sentences" >"$work/input.jsonl"
start=$(date +%s.%N)
"$cli" enrich "$work/input.jsonl" -o "$work/enriched.jsonl" 2>"$work/enrich.log" ||
  { tail -n 3 "$work/enrich.log" >&2; exit 1; }
end=$(date +%s.%N)
"$python" -c '
import json, sys
for line in sys.stdin:
    record = json.loads(line)
    print(json.dumps({"id": record.get("id"), "lang": record.get("lang", "und")}))
' <"$work/enriched.jsonl" >"$work/pred.jsonl"
"$python" "$eval_dir/score_langid.py" "$work/pred.jsonl" --compare
echo "langid: $(wc -l <"$work/pred.jsonl") sentences enriched in $(
  "$python" -c "print(f'{$end - $start:.1f}')") s (whole enrichment, NER included)"
