// newsflow: the command-line tool (push, tail, extract, enrich, dev-broker).
#include <unistd.h>

#include <iostream>

#include <CLI/CLI.hpp>

#include "newsflow/common/config.h"

#include "commands.h"
#include "extract_command.h"

int main(int argc, char** argv) {
  using namespace newsflow::cli;  // NOLINT(google-build-using-namespace): main only
  CLI::App app{
      "newsflow: push articles to newsflow-ingest, read its Kafka topics, run the "
      "extraction and enrichment offline, or start a development broker"};
  app.set_version_flag("--version", std::string(newsflow::common::NewsflowVersion()));
  app.require_subcommand(1);

  PushArgs push;
  CLI::App* push_cmd = app.add_subcommand(
      "push", "stream articles (files, folders, JSON Lines) to newsflow-ingest over IngestStream");
  push_cmd
      ->add_option("paths", push.paths,
                   ".html/.htm (HTML), .txt (text), .jsonl (one article per line) files or "
                   "folders")
      ->required();
  push_cmd->add_option("--server", push.server, "ingest address host:port")
      ->capture_default_str()
      ->envname("NEWSFLOW_SERVER");
  push_cmd
      ->add_option("--base-url", push.base_url,
                   "URL prefix for files pushed without a URL (file name appended)")
      ->capture_default_str();
  push_cmd->add_option("--charset", push.charset, "charset hint for every file");
  push_cmd->add_option("--concurrency", push.concurrency, "articles in flight")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  push_cmd
      ->add_option("--articles-per-request", push.articles_per_request,
                   "articles sent in one request (at most --concurrency)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  push_cmd
      ->add_option("--max-request-bytes", push.max_request_bytes,
                   "size a request grows to at most (a larger article goes alone); keep it "
                   "under the server's limits.max_body_bytes + 64 KiB")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1024}, int64_t{1} << 30));
  push_cmd->add_option("--retries", push.retries, "retries of retryable failures per article")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  push_cmd->add_option("--deadline-ms", push.deadline_ms, "deadline of the whole stream")
      ->capture_default_str();
  push_cmd->add_flag("--quiet", push.quiet, "print only the summary");
  push_cmd->add_option("--rate", push.rate, "articles per second (0 = as fast as acks allow)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  push_cmd->add_option("--checkpoint", push.checkpoint,
                       "JSON Lines file of acked inputs: skip those, append new acks (resume)");
  push_cmd->add_flag("--tls", push.tls, "connect with TLS (implied by --tls-ca and --tls-cert)");
  push_cmd->add_option("--tls-ca", push.tls_ca,
                       "PEM CA certificate(s) to verify the server with (default: system roots)");
  auto* tls_cert = push_cmd->add_option("--tls-cert", push.tls_cert,
                                        "PEM client certificate chain for mutual TLS");
  auto* tls_key = push_cmd->add_option("--tls-key", push.tls_key, "PEM key of --tls-cert");
  tls_cert->needs(tls_key);
  tls_key->needs(tls_cert);
  push_cmd
      ->add_option("--token", push.token,
                   "bearer token sent as `authorization: Bearer <token>` (prefer the "
                   "environment variable: a flag shows in the process list)")
      ->envname("NEWSFLOW_TOKEN");

  TailArgs tail;
  CLI::App* tail_cmd =
      app.add_subcommand("tail", "print a newsflow topic's records as JSON (one per line)");
  tail_cmd->add_option("topic", tail.topic, "topic name")->required();
  tail_cmd->add_option("-b,--bootstrap-servers", tail.bootstrap_servers, "Kafka bootstrap servers")
      ->capture_default_str()
      ->envname("NEWSFLOW_KAFKA_BOOTSTRAP_SERVERS");
  tail_cmd->add_flag("--from-beginning", tail.from_beginning, "start at the oldest record");
  tail_cmd->add_option("-n,--max", tail.max_records, "stop after this many records (0 = no limit)");
  tail_cmd->add_option("--idle-timeout-ms", tail.idle_timeout_ms,
                       "stop after this long without a record (0 = never)");
  tail_cmd->add_option("--format", tail.format, "json or summary")
      ->capture_default_str()
      ->check(CLI::IsMember({"json", "summary"}));
  tail_cmd->add_flag_callback(
      "--json", [&tail] { tail.format = "json"; }, "print records as JSON lines (the default)");
  tail_cmd->add_option("--lang", tail.filter.language,
                       "only enriched articles in this language (ISO 639-1)");
  tail_cmd->add_option("--entity", tail.filter.entity,
                       "only enriched articles mentioning this entity (canonical name, id or "
                       "surface)");
  tail_cmd->add_option("--source", tail.filter.source,
                       "only articles from this domain, host, publisher or wire agency");

  DevBrokerArgs broker;
  CLI::App* broker_cmd = app.add_subcommand(
      "dev-broker",
      "run an in-memory Kafka-protocol broker on 127.0.0.1 for development (no durability)");
  broker_cmd->add_option("--brokers", broker.brokers, "number of brokers")
      ->capture_default_str()
      ->check(CLI::Range(1, 9));
  broker_cmd->add_option("--partitions", broker.partitions, "partitions per topic")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  broker_cmd->add_option("--topics", broker.topics, "topics to create")->capture_default_str();
  broker_cmd->add_option("--bootstrap-file", broker.bootstrap_file,
                         "also write the bootstrap address to this file");
  broker_cmd
      ->add_option("--rtt-ms", broker.rtt_ms,
                   "delay every broker's responses by this many milliseconds (slow network)")
      ->capture_default_str()
      ->check(CLI::Range(0, 60'000));

  EnrichArgs enrich;
  CLI::App* enrich_cmd = app.add_subcommand(
      "enrich", "enrich JSON Lines offline ({id, text, url?} in; language, entities, source out)");
  enrich_cmd->add_option("input", enrich.input, "JSON Lines file, or - for stdin")
      ->capture_default_str();
  enrich_cmd->add_option("-o,--output", enrich.output, "output file (default stdout)");
  enrich_cmd->add_option("--data-dir", enrich.data_dir, "models and tables folder");
  enrich_cmd->add_option("--threads", enrich.threads, "worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));

  std::vector<std::string> extract_paths;
  std::string extract_output;
  CLI::App* extract_cmd = app.add_subcommand(
      "extract", "extract main text and metadata from raw pages offline (JSON Lines out)");
  extract_cmd->add_option("paths", extract_paths, "files or folders (.html, .htm, .txt, .gz)")
      ->required();
  extract_cmd->add_option("-o,--output", extract_output, "output file (default stdout)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  if (*push_cmd) return RunPush(push);
  if (*tail_cmd) return RunTail(tail);
  if (*broker_cmd) return RunDevBroker(broker);
  if (*enrich_cmd) return RunEnrich(enrich);
  if (*extract_cmd) {
    return newsflow::cli::RunExtractCommand(extract_paths, extract_output,
                                            isatty(STDERR_FILENO) != 0);
  }
  return kExitUsage;
}
