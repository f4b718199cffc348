#!/usr/bin/python3
"""Overload test: a flood never grows the server's memory without bound and never loses an answer.

Runs `newsflow dev-broker` slowed by an injected round-trip time and `newsflow-ingest` with small
limits as separate processes, then floods the server with concurrent streams and unary calls
carrying large bodies (256 KiB to 1 MiB, and some seed-sized ones), far faster than the broker
acknowledges. Checks:
  * the server's peak RSS (VmHWM of its own process) stays under a bound derived from the limits,
  * every request sent got an answer: OK, or RESOURCE_EXHAUSTED / UNAVAILABLE carrying RetryInfo;
    nothing else, no call left hanging,
  * every article answered OK is in the normalized topic,
  * after the flood the server answers normally, a call whose client deadline is shorter than the
    broker's round trip ends DEADLINE_EXCEEDED, and the in-flight gauge returns to 0.
Prints the figures docs/reliability.md quotes. Every process started here is stopped here, by PID.

  overload_itest.py --build-dir BUILD --source-dir SOURCE [--flood-seconds 20]
"""
import argparse
import collections
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from process_util import read_file, wait_for

ARGS = None
MIB = 1 << 20

# Deliberately small limits, so the flood reaches every one of them.
MAX_BODY_BYTES = MIB + 64 * 1024
MAX_IN_FLIGHT = 16
MAX_IN_FLIGHT_PER_STREAM = 8
PRODUCER_QUEUE_BYTES = 8 * MIB
MAX_CALLS_PER_CONNECTION = 4
BROKER_RTT_MS = 400

# Codes a client may get under overload: both are retryable and must carry RetryInfo.
RETRYABLE = {"RESOURCE_EXHAUSTED", "UNAVAILABLE"}


def status_rss_kib(pid, field):
    """VmRSS or VmHWM of a process in KiB."""
    match = re.search(rf"^{field}:\s+(\d+) kB", read_file(f"/proc/{pid}/status"), re.M)
    return int(match.group(1)) if match else 0


def metric(metrics_port, name):
    """The value of an unlabelled gauge or counter on the server's /metrics."""
    with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as r:
        text = r.read().decode()
    match = re.search(rf"^{name} (\S+)$", text, re.M)
    return float(match.group(1)) if match else None


def make_bodies():
    """Body templates: seed-sized, 256 KiB, 512 KiB and 1 MiB of text whose lines all differ (a
    repeated line would be dropped as boilerplate and shrink the record)."""
    sentences = ["ロシアのプーチン大統領は平壌で金正恩総書記と会談し、条約に署名した。",
                 "The agreement was signed on Wednesday, officials in Moscow said.",
                 "両首脳は相互支援を約束したと国営通信が伝えた。"]
    def text(size):
        lines, total, i = [], 0, 0
        while total < size:
            line = f"{sentences[i % 3]} 段落{i}。".encode()
            lines.append(line)
            total += len(line) + 1
            i += 1
        return b"\n".join(lines)[:size].rsplit(b"\n", 1)[0]
    return [text(1500), text(256 * 1024), text(512 * 1024), text(MIB - 4096)]


class Tally:
    """Requests sent and answers received by code, from every sender thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = 0
        self.answers = collections.Counter()
        self.acked_ids = set()
        self.problems = []

    def add_sent(self):
        with self.lock:
            self.sent += 1

    def add_answer(self, code, article_id=None, has_retry_info=True, message=""):
        with self.lock:
            self.answers[code] += 1
            if code == "OK":
                self.acked_ids.add(article_id)
            elif code not in RETRYABLE:
                self.problems.append(f"answer {code}: {message}")
            elif not has_retry_info:
                self.problems.append(f"{code} without RetryInfo: {message}")


class OverloadTest:
    def __init__(self):
        self.work = tempfile.mkdtemp(prefix="newsflow-overload-")
        self.processes = []
        self.cli = os.path.join(ARGS.build_dir, "services/newsflow/newsflow")

    def start(self, command, name):
        out = os.path.join(self.work, name + ".out")
        with open(out, "w") as stdout, open(out + ".log", "w") as stderr:
            self.processes.append(subprocess.Popen(command, stdout=stdout, stderr=stderr))
        return self.processes[-1], out

    def stop_all(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def generate_stubs(self):
        out = os.path.join(self.work, "py")
        os.makedirs(out)
        protos = ["google/rpc/status.proto", "google/rpc/error_details.proto",
                  "newsflow/v1/article.proto", "newsflow/v1/ingest.proto"]
        subprocess.run(["protoc", f"--proto_path={os.path.join(ARGS.source_dir, 'proto')}",
                        f"--python_out={out}", f"--grpc_out={out}",
                        "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin"] + protos,
                       check=True)
        sys.path.insert(0, out)

    def start_processes(self):
        bootstrap_file = os.path.join(self.work, "bootstrap")
        # The dev broker keeps about 5 MiB of (compressed) records per partition and drops the
        # oldest beyond; 16 partitions hold several times what the flood gets acknowledged.
        self.start([self.cli, "dev-broker", "--rtt-ms", str(BROKER_RTT_MS), "--partitions", "16",
                    "--bootstrap-file", bootstrap_file], "broker")
        self.bootstrap = wait_for(lambda: read_file(bootstrap_file).strip(), 20, "the dev broker")
        self.ingest, out = self.start(
            [os.path.join(ARGS.build_dir, "services/ingest/newsflow-ingest"),
             "--listen", "127.0.0.1:0", "--metrics.listen", "127.0.0.1:0",
             "--kafka.bootstrap_servers", self.bootstrap,
             "--kafka.delivery_timeout_ms", "20000",
             "--limits.max_body_bytes", str(MAX_BODY_BYTES),
             "--limits.max_in_flight", str(MAX_IN_FLIGHT),
             "--limits.max_in_flight_per_stream", str(MAX_IN_FLIGHT_PER_STREAM),
             "--limits.producer_queue_bytes", str(PRODUCER_QUEUE_BYTES),
             "--limits.max_concurrent_calls_per_connection", str(MAX_CALLS_PER_CONNECTION),
             # A normalized 1 MiB body is a record over librdkafka's default 1 MB limit.
             f"--kafka.properties.message.max.bytes={2 * MIB}"], "ingest")
        line = wait_for(lambda: [l for l in read_file(out).splitlines()
                                 if "listening on port" in l], 30, "newsflow-ingest")[0]
        words = line.split()
        self.port = int(words[words.index("port") + 1])
        self.metrics_port = int(words[words.index("metrics") + 1])

    # --- senders -------------------------------------------------------------------------------

    def article(self, name, body):
        from newsflow.v1 import article_pb2
        # The first line makes each body's content (and so its content hash) unique.
        return article_pb2.RawArticle(
            url=f"https://flood.example.jp/{name}",
            body=f"記事 {name} の本文。\n".encode() + body,
            content_type=article_pb2.CONTENT_TYPE_TEXT)

    @staticmethod
    def has_retry_info(status_proto):
        return any(d.type_url.endswith("google.rpc.RetryInfo") for d in status_proto.details)

    def stream_sender(self, index, stub, bodies, stop_at, tally):
        import grpc
        from newsflow.v1 import ingest_pb2

        def requests():
            sequence = 0
            while time.monotonic() < stop_at:
                body = bodies[(index + sequence) % len(bodies)]
                yield ingest_pb2.IngestStreamRequest(
                    sequence=sequence, article=self.article(f"s{index}/{sequence}", body))
                tally.add_sent()
                sequence += 1
        try:
            for response in stub.IngestStream(requests(), timeout=ARGS.answer_timeout):
                code = grpc.StatusCode(
                    next(c for c in grpc.StatusCode if c.value[0] == response.status.code)).name
                tally.add_answer(code, response.result.article_id,
                                 self.has_retry_info(response.status), response.status.message)
        except grpc.RpcError as error:
            with tally.lock:
                tally.problems.append(f"stream {index} ended {error.code().name}: "
                                      f"{error.details()}")

    def unary_sender(self, index, stub, bodies, stop_at, tally, outstanding):
        import grpc
        from google.rpc import status_pb2
        from newsflow.v1 import ingest_pb2
        slots = threading.Semaphore(outstanding)
        pending = []

        def answered(future):
            slots.release()
            error = future.exception()
            if error is None:
                tally.add_answer("OK", future.result().article_id)
                return
            details = dict(error.trailing_metadata() or ()).get("grpc-status-details-bin")
            status = status_pb2.Status.FromString(details) if details else status_pb2.Status()
            tally.add_answer(error.code().name, None, self.has_retry_info(status),
                             error.details())

        n = 0
        while time.monotonic() < stop_at:
            slots.acquire()
            body = bodies[(index + n) % len(bodies)]
            future = stub.Ingest.future(
                ingest_pb2.IngestRequest(article=self.article(f"u{index}/{n}", body)),
                timeout=ARGS.answer_timeout)
            tally.add_sent()
            future.add_done_callback(answered)
            pending.append(future)
            n += 1
        for future in pending:
            future.exception()  # waits; the callback counts the answer

    # --- checks --------------------------------------------------------------------------------

    def normalized_keys(self):
        # Large fetches: each one costs a broker round trip.
        result = subprocess.run(
            ["kcat", "-b", self.bootstrap, "-C", "-t", "newsflow.articles.normalized.v1", "-o",
             "beginning", "-e", "-q", "-X", f"fetch.message.max.bytes={64 * MIB}", "-X",
             f"fetch.max.bytes={256 * MIB}", "-X", f"receive.message.max.bytes={300 * MIB}",
             "-f", "%k\n"], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise AssertionError(result.stderr)
        return set(result.stdout.split())

    def run(self):
        import grpc
        self.generate_stubs()
        from newsflow.v1 import ingest_pb2, ingest_pb2_grpc
        self.start_processes()
        bodies = make_bodies()
        options = [("grpc.max_send_message_length", 4 * MIB)]
        # One connection per sender: the calls-per-connection limit applies to each.
        senders = ARGS.streams + ARGS.unary_senders
        channels = [grpc.insecure_channel(f"127.0.0.1:{self.port}", options=options)
                    for _ in range(senders)]
        stubs = [ingest_pb2_grpc.IngestServiceStub(c) for c in channels]

        # Warm up (one article through the whole path), then the baseline the bound starts from.
        warm = stubs[0].Ingest(ingest_pb2.IngestRequest(article=self.article("warm", bodies[0])),
                               timeout=60)
        assert warm.article_id
        baseline_kib = status_rss_kib(self.ingest.pid, "VmRSS")

        tally = Tally()
        samples = []
        stop_at = time.monotonic() + ARGS.flood_seconds
        threads = [threading.Thread(target=self.stream_sender,
                                    args=(i, stubs[i], bodies, stop_at, tally))
                   for i in range(ARGS.streams)]
        threads += [threading.Thread(target=self.unary_sender,
                                     args=(i, stubs[ARGS.streams + i], bodies, stop_at, tally, 8))
                    for i in range(ARGS.unary_senders)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            samples.append(status_rss_kib(self.ingest.pid, "VmRSS"))
            time.sleep(0.1)
        for thread in threads:
            thread.join()
        flood_seconds = time.monotonic() - started
        peak_kib = status_rss_kib(self.ingest.pid, "VmHWM")

        failures = list(tally.problems)
        answered = sum(tally.answers.values())
        if answered != tally.sent:
            failures.append(f"{tally.sent} requests sent, {answered} answered")

        # Bound (docs/reliability.md, "Overload"):
        #   baseline RSS after warm-up
        #   + 2 x producer_queue_bytes: librdkafka's queued records, plus the batches it
        #     compresses and sends
        #   + max_in_flight x 4 KiB: each article awaiting the broker's ack (response, key,
        #     callbacks; its record is in the producer queue)
        #   + (connections x max_concurrent_calls_per_connection + 2 x cores) x 2 x max_message:
        #     every open call holds at most one request being received or handled, twice (the
        #     received bytes and the parsed message); each handler thread normalizing one holds
        #     about as much again (decoded text, cleaned text, serialized record)
        max_message = MAX_BODY_BYTES + 64 * 1024
        connections = len(channels)
        calls = connections * MAX_CALLS_PER_CONNECTION + 2 * os.cpu_count()
        bound_kib = (baseline_kib * 1024 + 2 * PRODUCER_QUEUE_BYTES + MAX_IN_FLIGHT * 4096 +
                     calls * 2 * max_message) // 1024
        if ARGS.sanitized:
            pass  # ASan's shadow memory and quarantine are outside any bound of the server's own
        elif peak_kib > bound_kib:
            failures.append(f"peak RSS {peak_kib} KiB over the bound {bound_kib} KiB")

        # Every article answered OK is in the normalized topic.
        missing = tally.acked_ids - self.normalized_keys()
        if missing:
            time.sleep(2)
            missing = tally.acked_ids - self.normalized_keys()
        if missing:
            failures.append(f"{len(missing)} acked articles missing from the normalized topic, "
                            f"e.g. {sorted(missing)[:3]}")

        # The server still answers normally.
        after = stubs[0].Ingest(
            ingest_pb2.IngestRequest(article=self.article("after", bodies[0])), timeout=60)
        if not after.article_id:
            failures.append("no answer after the flood")

        # A client deadline shorter than the broker's round trip: DEADLINE_EXCEEDED, promptly,
        # and the server's slot is released once the broker answers.
        began = time.monotonic()
        try:
            stubs[0].Ingest(ingest_pb2.IngestRequest(article=self.article("deadline", bodies[1])),
                            timeout=BROKER_RTT_MS / 4000)
            failures.append("a call with a deadline shorter than the broker's RTT succeeded")
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
                failures.append(f"short deadline answered {error.code().name}")
        deadline_seconds = time.monotonic() - began
        if deadline_seconds > 10:
            failures.append(f"short deadline took {deadline_seconds:.1f} s to expire")
        try:
            wait_for(lambda: metric(self.metrics_port, "newsflow_ingest_in_flight") == 0, 30,
                     "the in-flight gauge to return to 0")
        except AssertionError as error:
            failures.append(str(error))

        for channel in channels:
            channel.close()
        codes = ", ".join(f"{code} {n}" for code, n in sorted(tally.answers.items()))
        print(f"overload: {ARGS.streams} streams + {ARGS.unary_senders} unary senders for "
              f"{flood_seconds:.1f} s; sent {tally.sent}, answered {answered} ({codes}); "
              f"{len(tally.acked_ids)} acked all found in the topic: {not missing}; "
              f"RSS baseline {baseline_kib // 1024} MiB, peak {peak_kib // 1024} MiB, "
              f"bound {bound_kib // 1024} MiB; deadline call ended after "
              f"{deadline_seconds * 1000:.0f} ms")
        quarter = max(1, len(samples) // 4)
        print("RSS MiB by quarter of the flood:",
              [max(samples[i:i + quarter]) // 1024 for i in range(0, len(samples), quarter)])
        for failure in failures[:20]:
            print("FAIL:", failure)
        return 1 if failures else 0


def main():
    test = OverloadTest()
    try:
        return test.run()
    finally:
        test.stop_all()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--flood-seconds", type=float, default=20)
    parser.add_argument("--sanitized", action="store_true",
                        help="ASan build: memory is not bounded by the server's limits")
    parser.add_argument("--streams", type=int, default=8)
    parser.add_argument("--unary-senders", type=int, default=6)
    parser.add_argument("--answer-timeout", type=float, default=90)
    ARGS = parser.parse_args()
    sys.exit(main())
