#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "newsflow/common/config.h"

namespace newsflow::ingest {

/// Every setting of newsflow-ingest; defaults here, documented by --help.
struct IngestConfig {
  std::string listen = "127.0.0.1:50051";
  std::string metrics_listen = "127.0.0.1:9464";
  std::string kafka_bootstrap_servers = "127.0.0.1:9092";
  std::map<std::string, std::string> kafka_properties;
  int64_t kafka_delivery_timeout_ms = 30'000;
  std::string topic_normalized = "newsflow.articles.normalized.v1";
  int64_t max_body_bytes = 16 << 20;
  int64_t max_url_bytes = 4096;
  int64_t max_in_flight = 20'000;
  int64_t max_in_flight_per_stream = 1024;
  /// Bytes of records the Kafka producer may hold (librdkafka queue.buffering.max.kbytes).
  int64_t producer_queue_bytes = 256 << 20;
  /// Concurrent calls per client connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS).
  int64_t max_concurrent_calls_per_connection = 100;
  /// Memory gRPC may use for connections and received messages (its resource quota).
  int64_t grpc_memory_bytes = 1 << 30;
  int64_t dedup_capacity = 1'000'000;
  int64_t near_duplicate_distance = 3;
  int64_t shutdown_grace_ms = 10'000;
  /// TLS on the gRPC port (empty cert = plaintext); client_ca set = mutual TLS.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  /// `client_name token [ingest|read-only]` lines; empty = no authentication.
  std::string auth_tokens_file;
  /// Articles per second per client (burst twice that); 0 = unlimited.
  int64_t auth_rate_limit_per_second = 0;
  std::string log_level = "info";
  std::string log_format = "text";
  /// Lines describing the loaded configuration (secrets masked), for the start-up log.
  std::vector<std::string> description;
};

/// Loads the configuration from flags (`args` without the program name), the environment and
/// the YAML file. INVALID_ARGUMENT lists every bad key. Sets `*exit_requested` (with `*out`
/// holding the text to print) for --help and --version.
absl::StatusOr<IngestConfig> LoadIngestConfig(const std::vector<std::string>& args,
                                              const common::Environment& env, std::string* out,
                                              bool* exit_requested);

}  // namespace newsflow::ingest
