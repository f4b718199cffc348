#!/usr/bin/python3
"""End to end with real processes and external clients.

Starts `newsflow dev-broker`, `newsflow-ingest` and `newsflow-enricher` on 127.0.0.1, then:
  * a Python gRPC client generated from proto/ at test time ingests articles,
  * kcat lists the topics and reads the enriched record by key,
  * a Python confluent_kafka consumer decodes the enriched record with generated classes,
  * `newsflow tail` prints it as JSON,
  * /metrics, /healthz and /readyz answer and the counters moved,
  * SIGTERM stops every process cleanly.
Every process started here is stopped here, by PID.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from process_util import Processes, read_file, wait_for

ARGS = None


class ClientsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="newsflow-clients-")
        cls.processes = Processes()
        build = ARGS.build_dir
        cls.cli = os.path.join(build, "services/newsflow/newsflow")
        broker_out = os.path.join(cls.work, "broker.out")
        cls.start([cls.cli, "dev-broker", "--bootstrap-file", os.path.join(cls.work, "bootstrap")],
                  broker_out)
        cls.bootstrap = wait_for(lambda: read_file(os.path.join(cls.work, "bootstrap")).strip(),
                                 20, "the dev broker")
        cls.ingest, cls.port, cls.metrics_port = cls.start_ingest("ingest")
        enricher_out = os.path.join(cls.work, "enricher.out")
        cls.enricher = cls.start(
            [os.path.join(build, "services/enricher/newsflow-enricher"), "--metrics.listen",
             "127.0.0.1:0", "--kafka.bootstrap_servers", cls.bootstrap], enricher_out)
        wait_for(lambda: "consuming" in read_file(enricher_out), 60, "newsflow-enricher")
        cls.stubs = cls.generate_stubs()

    @classmethod
    def start(cls, command, stdout_path):
        return cls.processes.start(command, stdout_path)

    @classmethod
    def start_ingest(cls, name, *options):
        """A newsflow-ingest on the dev broker: (process, gRPC port, metrics port or 0)."""
        out = os.path.join(cls.work, name + ".out")
        process = cls.start(
            [os.path.join(ARGS.build_dir, "services/ingest/newsflow-ingest"), "--listen",
             "127.0.0.1:0", "--metrics.listen", "127.0.0.1:0", "--kafka.bootstrap_servers",
             cls.bootstrap, *options], out)
        line = wait_for(lambda: [l for l in read_file(out).splitlines()
                                 if "listening on port" in l], 30, name)[0]
        words = line.split()
        metrics_port = int(words[words.index("metrics") + 1]) if "metrics" in words else 0
        return process, int(words[words.index("port") + 1]), metrics_port

    @classmethod
    def tearDownClass(cls):
        cls.processes.stop_all()

    @classmethod
    def generate_stubs(cls):
        out = os.path.join(cls.work, "py")
        os.makedirs(out)
        proto_dir = os.path.join(ARGS.source_dir, "proto")
        protos = ["google/rpc/status.proto", "google/rpc/error_details.proto",
                  "newsflow/v1/article.proto", "newsflow/v1/enriched.proto",
                  "newsflow/v1/ingest.proto"]
        subprocess.run(["protoc", f"--proto_path={proto_dir}", f"--python_out={out}",
                        f"--grpc_out={out}", "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin"]
                       + protos, check=True)
        sys.path.insert(0, out)
        import newsflow.v1.ingest_pb2 as ingest_pb2  # noqa: E402
        import newsflow.v1.ingest_pb2_grpc as ingest_pb2_grpc  # noqa: E402
        import newsflow.v1.article_pb2 as article_pb2  # noqa: E402
        import newsflow.v1.enriched_pb2 as enriched_pb2  # noqa: E402
        return {"ingest": ingest_pb2, "grpc": ingest_pb2_grpc, "article": article_pb2,
                "enriched": enriched_pb2}

    def ingest_one(self, url, text):
        import grpc
        ingest_pb2, article_pb2 = self.stubs["ingest"], self.stubs["article"]
        with grpc.insecure_channel(f"127.0.0.1:{self.port}") as channel:
            stub = self.stubs["grpc"].IngestServiceStub(channel)
            request = ingest_pb2.IngestRequest(article=article_pb2.RawArticle(
                url=url, body=text.encode("utf-8"), content_type=article_pb2.CONTENT_TYPE_TEXT))
            return stub.Ingest(request, timeout=30)

    def test_python_grpc_client_kcat_and_confluent_kafka(self):
        import grpc
        response = self.ingest_one("https://news.example.jp/python-client",
                                   "ロシアのプーチン大統領は平壌で金正恩総書記と会談した。")
        self.assertEqual(response.outcome, self.stubs["ingest"].INGEST_OUTCOME_ACCEPTED)
        self.assertEqual(len(response.article_id), 32)

        # A bad article gets INVALID_ARGUMENT with a BadRequest naming the field.
        with self.assertRaises(grpc.RpcError) as raised:
            self.ingest_one("ftp://news.example.jp/x", "本文")
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("article.url", raised.exception.details())

        # kcat sees the topics and reads the enriched record by key.
        listing = subprocess.run(["kcat", "-b", self.bootstrap, "-L"], capture_output=True,
                                 text=True, timeout=30)
        self.assertEqual(listing.returncode, 0, listing.stderr)
        self.assertIn("newsflow.articles.enriched.v1", listing.stdout)

        def kcat_keys():
            result = subprocess.run(
                ["kcat", "-b", self.bootstrap, "-C", "-t", "newsflow.articles.enriched.v1",
                 "-o", "beginning", "-e", "-q", "-f", "%k\n"],
                capture_output=True, text=True, timeout=30)
            return response.article_id in result.stdout.split()
        wait_for(kcat_keys, 60, "the enriched record in kcat's output")

        # confluent_kafka with the generated classes decodes it.
        from confluent_kafka import Consumer
        consumer = Consumer({"bootstrap.servers": self.bootstrap, "group.id": "py-client-test",
                             "auto.offset.reset": "earliest"})
        consumer.subscribe(["newsflow.articles.enriched.v1"])
        enriched = None
        deadline = time.time() + 30
        while enriched is None and time.time() < deadline:
            message = consumer.poll(0.5)
            if message is None or message.error():
                continue
            if message.key().decode() == response.article_id:
                enriched = self.stubs["enriched"].EnrichedArticle()
                enriched.ParseFromString(message.value())
        consumer.close()
        self.assertIsNotNone(enriched)
        self.assertEqual(enriched.language.code, "ja")
        self.assertEqual(enriched.article.canonical_url, "https://news.example.jp/python-client")
        names = {entity.canonical_name for entity in enriched.entities}
        self.assertIn("Vladimir Putin", names)

        # newsflow tail prints it as JSON.
        tail = subprocess.run([self.cli, "tail", "newsflow.articles.enriched.v1", "-b",
                               self.bootstrap, "--from-beginning", "--max", "1",
                               "--idle-timeout-ms", "20000"],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(tail.returncode, 0, tail.stderr)
        record = json.loads(tail.stdout.splitlines()[0])
        self.assertEqual(record["key"], record["value"]["article"]["article_id"])
        # The first record of the topic may be any test's article (the push tests send German).
        self.assertRegex(record["value"]["language"]["code"], r"^([a-z]{2}|und)$")

        # Filters: the article is found by its language, entity and source, and not by others.
        def tail_keys(*filters):
            result = subprocess.run([self.cli, "tail", "newsflow.articles.enriched.v1", "-b",
                                     self.bootstrap, "--from-beginning", "--json",
                                     "--idle-timeout-ms", "10000", *filters],
                                    capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            return {json.loads(line)["key"] for line in result.stdout.splitlines()}
        self.assertIn(response.article_id, tail_keys("--lang", "ja", "--entity", "Vladimir Putin",
                                                     "--source", "example.jp"))
        self.assertNotIn(response.article_id, tail_keys("--lang", "de"))
        self.assertNotIn(response.article_id, tail_keys("--entity", "Angela Merkel"))

    def test_push_resumes_from_its_checkpoint(self):
        manifest = os.path.join(ARGS.source_dir, "examples", "articles", "manifest.jsonl")
        with tempfile.TemporaryDirectory() as work:
            checkpoint = os.path.join(work, "acked.jsonl")
            command = [self.cli, "push", "--server", f"127.0.0.1:{self.port}", "--checkpoint",
                       checkpoint, "--rate", "50", manifest]
            first = subprocess.run(command, capture_output=True, text=True, timeout=120)
            self.assertEqual(first.returncode, 0, first.stderr)
            with open(checkpoint, encoding="utf-8") as f:
                acked = [json.loads(line) for line in f]
            self.assertEqual(len(acked), 5, first.stderr)
            self.assertTrue(all(len(entry["article_id"]) == 32 for entry in acked))
            second = subprocess.run(command, capture_output=True, text=True, timeout=120)
            self.assertEqual(second.returncode, 0, second.stderr)
            self.assertIn("pushed 0 articles", second.stderr)
            self.assertIn("5 skipped as already acked", second.stderr)

    def test_push_batches_answers_each_article_and_retries_refused_ones(self):
        # 50 articles, 16 per request, the 8th invalid (in the middle of the first request). The
        # server's window of 12 unanswered articles per stream is smaller than a request, so it
        # refuses the last entries of a request with RESOURCE_EXHAUSTED: push must retry those
        # alone (batched anew) until they are acked, and report only the invalid one.
        ingest, port, _ = self.start_ingest("ingest-small-window",
                                            "--limits.max_in_flight_per_stream", "12")
        def push(work, name, *options):
            run = f"{name}-{time.time_ns()}"
            manifest = os.path.join(work, name + ".jsonl")
            with open(manifest, "w", encoding="utf-8") as f:
                for i in range(1, 51):
                    scheme = "ftp" if i == 8 else "https"
                    f.write(json.dumps({
                        "url": f"{scheme}://news.example.de/{run}-{i}",
                        "body": f"Artikel {i} des Laufs {run}: Der Bundestag tagte in Berlin.",
                        "content_type": "text"}) + "\n")
            checkpoint = os.path.join(work, name + ".acked.jsonl")
            result = subprocess.run(
                [self.cli, "push", "--server", f"127.0.0.1:{port}", "--checkpoint", checkpoint,
                 "--articles-per-request", "16", "--concurrency", "32", *options, manifest],
                capture_output=True, text=True, timeout=120)
            with open(checkpoint, encoding="utf-8") as f:
                acked = [json.loads(line) for line in f]
            return manifest, result, acked

        try:
            with tempfile.TemporaryDirectory() as work:
                # Without retries the refusals show: the setup does make the server refuse.
                _, unretried, _ = push(work, "unretried", "--retries", "0")
                self.assertEqual(unretried.returncode, 1, unretried.stderr)
                self.assertIn("  RESOURCE_EXHAUSTED: ", unretried.stderr)

                manifest, retried, acked = push(work, "retried", "--retries", "10")
                self.assertEqual(retried.returncode, 1, retried.stderr)
                self.assertIn("pushed 50 articles: 49 accepted, 0 duplicates, 1 failed, "
                              "0 unanswered", retried.stderr)
                failures = [l for l in retried.stderr.splitlines() if l.startswith("failed: ")]
                self.assertEqual(len(failures), 1, retried.stderr)
                self.assertRegex(failures[0],
                                 r"^failed: .*retried\.jsonl:8: INVALID_ARGUMENT article\.url: ")
                self.assertNotIn("RESOURCE_EXHAUSTED", retried.stderr)
                labels = [entry["label"] for entry in acked]
                self.assertEqual(len(labels), 49)
                self.assertEqual(set(labels), {f"{manifest}:{i}" for i in range(1, 51) if i != 8})
                self.assertEqual(len({entry["article_id"] for entry in acked}), 49)
        finally:
            ingest.send_signal(signal.SIGTERM)
            self.assertEqual(ingest.wait(timeout=30), 0)

    def test_metrics_and_health_endpoints(self):
        if not self.metrics_port:
            self.skipTest("newsflow-ingest did not report its metrics port")
        self.ingest_one("https://news.example.jp/metrics-check", "計測のための記事です。")
        base = f"http://127.0.0.1:{self.metrics_port}"
        with urllib.request.urlopen(base + "/healthz", timeout=10) as reply:
            self.assertEqual(reply.status, 200)
        with urllib.request.urlopen(base + "/readyz", timeout=10) as reply:
            self.assertEqual(reply.status, 200)
        with urllib.request.urlopen(base + "/metrics", timeout=10) as reply:
            metrics = reply.read().decode()
        self.assertIn('newsflow_build_info{component="ingest"', metrics)
        accepted = [line for line in metrics.splitlines()
                    if line.startswith("newsflow_ingest_articles_total") and 'outcome="accepted"' in line]
        self.assertTrue(accepted, metrics)
        self.assertGreaterEqual(float(accepted[0].split()[-1]), 1.0)

    def test_zz_sigterm_stops_services_cleanly(self):
        for process in (self.ingest, self.enricher):
            process.send_signal(signal.SIGTERM)
        for process in (self.ingest, self.enricher):
            self.assertEqual(process.wait(timeout=30), 0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
