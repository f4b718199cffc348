#include "enricher_config.h"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

namespace newsflow::enricher {

std::string DefaultDataDir() {
#ifdef NEWSFLOW_SOURCE_DATA_DIR
  if (std::filesystem::exists(NEWSFLOW_SOURCE_DATA_DIR)) return NEWSFLOW_SOURCE_DATA_DIR;
#endif
  return "/usr/share/newsflow/data";
}

std::string DefaultTransactionalId(const std::string& group_id, const std::string& host) {
  return fmt::format("{}-{}", group_id, host);
}

namespace {

std::string HostName(const common::Environment& env) {
  if (auto it = env.find("HOSTNAME"); it != env.end() && !it->second.empty()) return it->second;
  char name[256] = "";
  if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

}  // namespace

absl::StatusOr<EnricherConfig> LoadEnricherConfig(const std::vector<std::string>& args,
                                                  const common::Environment& env, std::string* out,
                                                  bool* exit_requested) {
  EnricherConfig config;
  config.data_dir = DefaultDataDir();
  common::ConfigSchema schema(
      "newsflow-enricher",
      "consumes normalized articles, adds language, entities and source metadata, publishes "
      "enriched articles and commits offsets only after Kafka acknowledged them");
  schema.AddString("metrics.listen", &config.metrics_listen,
                   "HTTP address for /metrics, /healthz and /readyz (empty = disabled)");
  schema.AddString("kafka.bootstrap_servers", &config.kafka_bootstrap_servers,
                   "Kafka bootstrap servers");
  schema.AddString("kafka.group_id", &config.kafka_group_id,
                   "consumer group shared by all enricher replicas");
  schema.AddStringMap("kafka.properties", &config.kafka_properties,
                      "librdkafka properties passed verbatim to the consumer and the producer");
  schema.AddInt("kafka.delivery_timeout_ms", &config.kafka_delivery_timeout_ms,
                "how long Kafka may take to acknowledge an output record", 100, 600'000);
  schema.AddString("delivery.mode", &config.delivery_mode_name,
                   "at_least_once (offsets committed after the output is acknowledged) or "
                   "exactly_once (one Kafka transaction per batch; needs a broker with "
                   "transactions, see docs/reliability.md)");
  schema.AddString("kafka.transactional_id", &config.kafka_transactional_id,
                   "exactly_once: transactional.id of this replica (empty = "
                   "<kafka.group_id>-<host name>)");
  schema.AddString("topics.normalized", &config.topic_normalized, "input topic");
  schema.AddString("topics.enriched", &config.topic_enriched, "output topic");
  schema.AddString("topics.dlq", &config.topic_dlq, "dead-letter topic for unprocessable records");
  schema.AddString("topics.enriched_json", &config.topic_enriched_json,
                   "optional JSON mirror of the enriched topic (same keys; empty = off)");
  schema.AddString("data_dir", &config.data_dir,
                   "folder with entities/ (NER models, aliases) and sources/ (registry)");
  schema.AddString("mecab.dicdir", &config.mecab_dicdir,
                   "MeCab dictionary folder (empty = the system's mecab-ipadic-utf8)");
  schema.AddInt("workers", &config.workers, "threads enriching records in parallel", 1, 256);
  schema.AddInt("batch.max_records", &config.batch_max_records,
                "records enriched and committed together", 1, 100'000);
  schema.AddInt("batch.max_wait_ms", &config.batch_max_wait_ms,
                "longest wait for a batch to fill once it has a record", 0, 60'000);
  schema.AddInt("shutdown.grace_ms", &config.shutdown_grace_ms,
                "on SIGTERM: time to finish the current batch and commit before exiting", 0,
                600'000);
  schema.AddString("log.level", &config.log_level, "trace, debug, info, warn, error");
  schema.AddString("log.format", &config.log_format, "text or json");
  if (absl::Status status = schema.Load(args, env, out, exit_requested); !status.ok()) {
    return status;
  }
  if (config.delivery_mode_name == "at_least_once") {
    config.delivery_mode = DeliveryMode::kAtLeastOnce;
  } else if (config.delivery_mode_name == "exactly_once") {
    config.delivery_mode = DeliveryMode::kExactlyOnce;
  } else {
    return absl::InvalidArgumentError(
        fmt::format("delivery.mode: must be \"at_least_once\" or \"exactly_once\" (got \"{}\")",
                    config.delivery_mode_name));
  }
  if (config.kafka_transactional_id.empty()) {
    config.kafka_transactional_id = DefaultTransactionalId(config.kafka_group_id, HostName(env));
  }
  config.description = schema.Describe();
  return config;
}

}  // namespace newsflow::enricher
