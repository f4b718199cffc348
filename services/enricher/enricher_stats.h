#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "consume_loop.h"

namespace newsflow::enricher {

/// Prometheus metrics of the enricher, refreshed from the loop's counters before each scrape.
/// Thread-safe.
class EnricherStats {
 public:
  explicit EnricherStats(prometheus::Registry& registry);

  /// Adds what the counters gained since the last call, and drops the per-partition series of
  /// partitions no record came from for `kIdlePartitionTtl` (revoked in a rebalance, or idle).
  void Sync(const ConsumeCounters& counters,
            std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

  /// Records that a record of `topic`/`partition` at `offset`, produced at `timestamp_ms`
  /// (Kafka record timestamp, -1 if none), was consumed at `now`: sets the partition's lag in
  /// seconds (the record's age) and its consumed position.
  void RecordConsumed(std::string_view topic, int32_t partition, int64_t offset,
                      int64_t timestamp_ms, std::chrono::system_clock::time_point now);

  /// Adds one enriched record's stage timings to the per-stage latency histograms.
  void ObserveStages(const StageTimings& timings);

  /// After this long without a record from a partition its series are removed, so a partition
  /// that moved to another replica does not keep reporting its last lag from this one.
  static constexpr std::chrono::seconds kIdlePartitionTtl{120};

 private:
  struct PartitionSeries {
    prometheus::Gauge* lag_seconds = nullptr;
    prometheus::Gauge* offset = nullptr;
    std::chrono::system_clock::time_point last_seen;
  };

  std::mutex mutex_;
  prometheus::Counter& consumed_;
  prometheus::Counter& enriched_;
  prometheus::Counter& dead_lettered_;
  prometheus::Counter& batches_failed_;
  prometheus::Counter& commits_;
  prometheus::Counter& transactions_aborted_;
  prometheus::Counter& enrich_seconds_;
  prometheus::Family<prometheus::Histogram>& stage_seconds_family_;
  prometheus::Histogram& parse_seconds_;
  prometheus::Histogram& language_seconds_;
  prometheus::Histogram& entities_seconds_;
  prometheus::Histogram& source_seconds_;
  prometheus::Family<prometheus::Gauge>& lag_seconds_family_;
  prometheus::Family<prometheus::Gauge>& offset_family_;
  std::map<std::pair<std::string, int32_t>, PartitionSeries> partitions_;
  int64_t last_consumed_ = 0;
  int64_t last_enriched_ = 0;
  int64_t last_dead_lettered_ = 0;
  int64_t last_batches_failed_ = 0;
  int64_t last_commits_ = 0;
  int64_t last_transactions_aborted_ = 0;
  int64_t last_enrich_micros_ = 0;
};

}  // namespace newsflow::enricher
