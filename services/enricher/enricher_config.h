#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "newsflow/common/config.h"

namespace newsflow::enricher {

/// How the output of a batch and the batch's consumed offsets reach Kafka.
enum class DeliveryMode {
  /// Output acknowledged, then offsets committed: a crash in between republishes the batch.
  kAtLeastOnce,
  /// One Kafka transaction per batch: output and offsets become visible together.
  kExactlyOnce,
};

/// Every setting of newsflow-enricher; defaults here, documented by --help.
struct EnricherConfig {
  std::string metrics_listen = "127.0.0.1:9465";
  std::string kafka_bootstrap_servers = "127.0.0.1:9092";
  std::string kafka_group_id = "newsflow-enricher";
  std::map<std::string, std::string> kafka_properties;
  int64_t kafka_delivery_timeout_ms = 30'000;
  std::string delivery_mode_name = "at_least_once";
  DeliveryMode delivery_mode = DeliveryMode::kAtLeastOnce;
  /// Resolved at load time: DefaultTransactionalId() unless configured.
  std::string kafka_transactional_id;
  std::string topic_normalized = "newsflow.articles.normalized.v1";
  std::string topic_enriched = "newsflow.articles.enriched.v1";
  std::string topic_dlq = "newsflow.articles.dlq.v1";
  /// JSON mirror of the enriched topic for quick looks (kcat, browsers); empty = off.
  std::string topic_enriched_json;
  std::string data_dir;
  std::string mecab_dicdir;
  int64_t workers = 2;
  int64_t batch_max_records = 256;
  int64_t batch_max_wait_ms = 50;
  int64_t shutdown_grace_ms = 10'000;
  std::string log_level = "info";
  std::string log_format = "text";
  std::vector<std::string> description;
};

/// Loads flags > environment > YAML > defaults. See ingest::LoadIngestConfig.
absl::StatusOr<EnricherConfig> LoadEnricherConfig(const std::vector<std::string>& args,
                                                  const common::Environment& env, std::string* out,
                                                  bool* exit_requested);

/// "<group_id>-<host>": unique per replica, so replicas never fence each other, and stable
/// across restarts of a replica that keeps its host name (a StatefulSet pod, a Compose
/// service), so the restarted producer fences its predecessor and aborts its open transaction.
/// `host` is $HOSTNAME when set (the pod name on Kubernetes), else gethostname().
std::string DefaultTransactionalId(const std::string& group_id, const std::string& host);

/// The data folder used when data_dir is not configured: the source tree's data/ for builds
/// run in place, /usr/share/newsflow in the container image.
std::string DefaultDataDir();

}  // namespace newsflow::enricher
