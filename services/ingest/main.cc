// newsflow-ingest: wiring only (config, logging, producer, server, signals).
#include <signal.h>

#include <cstdio>
#include <iostream>

#include <absl/strings/str_join.h>

#include "newsflow/common/logging.h"
#include "newsflow/common/service_main.h"
#include "newsflow/kafka/producer.h"

#include "ingest_config.h"
#include "ingest_server.h"

namespace {

int Run(int argc, char** argv) {
  using namespace newsflow;  // NOLINT(google-build-using-namespace): main only
  int exit_code = 0;
  std::optional<ingest::IngestConfig> config = common::StartService<ingest::IngestConfig>(
      "newsflow-ingest", "ingest", argc, argv, ingest::LoadIngestConfig, &exit_code);
  if (!config.has_value()) return exit_code;
  auto log = common::Logger("ingest");
  // Signals are handled by sigwait(); block them before any thread starts.
  const sigset_t signals = common::BlockTerminationSignals();

  auto kafka_log = common::Logger("kafka");
  kafka::ProducerOptions producer_options;
  producer_options.bootstrap_servers = config->kafka_bootstrap_servers;
  producer_options.client_id = "newsflow-ingest";
  producer_options.delivery_timeout_ms = static_cast<int>(config->kafka_delivery_timeout_ms);
  producer_options.properties = config->kafka_properties;
  // librdkafka's own default (1 GiB) would let a slow broker take most of the pod's memory.
  producer_options.properties.try_emplace("queue.buffering.max.kbytes",
                                          std::to_string(config->producer_queue_bytes / 1024));
  // Each crawler's ack waits for Kafka's, so the batching delay is paid by every article:
  // 1 ms instead of the producer's 5 cut the p99 at 3,000/s from 11 to 4 ms and cost no
  // measurable throughput (docs/benchmarks-pipeline.md); batches still fill while requests
  // are in flight. kafka.properties.linger.ms overrides it.
  producer_options.properties.try_emplace("linger.ms", "1");
  producer_options.log_sink = [kafka_log](int level, std::string_view message) {
    kafka_log->log(level <= 3   ? spdlog::level::err
                   : level <= 4 ? spdlog::level::warn
                   : level <= 6 ? spdlog::level::info
                                : spdlog::level::debug,
                   "{}", message);
  };
  absl::StatusOr<std::unique_ptr<kafka::Producer>> producer =
      kafka::MakeKafkaProducer(producer_options);
  if (!producer.ok()) {
    log->critical("cannot create Kafka producer: {}", producer.status().ToString());
    return 1;
  }
  absl::StatusOr<std::unique_ptr<ingest::IngestServer>> server =
      ingest::IngestServer::Start(*config, **producer);
  if (!server.ok()) {
    log->critical("{}", server.status().ToString());
    return 1;
  }
  log->info("listening address={} port={} metrics_port={} topic={}", config->listen,
            (*server)->port(), (*server)->metrics_port(), config->topic_normalized);
  // Paths and counts only: token values are never logged.
  log->info("security tls={} mutual_tls={} auth_clients={} rate_limit_per_second={}",
            !config->tls_cert_file.empty(), !config->tls_client_ca_file.empty(),
            (*server)->auth_clients(), config->auth_rate_limit_per_second);
  if (config->tls_cert_file.empty() && (*server)->auth_clients() > 0) {
    log->warn("auth.tokens_file is set without TLS: bearer tokens cross the network in clear");
  }
  // Read by scripts and tests that start the server on port 0.
  std::printf("newsflow-ingest listening on port %d metrics %d\n", (*server)->port(),
              (*server)->metrics_port());
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  log->info("signal={} received: draining for up to {} ms", signal_number,
            config->shutdown_grace_ms);
  (*server)->Shutdown(std::chrono::milliseconds(config->shutdown_grace_ms));
  const auto& counters = (*server)->pipeline().counters();
  log->info("stopped published={} duplicates={} in_flight={}", counters.published.load(),
            counters.duplicates.load(), counters.in_flight.load());
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
