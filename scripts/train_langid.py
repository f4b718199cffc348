#!/usr/bin/env python3
"""Builds newsflow's character n-gram language model from gettext translations.

Reads every compiled message catalog (*.mo) under the locale folder (default /usr/share/locale):
translators' sentences in each language (msgstr) and the English originals (msgid). The text is
free software shipped by Debian packages; the n-gram statistics derived from it are newsflow's own
data. Writes the binary model read by libs/langid/src/ngram_model.cc and prints a manifest of the
sources used. Usage: train_langid.py OUT.bin [--locale-dir DIR] [--manifest FILE]
"""

import argparse
import collections
import gettext
import glob
import math
import os
import re
import struct
import sys

# Model languages: the primary news languages written in Latin or Cyrillic script plus the close
# relatives a short sentence is most often confused with. Value: locale folders holding the text.
LANGUAGES = {
    "en": [],  # msgids of every catalog
    "de": ["de"], "fr": ["fr"], "es": ["es"], "pt": ["pt", "pt_BR", "pt_PT"], "it": ["it"],
    "nl": ["nl"], "pl": ["pl"], "tr": ["tr"], "id": ["id"], "vi": ["vi"], "sv": ["sv"],
    "no": ["nb", "nb_NO", "no", "nn"], "da": ["da"], "ms": ["ms"], "ca": ["ca"], "gl": ["gl"],
    "af": ["af"], "ro": ["ro"], "cs": ["cs"], "hr": ["hr"],
    "ru": ["ru"], "uk": ["uk"], "bg": ["bg"], "sr": ["sr"], "be": ["be"], "mk": ["mk"],
    "kk": ["kk"],
}
MAX_CHARS = 3_000_000  # per language: more adds little and slows training
# Languages with less text than this are left out: a thinly trained relative (Malay, Afrikaans)
# draws short sentences of its big sibling to itself. The detector leaves those to CLD2.
MIN_CHARS = 600_000
ORDERS = (1, 2, 3, 4)
# Kept n-grams per language and order (most frequent first).
KEEP = {1: 400, 2: 3000, 3: 6000, 4: 6000}
MIN_COUNT = 3
QUANT = 16.0  # log-probability steps per nat

NOISE = [
    re.compile(r"%(\([A-Za-z_]+\))?[-+ #0-9.*lhqjzt]*[a-zA-Z%]"),  # printf
    re.compile(r"\{[^{}]*\}|\$\{?\w+\}?|<[^<>]*>|&[a-z]+;"),  # placeholders, markup
    re.compile(r"\b\w+://\S+|\S+@\S+|\S*/\S+/\S*|--?[A-Za-z][\w-]*"),  # URLs, paths, options
    re.compile(r"\b[A-Z0-9_]{2,}\b|\b\w*_\w*\b"),  # identifiers, constants
]


def Clean(text):
    text = text.replace("\\n", " ").replace("\n", " ")
    for pattern in NOISE:
        text = pattern.sub(" ", text)
    return text.replace("_", "").replace("&", "")


def Normalize(text):
    """Lower-cases and maps every non-letter run to one space, like the C++ side."""
    out = []
    space = True
    for ch in text.lower():
        if ch.isalpha():
            out.append(ch)
            space = False
        elif not space:
            out.append(" ")
            space = True
    return "".join(out).strip()


def Catalog(path):
    try:
        with open(path, "rb") as f:
            return gettext.GNUTranslations(f)._catalog
    except Exception:  # a broken or unusual catalog: skip it
        return {}


def Texts(locale_dir):
    """Returns {lang: [cleaned strings]} and the sorted catalog names used."""
    texts = collections.defaultdict(list)
    sizes = collections.Counter()
    english = set()
    domains = set()
    for lang, folders in LANGUAGES.items():
        for folder in folders:
            for path in sorted(glob.glob(os.path.join(locale_dir, folder, "LC_MESSAGES", "*.mo"))):
                domains.add(os.path.basename(path)[:-3])
                for key, value in Catalog(path).items():
                    msgid = key[0] if isinstance(key, tuple) else key
                    if not msgid or not value:
                        continue
                    english.add(msgid)
                    if value == msgid or sizes[lang] > MAX_CHARS:
                        continue  # untranslated copies are English
                    cleaned = Normalize(Clean(value))
                    if len(cleaned) >= 3:
                        texts[lang].append(cleaned)
                        sizes[lang] += len(cleaned)
    for msgid in sorted(english):
        if sizes["en"] > MAX_CHARS:
            break
        cleaned = Normalize(Clean(msgid))
        if len(cleaned) >= 3:
            texts["en"].append(cleaned)
            sizes["en"] += len(cleaned)
    return texts, sorted(domains)


def Fnv1a(codepoints):
    h = 0x811C9DC5
    for cp in codepoints:
        h ^= cp
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def CountNgrams(lines):
    counts = {n: collections.Counter() for n in ORDERS}
    for line in lines:
        padded = " " + line + " "
        for n in ORDERS:
            c = counts[n]
            for i in range(len(padded) - n + 1):
                gram = padded[i:i + n]
                if gram != " " * n:
                    c[gram] += 1
    return counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--locale-dir", default="/usr/share/locale")
    parser.add_argument("--manifest")
    args = parser.parse_args()

    texts, domains = Texts(args.locale_dir)
    langs = list(LANGUAGES)
    for lang in langs:
        print(f"{lang}: {len(texts[lang])} strings, {sum(map(len, texts[lang]))} chars",
              file=sys.stderr)
    postings = collections.defaultdict(list)  # hash -> [(lang index, quantized log p)]
    floors = []
    langs = [lang for lang in langs if sum(map(len, texts[lang])) >= MIN_CHARS]
    for index, lang in enumerate(langs):
        counts = CountNgrams(texts[lang])
        lang_floor = []
        for n in ORDERS:
            total = sum(counts[n].values()) or 1
            kept = [(g, c) for g, c in counts[n].most_common(KEEP[n]) if c >= MIN_COUNT]
            for gram, count in kept:
                q = round(-math.log(count / total) * QUANT)
                postings[Fnv1a([ord(ch) for ch in gram])].append((index, min(q, 65535)))
            # A language that lacks a kept n-gram saw it less often than its rarest kept one.
            rarest = kept[-1][1] if kept else 1
            lang_floor.append(round(-math.log(0.5 * rarest / total) * QUANT))
        floors.append(lang_floor)

    # Layout (little-endian): "NFNG" u32 version, u32 languages, u32 orders, u32 entries,
    # u32 postings; languages x 4-byte NUL-padded codes; languages x orders u16 floors;
    # entries x (u32 hash, u32 first posting) sorted by hash, then a sentinel; postings x
    # (u16 lang, u16 -log p * QUANT).
    hashes = sorted(postings)
    blob = bytearray()
    blob += b"NFNG" + struct.pack("<IIIII", 1, len(langs), len(ORDERS), len(hashes),
                                  sum(len(p) for p in postings.values()))
    for lang in langs:
        blob += lang.encode().ljust(4, b"\0")
    for lang_floor in floors:
        blob += struct.pack(f"<{len(ORDERS)}H", *[min(f, 65535) for f in lang_floor])
    first = 0
    for h in hashes:
        blob += struct.pack("<II", h, first)
        first += len(postings[h])
    blob += struct.pack("<II", 0xFFFFFFFF, first)
    for h in hashes:
        for index, q in postings[h]:
            blob += struct.pack("<HH", index, q)
    with open(args.out, "wb") as f:
        f.write(blob)
    print(f"wrote {args.out}: {len(blob)} bytes, {len(hashes)} n-grams", file=sys.stderr)
    if args.manifest:
        with open(args.manifest, "w") as f:
            f.write("\n".join(domains) + "\n")


if __name__ == "__main__":
    main()
