#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <absl/status/statusor.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "newsflow/v1/ingest.pb.h"

namespace newsflow::ingest {

/// Prometheus metrics of the ingest shell. Thread-safe.
class IngestStats {
 public:
  explicit IngestStats(prometheus::Registry& registry);

  /// Records one article's outcome: the request count by method and code, the outcome count and,
  /// for articles answered OK, the latency from receipt to answer.
  void RecordArticle(std::string_view method, const absl::StatusOr<v1::IngestResponse>& result,
                     std::chrono::steady_clock::duration latency);

  void SetInFlight(int64_t value) { in_flight_.Set(static_cast<double>(value)); }
  void SetProducerQueueDepth(int64_t value) { queue_depth_.Set(static_cast<double>(value)); }
  void SetOpenStreams(int64_t value) { open_streams_.Set(static_cast<double>(value)); }
  void AddBodyBytes(int64_t bytes) { body_bytes_.Increment(static_cast<double>(bytes)); }

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Counter>& articles_;
  prometheus::Counter& body_bytes_;
  prometheus::Histogram& ack_latency_;
  prometheus::Gauge& in_flight_;
  prometheus::Gauge& queue_depth_;
  prometheus::Gauge& open_streams_;
};

}  // namespace newsflow::ingest
