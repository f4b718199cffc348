#include "ingest_config.h"

namespace newsflow::ingest {

absl::StatusOr<IngestConfig> LoadIngestConfig(const std::vector<std::string>& args,
                                              const common::Environment& env, std::string* out,
                                              bool* exit_requested) {
  IngestConfig config;
  common::ConfigSchema schema("newsflow-ingest",
                              "gRPC ingest: validates and normalizes articles and publishes them "
                              "to Kafka, acknowledging only after Kafka did");
  schema.AddString("listen", &config.listen, "gRPC listen address (host:port; port 0 = any free)");
  schema.AddString("metrics.listen", &config.metrics_listen,
                   "HTTP address for /metrics, /healthz and /readyz (empty = disabled)");
  schema.AddString("kafka.bootstrap_servers", &config.kafka_bootstrap_servers,
                   "Kafka bootstrap servers");
  schema.AddStringMap("kafka.properties", &config.kafka_properties,
                      "librdkafka properties passed verbatim (security.protocol, sasl.*, ssl.*, "
                      "linger.ms, compression.type, ...)");
  schema.AddInt("kafka.delivery_timeout_ms", &config.kafka_delivery_timeout_ms,
                "how long Kafka may take to acknowledge an article before the crawler gets "
                "UNAVAILABLE",
                100, 600'000);
  schema.AddString("topics.normalized", &config.topic_normalized, "topic for normalized articles");
  schema.AddInt("limits.max_body_bytes", &config.max_body_bytes,
                "largest accepted article body in bytes", 1, 256 << 20);
  schema.AddInt("limits.max_url_bytes", &config.max_url_bytes, "longest accepted URL in bytes", 16,
                65'536);
  schema.AddInt("limits.max_in_flight", &config.max_in_flight,
                "articles awaiting Kafka's ack across all calls; beyond it RESOURCE_EXHAUSTED", 1,
                10'000'000);
  schema.AddInt("limits.max_in_flight_per_stream", &config.max_in_flight_per_stream,
                "unanswered articles per IngestStream before reading pauses", 1, 1'000'000);
  schema.AddInt("limits.producer_queue_bytes", &config.producer_queue_bytes,
                "bytes of normalized records the Kafka producer may hold awaiting the broker; "
                "beyond it RESOURCE_EXHAUSTED (kafka.properties.queue.buffering.max.kbytes "
                "overrides it)",
                1 << 20, int64_t{2047} << 30);
  schema.AddInt("limits.max_concurrent_calls_per_connection",
                &config.max_concurrent_calls_per_connection,
                "calls one client connection may have open at once (HTTP/2 "
                "max_concurrent_streams); more wait in the client",
                1, 1'000'000);
  schema.AddInt("limits.grpc_memory_bytes", &config.grpc_memory_bytes,
                "memory gRPC may use for connections and received messages (its resource "
                "quota); a backstop well above the other limits: when reached, gRPC resets "
                "calls (RESOURCE_EXHAUSTED without retry advice)",
                16 << 20, int64_t{1} << 40);
  schema.AddInt("dedup.capacity", &config.dedup_capacity,
                "articles remembered to answer duplicates (per replica)", 1, 100'000'000);
  schema.AddInt("dedup.near_duplicate_distance", &config.near_duplicate_distance,
                "SimHash Hamming distance at or below which texts are near-duplicates", 0, 32);
  schema.AddInt("shutdown.grace_ms", &config.shutdown_grace_ms,
                "on SIGTERM: time to finish in-flight calls and flush Kafka before exiting", 0,
                600'000);
  schema.AddString("tls.cert_file", &config.tls_cert_file,
                   "PEM certificate chain of the gRPC port; set = TLS (empty = plaintext)");
  schema.AddString("tls.key_file", &config.tls_key_file,
                   "PEM private key of tls.cert_file (read from the file, never logged)");
  schema.AddString("tls.client_ca_file", &config.tls_client_ca_file,
                   "PEM CA bundle; set = mutual TLS: clients must present a certificate it "
                   "signed");
  schema.AddString("auth.tokens_file", &config.auth_tokens_file,
                   "file of `client_name token [ingest|read-only]` lines; set = every Ingest "
                   "call needs `authorization: Bearer <token>` (health and reflection stay open)");
  schema.AddInt("auth.rate_limit_per_second", &config.auth_rate_limit_per_second,
                "articles per second per client (token bucket, burst twice the rate; 0 = off); "
                "beyond it RESOURCE_EXHAUSTED with RetryInfo",
                0, 10'000'000);
  schema.AddString("log.level", &config.log_level, "trace, debug, info, warn, error");
  schema.AddString("log.format", &config.log_format, "text or json");
  if (absl::Status status = schema.Load(args, env, out, exit_requested); !status.ok()) {
    return status;
  }
  config.description = schema.Describe();
  return config;
}

}  // namespace newsflow::ingest
