#!/usr/bin/env bash
# Rebuilds data/langid/ngram_model.bin, the character n-gram model the language detector links
# in, from the gettext translations (*.mo) that Debian packages install under /usr/share/locale.
# Those translations are free software (each package's license, see /usr/share/doc/*/copyright);
# the n-gram statistics derived from them are newsflow's own data. The catalogs read are listed
# in data/langid/ngram_model.sources.txt. Reproduce with the same installed packages:
#   scripts/bootstrap.sh && scripts/train_langid.sh [LOCALE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
locale_dir=${1:-/usr/share/locale}
python=/usr/bin/python3
[ -x "$python" ] || python=python3
mkdir -p data/langid
"$python" scripts/train_langid.py data/langid/ngram_model.bin --locale-dir "$locale_dir" \
  --manifest data/langid/ngram_model.sources.txt
