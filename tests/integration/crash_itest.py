#!/usr/bin/env python3
"""Crash test: nothing acknowledged is ever lost.

Runs the dev broker, newsflow-ingest and newsflow-enricher as real processes, pushes a bounded
stream of unique articles with `newsflow push --checkpoint` (which records every article the
server acknowledged), and kills ingest (and, every few cycles, the enricher) with SIGKILL at a
random moment of each push, restarting them each time. At the end every acknowledged article id
must be in the normalized topic and, once the enricher has caught up, in the enriched topic; a
duplicate record is allowed only with the same key (at-least-once) and the same content hash.

With --delivery-mode exactly_once the enricher runs one Kafka transaction per batch. The dev
broker stores no transactional offsets and hides no aborted records (docs/reliability.md), so
there every enricher restart consumes the input from the start again: the run checks that nothing
is lost and that the transactional path survives SIGKILL and restarts under the same
transactional.id, and reports the duplicates it sees rather than failing on them.

  crash_itest.py --build-dir BUILD [--cycles 20] [--articles-per-cycle 150] [--seed N]
                 [--delivery-mode at_least_once|exactly_once]
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

from process_util import read_file, wait_for

ARGS = None


class Cluster:
    """The processes under test; every one started here is stopped here, by its PID."""

    def __init__(self, work, build):
        self.work = work
        self.build = build
        self.cli = os.path.join(build, "services/newsflow/newsflow")
        self.processes = {}
        self.starts = {"ingest": 0, "enricher": 0}
        out = os.path.join(work, "broker.out")
        self.processes["broker"] = self._spawn(
            [self.cli, "dev-broker", "--bootstrap-file", os.path.join(work, "bootstrap")], out)
        self.bootstrap = wait_for(lambda: read_file(os.path.join(work, "bootstrap")).strip(), 20,
                                  "the dev broker")
        self.port = None

    def _spawn(self, command, out_path):
        with open(out_path, "w") as out, open(out_path + ".log", "a") as err:
            return subprocess.Popen(command, stdout=out, stderr=err)

    def start_ingest(self):
        self.starts["ingest"] += 1
        out = os.path.join(self.work, f"ingest{self.starts['ingest']}.out")
        self.processes["ingest"] = self._spawn(
            [os.path.join(self.build, "services/ingest/newsflow-ingest"), "--listen",
             "127.0.0.1:0", "--metrics.listen", "127.0.0.1:0", "--kafka.bootstrap_servers",
             self.bootstrap, "--kafka.delivery_timeout_ms", "10000"], out)
        line = wait_for(lambda: [l for l in read_file(out).splitlines()
                                 if "listening on port" in l], 30, "newsflow-ingest")[0]
        words = line.split()
        self.port = int(words[words.index("port") + 1])

    def start_enricher(self):
        self.starts["enricher"] += 1
        out = os.path.join(self.work, f"enricher{self.starts['enricher']}.out")
        # A short session timeout lets the group drop a killed member quickly.
        self.processes["enricher"] = self._spawn(
            [os.path.join(self.build, "services/enricher/newsflow-enricher"), "--metrics.listen",
             "127.0.0.1:0", "--kafka.bootstrap_servers", self.bootstrap,
             "--kafka.properties.session.timeout.ms=6000",
             "--kafka.properties.heartbeat.interval.ms=500",
             "--delivery.mode", ARGS.delivery_mode], out)
        wait_for(lambda: f"delivery_mode={ARGS.delivery_mode}" in read_file(out + ".log"), 60,
                 "newsflow-enricher")

    def kill(self, name):
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()

    def stop_all(self):
        for name in ("ingest", "enricher", "broker"):
            process = self.processes.pop(name, None)
            if process is None or process.poll() is not None:
                continue
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def write_batch(path, cycle, count, rng):
    paragraphs = [
        "ロシアのプーチン大統領は{n}日、北朝鮮の金正恩総書記と平壌で会談した。",
        "両首脳は相互支援を約束する条約に署名したと国営通信が伝えた。番号{n}。",
        "The agreement was signed on day {n}, officials in Moscow said on Wednesday.",
    ]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            n = cycle * 100000 + i
            text = "\n".join(p.format(n=n) for p in rng.sample(paragraphs, 3))
            f.write(json.dumps({"url": f"https://crash.example.jp/c{cycle}/a{i}",
                                "body": text, "content_type": "text"}, ensure_ascii=False))
            f.write("\n")


def topic_records(cluster, topic):
    """(key, value bytes) of every record of a topic, read with newsflow tail as JSON."""
    result = subprocess.run(
        [cluster.cli, "tail", topic, "-b", cluster.bootstrap, "--from-beginning",
         "--idle-timeout-ms", "4000"], capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    records = []
    for line in result.stdout.splitlines():
        record = json.loads(line)
        records.append((record["key"], record["value"]))
    return records


def main():
    rng = random.Random(ARGS.seed)
    work = tempfile.mkdtemp(prefix="newsflow-crash-")
    cluster = Cluster(work, ARGS.build_dir)
    checkpoint = os.path.join(work, "acked.jsonl")
    kills = {"ingest": 0, "enricher": 0}
    try:
        cluster.start_ingest()
        cluster.start_enricher()
        for cycle in range(ARGS.cycles):
            batch = os.path.join(work, f"batch{cycle}.jsonl")
            write_batch(batch, cycle, ARGS.articles_per_cycle, rng)
            with open(os.path.join(work, f"push{cycle}.log"), "w") as log:
                push = subprocess.Popen(
                    [cluster.cli, "push", "--server", f"127.0.0.1:{cluster.port}", "--quiet",
                     "--retries", "0", "--checkpoint", checkpoint, batch],
                    stdout=log, stderr=log)
                # Kill ingest at a random moment of the push (sometimes before any ack).
                time.sleep(rng.uniform(0.0, 0.6))
                cluster.kill("ingest")
                kills["ingest"] += 1
                if cycle % 4 == 3:
                    cluster.kill("enricher")
                    kills["enricher"] += 1
                push.wait(timeout=120)
            cluster.start_ingest()
            if "enricher" not in cluster.processes:
                cluster.start_enricher()
            # Resume the same batch: the checkpoint skips what was acked, the rest is retried.
            subprocess.run([cluster.cli, "push", "--server", f"127.0.0.1:{cluster.port}",
                            "--quiet", "--checkpoint", checkpoint, batch],
                           capture_output=True, timeout=120, check=True)

        with open(checkpoint, encoding="utf-8") as f:
            acked = {json.loads(line)["article_id"] for line in f}
        expected = ARGS.cycles * ARGS.articles_per_cycle
        if len(acked) != expected:
            print(f"FAIL: {len(acked)} distinct articles acked, expected {expected}")
            return 1

        normalized = topic_records(cluster, "newsflow.articles.normalized.v1")
        normalized_keys = {key for key, _ in normalized}
        missing = acked - normalized_keys
        if missing:
            print(f"FAIL: {len(missing)} acked articles missing from the normalized topic, "
                  f"e.g. {sorted(missing)[:3]}")
            return 1

        def enriched_keys():
            records = topic_records(cluster, "newsflow.articles.enriched.v1")
            keys = {key for key, _ in records}
            return records if acked <= keys else None
        enriched = wait_for(enriched_keys, 240, "the enricher to catch up")
        hashes = {}
        for key, value in enriched:
            content_hash = value["article"]["content_hash"]
            if hashes.setdefault(key, content_hash) != content_hash:
                print(f"FAIL: enriched duplicates of {key} differ in content")
                return 1
        copies = {}
        for key, _ in enriched:
            copies[key] = copies.get(key, 0) + 1
        duplicated = sum(1 for n in copies.values() if n > 1)
        print(f"crash test ({ARGS.delivery_mode}): {ARGS.cycles} cycles, "
              f"{kills['ingest']} ingest and "
              f"{kills['enricher']} enricher SIGKILLs; {len(acked)} acked, "
              f"{len(acked & normalized_keys)} found normalized ({len(normalized)} records), "
              f"{len(acked & {k for k, _ in enriched})} found enriched ({len(enriched)} records, "
              f"{duplicated} keys more than once)")
        return 0
    finally:
        cluster.stop_all()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--articles-per-cycle", type=int, default=150)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--delivery-mode", choices=("at_least_once", "exactly_once"),
                        default="at_least_once")
    ARGS = parser.parse_args()
    sys.exit(main())
