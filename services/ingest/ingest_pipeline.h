#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <absl/time/clock.h>

#include "newsflow/dedup/duplicate_index.h"
#include "newsflow/kafka/producer.h"
#include "newsflow/v1/ingest.pb.h"

#include "normalize.h"

namespace newsflow::ingest {

struct IngestPipelineOptions {
  std::string topic = "newsflow.articles.normalized.v1";
  NormalizeLimits limits;
  /// Articles accepted and not yet acknowledged, across all calls; beyond it RESOURCE_EXHAUSTED.
  int64_t max_in_flight = 20'000;
  /// Value of the "newsflow-producer" record header.
  std::string producer_name = "newsflow-ingest";
};

/// Counters the shell exports as metrics. Monotonic except in_flight.
struct IngestCounters {
  std::atomic<int64_t> in_flight{0};
  std::atomic<int64_t> published{0};
  std::atomic<int64_t> duplicates{0};
  std::atomic<int64_t> near_duplicates{0};
  std::atomic<int64_t> body_bytes{0};
};

using IngestCallback = std::function<void(absl::StatusOr<v1::IngestResponse>)>;

/// Normalizes an article, answers duplicates from the index, publishes new articles and reports
/// the outcome only after Kafka acknowledged the record. `done` runs exactly once, either inline
/// (invalid input, duplicate, overload) or on the producer's delivery thread. Thread-safe.
class IngestPipeline {
 public:
  IngestPipeline(kafka::Producer& producer, dedup::DuplicateIndex& index,
                 IngestPipelineOptions options);

  void Ingest(const v1::RawArticle& article, IngestCallback done);

  const IngestCounters& counters() const { return counters_; }

 private:
  // Requests for an article that is being published right now wait for that publication.
  using WaiterKey = std::pair<std::string, std::string>;  // article_id, content_hash

  void Publish(v1::NormalizedArticle article, v1::IngestResponse response);
  absl::Status InFlightLimitReached() const;
  // Records the outcome in the index and answers every waiter of `key`, atomically with respect
  // to Ingest(): a key has waiters exactly while the index holds it in flight.
  void Complete(const WaiterKey& key, uint64_t simhash,
                const absl::StatusOr<v1::IngestResponse>& result);

  kafka::Producer& producer_;
  dedup::DuplicateIndex& index_;
  const IngestPipelineOptions options_;
  IngestCounters counters_;
  std::mutex mutex_;  // guards waiters_ and the index's in-flight transitions
  std::map<WaiterKey, std::vector<IngestCallback>> waiters_;
};

/// Kafka record headers of a normalized article.
kafka::Headers NormalizedRecordHeaders(std::string_view producer_name, std::string_view trace_id);

/// A random 16-byte trace id in lowercase hex.
std::string NewTraceId();

}  // namespace newsflow::ingest
