#!/usr/bin/python3
"""Reads newsflow.articles.enriched.v1 with confluent_kafka and prints one line per article.

The Protobuf classes are generated from proto/ with protoc into a temporary folder at start-up,
so the example always matches the schema of the checkout it runs from. Needs Debian's
python3-confluent-kafka, python3-protobuf and protobuf-compiler (scripts/bootstrap.sh).

  examples/python_consumer.py --bootstrap 127.0.0.1:9092 --from-beginning --max 5

Output, one line per record (tab-separated):
  <key>  lang=<code>(<confidence>)  source=<domain>|<publisher>|<kind>  entities=<name>;<name>...
Exits 0 after --max records, or when no record arrived for --idle-timeout seconds.
"""
import argparse
import importlib
import os
import re
import subprocess
import sys
import tempfile
import uuid

PROTO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "proto")


def generate_classes(work):
    """Runs protoc over proto/newsflow/v1 and imports the generated enriched_pb2."""
    protos = ["newsflow/v1/article.proto", "newsflow/v1/enriched.proto"]
    subprocess.run(["protoc", f"--proto_path={PROTO_DIR}", f"--python_out={work}", *protos],
                   check=True)
    sys.path.insert(0, work)
    return importlib.import_module("newsflow.v1.enriched_pb2")


def describe(key, enriched, enriched_pb2):
    language = enriched.language
    source = enriched.source
    kind = enriched_pb2.SourceKind.Name(source.kind).removeprefix("SOURCE_KIND_").lower()
    # Control characters escaped so that one record stays one line whatever the names contain.
    names = [re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], entity.canonical_name)
             for entity in enriched.entities]
    return "\t".join([
        key,
        f"lang={language.code}({language.confidence:.2f})",
        f"source={source.domain}|{source.publisher}|{kind}",
        "entities=" + ";".join(names),
    ])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", required=True, help="Kafka bootstrap.servers")
    parser.add_argument("--topic", default="newsflow.articles.enriched.v1")
    parser.add_argument("--max", type=int, default=0, help="stop after N records (0 = no limit)")
    parser.add_argument("--from-beginning", action="store_true",
                        help="read the topic from its first offset (default: only new records)")
    parser.add_argument("--group", default="",
                        help="consumer group (default: a fresh one, so nothing is shared)")
    parser.add_argument("--idle-timeout", type=float, default=30.0,
                        help="exit after this many seconds without a record")
    args = parser.parse_args()

    from confluent_kafka import Consumer, KafkaException

    with tempfile.TemporaryDirectory(prefix="newsflow-py-") as work:
        enriched_pb2 = generate_classes(work)
        consumer = Consumer({
            "bootstrap.servers": args.bootstrap,
            "group.id": args.group or f"newsflow-example-{uuid.uuid4().hex[:8]}",
            "auto.offset.reset": "earliest" if args.from_beginning else "latest",
            "enable.auto.commit": bool(args.group),
        })
        consumer.subscribe([args.topic])
        seen = 0
        idle = 0.0
        try:
            while (args.max == 0 or seen < args.max) and idle < args.idle_timeout:
                message = consumer.poll(0.5)
                if message is None:
                    idle += 0.5
                    continue
                if message.error():
                    if message.error().fatal():
                        raise KafkaException(message.error())
                    continue
                idle = 0.0
                enriched = enriched_pb2.EnrichedArticle()
                enriched.ParseFromString(message.value())
                key = (message.key() or b"").decode("utf-8", "replace")
                print(describe(key, enriched, enriched_pb2), flush=True)
                seen += 1
        except KeyboardInterrupt:
            pass
        finally:
            consumer.close()
    print(f"read {seen} records from {args.topic}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
