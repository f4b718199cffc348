#pragma once

#include <atomic>
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
  // Family::Add locks the family and builds a label map on every call, and every article
  // called it two or three times from the gRPC and Kafka threads (lock waits showed in the
  // profile): the series of the common outcomes are looked up once, on first use (so a series
  // still appears only once it has a value), and kept here.
  enum CommonSeries { kStreamOk, kUnaryOk, kAccepted, kDuplicate, kNearDuplicate, kCommonCount };
  template <typename MakeLabels>
  prometheus::Counter& Series(CommonSeries which, prometheus::Family<prometheus::Counter>& family,
                              MakeLabels make_labels) {
    prometheus::Counter* counter = common_[which].load(std::memory_order_acquire);
    if (counter == nullptr) {
      // Add returns the same series for the same labels: a race stores the same pointer.
      counter = &family.Add(make_labels());
      common_[which].store(counter, std::memory_order_release);
    }
    return *counter;
  }

  std::atomic<prometheus::Counter*> common_[kCommonCount] = {};
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Counter>& articles_;
  prometheus::Counter& body_bytes_;
  prometheus::Histogram& ack_latency_;
  prometheus::Gauge& in_flight_;
  prometheus::Gauge& queue_depth_;
  prometheus::Gauge& open_streams_;
};

}  // namespace newsflow::ingest
