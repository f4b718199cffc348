#pragma once

#include <mutex>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "consume_loop.h"

namespace newsflow::enricher {

/// Prometheus metrics of the enricher, refreshed from the loop's counters before each scrape.
/// Thread-safe.
class EnricherStats {
 public:
  explicit EnricherStats(prometheus::Registry& registry);

  /// Adds what the counters gained since the last call.
  void Sync(const ConsumeCounters& counters);

 private:
  std::mutex mutex_;
  prometheus::Counter& consumed_;
  prometheus::Counter& enriched_;
  prometheus::Counter& dead_lettered_;
  prometheus::Counter& batches_failed_;
  prometheus::Counter& commits_;
  prometheus::Counter& enrich_seconds_;
  int64_t last_consumed_ = 0;
  int64_t last_enriched_ = 0;
  int64_t last_dead_lettered_ = 0;
  int64_t last_batches_failed_ = 0;
  int64_t last_commits_ = 0;
  int64_t last_enrich_micros_ = 0;
};

}  // namespace newsflow::enricher
