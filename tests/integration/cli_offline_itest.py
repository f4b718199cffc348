#!/usr/bin/python3
"""The offline commands of the CLI, `newsflow extract` and `newsflow enrich`, as a user runs them.

extract: a folder of pages (plain, gzipped, Shift_JIS, already-extracted text, a page with no
main text, a corrupt gzip, a file of another kind) to JSON Lines on stdout and with -o; ids from
file names, one object per readable page, bad files reported and skipped with exit status 1.
enrich: JSON Lines on stdin and from a file, ids kept, entity offsets as code points into the
given text, malformed lines answered with an error object and exit status 1.
No broker or server is started.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import unittest

ARGS = None

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs | The Example Gazette</title>
<meta property="og:site_name" content="The Example Gazette">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-05T08:00:00+00:00">
<link rel="canonical" href="https://news.example.com/2024/03/05/bridge">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Tuesday morning after eight months of repairs to
its steel deck, the city's transport department said in a statement.</p>
<p>Engineers replaced more than four hundred rusted plates and repainted the towers, work that
ran two weeks behind schedule because of winter storms along the coast.</p>
<p>Commuters who had used a ferry service during the closure said the return of the bridge
would cut their journeys by almost half an hour each way.</p>
</article>
<footer><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>
"""

SHIFT_JIS_HTML = """<html><head><meta charset="Shift_JIS"><title>港の橋が再開</title></head><body>
<div class="article"><p>港に架かる橋が十五日朝、八か月に及ぶ補修工事を終えて再び通行できるようになった。
市の交通局が発表した。</p><p>技術者たちは四百枚を超える鋼板を交換し、塔を塗り直した。冬の嵐のため工事は予定より
二週間遅れていた。</p><p>工事の間フェリーを使っていた通勤客は、片道の時間がほぼ三十分短くなると話した。</p></div>
</body></html>
"""

# A front page: links and a title, no article text.
HOME_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>The Example Gazette</title>
<meta property="article:published_time" content="2024-03-06T06:00:00+00:00"></head>
<body><nav><a href="/world">World</a> <a href="/sport">Sport</a> <a href="/culture">Culture</a>
</nav></body></html>
"""

TEXT_ARTICLE = (
    "The council approved the new budget on Monday after a debate that lasted until midnight.\n"
    "Spending on schools rises by four percent, while the road maintenance fund is frozen for "
    "a second year.\n"
    "The mayor said the plan protected services without raising local taxes.\n")


def run(args, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True, timeout=120)


class ExtractTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cli = os.path.join(ARGS.build_dir, "services/newsflow/newsflow")
        cls.work = tempfile.mkdtemp(prefix="newsflow-cli-")
        pages = os.path.join(cls.work, "pages")
        os.makedirs(os.path.join(pages, "more"))
        with open(os.path.join(pages, "bridge.html"), "w", encoding="utf-8") as f:
            f.write(ARTICLE_HTML)
        with gzip.open(os.path.join(pages, "more", "hashi.html.gz"), "wb") as f:
            f.write(SHIFT_JIS_HTML.encode("shift_jis"))
        with open(os.path.join(pages, "council.txt"), "w", encoding="utf-8") as f:
            f.write(TEXT_ARTICLE)
        with open(os.path.join(pages, "home.htm"), "w", encoding="utf-8") as f:
            f.write(HOME_HTML)
        with open(os.path.join(pages, "broken.html.gz"), "wb") as f:
            f.write(gzip.compress(ARTICLE_HTML.encode())[:60])  # cut off mid-stream
        with open(os.path.join(pages, "notes.json"), "w") as f:
            f.write("{}")  # not a page: not read when a folder is given
        cls.pages = pages
        cls.result = run([cls.cli, "extract", pages])
        cls.records = {}
        for line in cls.result.stdout.decode().splitlines():
            record = json.loads(line)
            cls.records[record["id"]] = record

    def test_one_object_per_readable_page_and_exit_status_for_the_bad_one(self):
        self.assertEqual(sorted(self.records), ["bridge", "council", "hashi", "home"])
        self.assertEqual(self.result.returncode, 1)
        stderr = self.result.stderr.decode()
        self.assertIn("skipped", stderr)
        self.assertIn("broken.html.gz", stderr)
        self.assertIn("1 pages skipped", stderr)
        self.assertNotIn("\r[", stderr, "no progress bar when stderr is not a terminal")

    def test_html_article_text_and_metadata(self):
        page = self.records["bridge"]
        self.assertIn("reopened to traffic on Tuesday morning", page["text"])
        self.assertIn("half an hour each way", page["text"])
        for boilerplate in ("Privacy", "Sport", "Terms"):
            self.assertNotIn(boilerplate, page["text"])
        self.assertEqual(page["title"], "Harbour bridge reopens after repairs")
        self.assertEqual(page["author"], "Jane Roe")
        self.assertEqual(page["date"], "2024-03-05")
        self.assertEqual(page["sitename"], "The Example Gazette")
        self.assertEqual(page["url"], "https://news.example.com/2024/03/05/bridge")
        self.assertEqual(page["language_hint"], "en")

    def test_gzipped_shift_jis_page_is_decoded(self):
        page = self.records["hashi"]
        self.assertIn("八か月に及ぶ補修工事", page["text"])
        self.assertIn("三十分短くなる", page["text"])
        self.assertEqual(page["title"], "港の橋が再開")

    def test_text_file_is_taken_as_extracted_text(self):
        text = self.records["council"]["text"]
        self.assertIn("approved the new budget on Monday", text)
        self.assertIn("without raising local taxes", text)

    def test_page_without_main_text_keeps_its_metadata(self):
        page = self.records["home"]
        self.assertEqual(page["text"], "")
        self.assertEqual(page["date"], "2024-03-06")
        self.assertIn("home.htm: no main text, metadata only", self.result.stderr.decode())

    def test_output_file_and_named_files(self):
        out = os.path.join(self.work, "out.jsonl")
        result = run([self.cli, "extract", os.path.join(self.pages, "bridge.html"),
                      os.path.join(self.pages, "council.txt"), "-o", out])
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertEqual(result.stdout, b"")
        with open(out, encoding="utf-8") as f:
            ids = [json.loads(line)["id"] for line in f]
        self.assertEqual(ids, ["bridge", "council"])

    def test_missing_path_is_reported(self):
        result = run([self.cli, "extract", os.path.join(self.work, "no-such-page.html")])
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("no-such-page.html", result.stderr.decode())
        self.assertEqual(result.stdout, b"")


class EnrichTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cli = os.path.join(ARGS.build_dir, "services/newsflow/newsflow")
        cls.work = tempfile.mkdtemp(prefix="newsflow-cli-")
        cls.lines = [
            {"id": "ja-1", "text": "ハノイ(AP)――ロシアのプーチン大統領は15日、北朝鮮の金正恩総書記と平壌で会談した。",
             "url": "https://www.nhk.or.jp/news/html/20240615/k1.html"},
            {"id": 7, "text": "North Korean leader Kim Jong Un met Vladimir Putin in Pyongyang, "
                              "Reuters reported."},
            {"id": "short", "text": "ok"},
        ]
        cls.input = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in cls.lines)
        cls.result = run([cls.cli, "enrich", "-"], stdin=cls.input.encode())
        cls.records = [json.loads(line) for line in cls.result.stdout.decode().splitlines()]

    def test_one_line_out_per_line_in_with_its_id(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr.decode())
        self.assertEqual([r["id"] for r in self.records], ["ja-1", 7, "short"])

    def test_offsets_are_code_points_into_the_given_text(self):
        for given, record in zip(self.lines, self.records):
            for entity in record["entities"]:
                self.assertEqual(given["text"][entity["start"]:entity["end"]], entity["text"])

    def test_languages_entities_and_source(self):
        ja, en, short = self.records
        self.assertEqual(ja["lang"], "ja")
        self.assertEqual(en["lang"], "en")
        self.assertEqual(short["lang"], "und")
        self.assertEqual(short["entities"], [])
        for record in (ja, en):
            ids = {e["entity_id"] for e in record["entities"]}
            self.assertIn("nf:vladimir-putin", ids)
            self.assertIn("nf:kim-jong-un", ids)
            self.assertIn("nf:pyongyang", ids)
        self.assertIn("nf:north-korea", {e["entity_id"] for e in ja["entities"]})
        self.assertEqual(ja["source"]["publisher"], "NHK")
        self.assertEqual(ja["source"]["country"], "JP")
        self.assertIn("AP", ja["source"]["wire_agencies"])
        self.assertEqual(ja["source"]["dateline"], "ハノイ")
        self.assertIn("Reuters", en["source"]["wire_agencies"])

    def test_file_input_and_output_file_match_stdin(self):
        path = os.path.join(self.work, "in.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.input)
        out = os.path.join(self.work, "out.jsonl")
        result = run([self.cli, "enrich", path, "-o", out])
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        with open(out, encoding="utf-8") as f:
            self.assertEqual([json.loads(line) for line in f], self.records)

    def test_malformed_lines_get_an_error_object_and_exit_status(self):
        result = run([self.cli, "enrich"],
                     stdin=b'not json\n{"id": "no-text"}\n{"id": "ok", "text": "Tokyo"}\n')
        self.assertEqual(result.returncode, 1)
        out = [json.loads(line) for line in result.stdout.decode().splitlines()]
        self.assertEqual(len(out), 3)
        self.assertEqual(out[0]["line"], 1)
        self.assertIn("error", out[0])
        self.assertEqual(out[1]["id"], "no-text")
        self.assertIn("error", out[1])
        self.assertEqual(out[2]["id"], "ok")
        self.assertNotIn("error", out[2])
        self.assertIn("2 malformed lines", result.stderr.decode())

    def test_missing_input_file_is_a_usage_error(self):
        result = run([self.cli, "enrich", os.path.join(self.work, "absent.jsonl")])
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot open", result.stderr.decode())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)
