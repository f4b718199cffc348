#!/usr/bin/python3
"""The examples in examples/ against real processes.

Starts `newsflow dev-broker`, `newsflow-ingest` and `newsflow-enricher` on 127.0.0.1, pushes
examples/articles/manifest.jsonl with `newsflow push`, then runs
  * examples/python_consumer.py and checks its 5 lines (languages, entities, sources),
  * every `sh` block of examples/kcat.md (with B and PATH set) and checks their output,
  * the enricher's /metrics for the consumer lag series.
Every process started here is stopped here, by PID.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import urllib.request

from process_util import Processes, read_file, wait_for

ARGS = None
PYTHON = "/usr/bin/python3"  # Debian's, with python3-confluent-kafka and python3-protobuf
ENRICHED = "newsflow.articles.enriched.v1"


class ExamplesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="newsflow-examples-")
        cls.processes = Processes()
        build = ARGS.build_dir
        cls.cli = os.path.join(build, "services/newsflow/newsflow")
        cls.start([cls.cli, "dev-broker", "--bootstrap-file", os.path.join(cls.work, "bootstrap")],
                  os.path.join(cls.work, "broker.out"))
        cls.bootstrap = wait_for(lambda: read_file(os.path.join(cls.work, "bootstrap")).strip(),
                                 20, "the dev broker")
        ingest_out = os.path.join(cls.work, "ingest.out")
        cls.start([os.path.join(build, "services/ingest/newsflow-ingest"), "--listen",
                   "127.0.0.1:0", "--metrics.listen", "127.0.0.1:0", "--kafka.bootstrap_servers",
                   cls.bootstrap], ingest_out)
        line = wait_for(lambda: [l for l in read_file(ingest_out).splitlines()
                                 if "listening on port" in l], 30, "newsflow-ingest")[0]
        words = line.split()
        cls.port = int(words[words.index("port") + 1])
        enricher_out = os.path.join(cls.work, "enricher.out")
        cls.start([os.path.join(build, "services/enricher/newsflow-enricher"), "--metrics.listen",
                   "127.0.0.1:0", "--kafka.bootstrap_servers", cls.bootstrap,
                   "--topics.enriched_json", "newsflow.articles.enriched-json.v1"], enricher_out)
        consuming = wait_for(lambda: [l for l in read_file(enricher_out).splitlines()
                                      if "consuming" in l], 60, "newsflow-enricher")[0]
        cls.enricher_metrics_port = int(consuming.split()[-1])

        manifest = os.path.join(ARGS.source_dir, "examples", "articles", "manifest.jsonl")
        push = subprocess.run([cls.cli, "push", "--server", f"127.0.0.1:{cls.port}", manifest],
                              capture_output=True, text=True, timeout=120)
        if push.returncode != 0:
            cls.tearDownClass()
            raise AssertionError(f"newsflow push failed: {push.stderr}")

        def enriched_count():
            result = subprocess.run(["kcat", "-b", cls.bootstrap, "-C", "-t", ENRICHED, "-o",
                                     "beginning", "-e", "-q", "-f", "%k\n"],
                                    capture_output=True, text=True, timeout=30)
            return len(set(result.stdout.split())) >= 5
        wait_for(enriched_count, 90, "5 enriched records")

    @classmethod
    def start(cls, command, stdout_path):
        return cls.processes.start(command, stdout_path)

    @classmethod
    def tearDownClass(cls):
        cls.processes.stop_all()

    def test_python_consumer_prints_language_entities_and_source(self):
        result = subprocess.run(
            [PYTHON, os.path.join(ARGS.source_dir, "examples", "python_consumer.py"),
             "--bootstrap", self.bootstrap, "--topic", ENRICHED, "--max", "5", "--from-beginning",
             "--idle-timeout", "30"],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(len(lines), 5, result.stdout)
        self.assertIn("read 5 records", result.stderr)
        languages, entities, domains = set(), set(), set()
        for line in lines:
            key, lang, source, names = line.split("\t")
            self.assertRegex(key, r"^[0-9a-f]{32}$")
            languages.add(re.match(r"lang=(\w+)\(", lang).group(1))
            domains.add(source.removeprefix("source=").split("|")[0])
            entities.update(names.removeprefix("entities=").split(";"))
        self.assertEqual(languages, {"ja", "en"})
        self.assertIn("Vladimir Putin", entities)
        self.assertIn("example.jp", domains)

    def kcat_blocks(self):
        with open(os.path.join(ARGS.source_dir, "examples", "kcat.md"), encoding="utf-8") as f:
            blocks = re.findall(r"```sh\n(.*?)```", f.read(), re.S)
        # The first block only sets B and PATH, which run_block supplies.
        self.assertIn("B=", blocks[0])
        return blocks[1:]

    def run_block(self, block):
        env = dict(os.environ)
        env["B"] = self.bootstrap
        env["PATH"] = os.path.dirname(self.cli) + os.pathsep + os.path.dirname(PYTHON) + \
            os.pathsep + env.get("PATH", "")
        with tempfile.TemporaryDirectory() as tmp:
            block = block.replace("/tmp/nf-keys", os.path.join(tmp, "keys"))
            result = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=ARGS.source_dir,
                                    env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, f"{block}\n{result.stderr}")
        return result.stdout

    def test_kcat_recipe(self):
        blocks = self.kcat_blocks()
        self.assertEqual(len(blocks), 7)
        listing, keys_headers, counts, decoded, joined, filtered, mirrored = map(self.run_block,
                                                                                 blocks)

        for topic in ("normalized", "enriched", "dlq"):
            self.assertIn(f'topic "newsflow.articles.{topic}.v1"', listing)

        rows = keys_headers.splitlines()
        self.assertGreaterEqual(len(rows), 5)
        for row in rows:
            self.assertRegex(row, r"^partition=\d+ offset=\d+ key=[0-9a-f]{32} headers=")
            self.assertIn("content-type=application/x-protobuf; proto=newsflow.v1.EnrichedArticle",
                          row)
            self.assertIn("newsflow-trace-id=", row)

        self.assertEqual(len(counts.splitlines()), 5, counts)

        self.assertRegex(decoded, r'code: "(ja|en)"')
        self.assertIn("canonical_name:", decoded)

        joined_rows = [line.split(" ", 2) for line in joined.splitlines()]
        self.assertEqual(len(joined_rows), 5, joined)
        self.assertEqual({row[1] for row in joined_rows}, {"ja", "en"})
        self.assertTrue(any("Vladimir Putin" in json.loads(row[2]) for row in joined_rows))

        self.assertIn("Vladimir Putin", filtered)

        # The JSON mirror holds the same 5 articles: 3 Japanese, 2 English in examples/articles.
        languages = {line.split()[1]: int(line.split()[0]) for line in mirrored.splitlines()}
        self.assertEqual(sum(languages.values()), 5, mirrored)
        self.assertEqual(set(languages), {"ja", "en"}, mirrored)

    def test_enricher_exports_consumer_lag_per_partition(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.enricher_metrics_port}/metrics",
                                    timeout=10) as reply:
            metrics = reply.read().decode()
        lag = [line for line in metrics.splitlines()
               if line.startswith("newsflow_enricher_consumer_lag_seconds{")]
        self.assertTrue(lag, metrics)
        self.assertIn('topic="newsflow.articles.normalized.v1"', lag[0])
        self.assertRegex(lag[0], r'partition="\d+"')
        self.assertGreaterEqual(float(lag[0].split()[-1]), 0.0)
        offsets = [line for line in metrics.splitlines()
                   if line.startswith("newsflow_enricher_consumer_offset{")]
        self.assertEqual(sum(float(line.split()[-1]) for line in offsets), 5.0, metrics)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
