#!/usr/bin/env bash
# Named-entity accuracy of `newsflow enrich` (language detection, then Recognizer) on the parts of
# the NER development data the shipped models were not trained on (see scripts/train_ner.sh):
#   ja: stockmark sentences whose Wikipedia article id (curid) hashes (FNV-1a 64) below 20 mod 100
#   en: the UNER English PUD source (news and Wikipedia sentences)
# The scorer reads gold files from a data folder; a temporary one holds only the held-out records.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${NEWSFLOW_EVAL_DIR:?set NEWSFLOW_EVAL_DIR}"
BUILD_DIR=${NEWSFLOW_BUILD_DIR:-build}
NEWSFLOW="$BUILD_DIR/services/newsflow/newsflow"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ner"

/usr/bin/python3 - "$NEWSFLOW_EVAL_DIR/data/ner" "$tmp" <<'PY'
import json
import sys

src, tmp = sys.argv[1], sys.argv[2]


def fnv1a(text):
    h = 0xcbf29ce484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def write(records, name):
    with open(f"{tmp}/ner/{name}", "w", encoding="utf-8") as gold, \
         open(f"{tmp}/{name}.in", "w", encoding="utf-8") as inp:
        for r in records:
            gold.write(json.dumps(r, ensure_ascii=False) + "\n")
            inp.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")


with open(f"{src}/ja_stockmark.jsonl", encoding="utf-8") as f:
    ja = [json.loads(line) for line in f if line.strip()]
write([r for r in ja if fnv1a(r["curid"]) % 100 < 20], "ja_stockmark.jsonl")
with open(f"{src}/en_train.jsonl", encoding="utf-8") as f:
    en = [json.loads(line) for line in f if line.strip()]
# The scorer's English gold file name; PUD has no MISC.
write([r for r in en if r["source"] == "uner-en-pud"], "en_conll2003_test.jsonl")
PY

for dataset in ja en; do
  case "$dataset" in
    ja) gold=ja_stockmark.jsonl ;;
    en) gold=en_conll2003_test.jsonl ;;
  esac
  "$NEWSFLOW" enrich "$tmp/$gold.in" -o "$tmp/$dataset.pred" --threads 1
  langs=$(/usr/bin/python3 -c 'import collections, json, sys
c = collections.Counter(json.loads(l)["lang"] for l in open(sys.argv[1]))
print(" ".join(f"{k}={v}" for k, v in c.most_common(4)))' "$tmp/$dataset.pred")
  echo "-- ner $dataset (held out; detected languages: $langs)"
  /usr/bin/python3 "$NEWSFLOW_EVAL_DIR/score_ner.py" "$tmp/$dataset.pred" --dataset "$dataset" \
    --data "$tmp"
done
