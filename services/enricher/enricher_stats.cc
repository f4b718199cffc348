#include "enricher_stats.h"

namespace newsflow::enricher {
namespace {

void AddDelta(prometheus::Counter& counter, int64_t now, int64_t& last, double scale = 1.0) {
  if (now > last) counter.Increment(static_cast<double>(now - last) * scale);
  last = now;
}

// 10 µs to 1 s: a stage takes tens of microseconds on a short article, milliseconds on a long one.
prometheus::Histogram& StageHistogram(prometheus::Family<prometheus::Histogram>& family,
                                      const std::string& stage) {
  return family.Add({{"stage", stage}},
                    prometheus::Histogram::BucketBoundaries{1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3,
                                                            1e-2, 3e-2, 0.1, 0.3, 1.0});
}

}  // namespace

EnricherStats::EnricherStats(prometheus::Registry& registry)
    : consumed_(prometheus::BuildCounter()
                    .Name("newsflow_enricher_consumed_total")
                    .Help("Records consumed from the normalized topic (redeliveries included)")
                    .Register(registry)
                    .Add({})),
      enriched_(prometheus::BuildCounter()
                    .Name("newsflow_enricher_records_total")
                    .Help("Records processed, by result")
                    .Register(registry)
                    .Add({{"result", "enriched"}})),
      dead_lettered_(prometheus::BuildCounter()
                         .Name("newsflow_enricher_records_total")
                         .Help("Records processed, by result")
                         .Register(registry)
                         .Add({{"result", "dead_lettered"}})),
      batches_failed_(prometheus::BuildCounter()
                          .Name("newsflow_enricher_batches_failed_total")
                          .Help("Batches whose output Kafka did not acknowledge (consumed again)")
                          .Register(registry)
                          .Add({})),
      commits_(prometheus::BuildCounter()
                   .Name("newsflow_enricher_commits_total")
                   .Help("Successful offset commits (committed transactions in exactly_once mode)")
                   .Register(registry)
                   .Add({})),
      transactions_aborted_(prometheus::BuildCounter()
                                .Name("newsflow_enricher_transactions_aborted_total")
                                .Help("Batch transactions aborted and redone (exactly_once mode)")
                                .Register(registry)
                                .Add({})),
      enrich_seconds_(prometheus::BuildCounter()
                          .Name("newsflow_enricher_enrich_seconds_total")
                          .Help("Wall time spent enriching batches")
                          .Register(registry)
                          .Add({})),
      stage_seconds_family_(prometheus::BuildHistogram()
                                .Name("newsflow_enricher_stage_seconds")
                                .Help("Enrichment latency per record and stage (parse, language, "
                                      "entities, source)")
                                .Register(registry)),
      parse_seconds_(StageHistogram(stage_seconds_family_, "parse")),
      language_seconds_(StageHistogram(stage_seconds_family_, "language")),
      entities_seconds_(StageHistogram(stage_seconds_family_, "entities")),
      source_seconds_(StageHistogram(stage_seconds_family_, "source")),
      lag_seconds_family_(
          prometheus::BuildGauge()
              .Name("newsflow_enricher_consumer_lag_seconds")
              .Help("Consumer lag in time, per partition: age of the last record consumed from it "
                    "(consume time minus Kafka record timestamp)")
              .Register(registry)),
      offset_family_(prometheus::BuildGauge()
                         .Name("newsflow_enricher_consumer_offset")
                         .Help("Next offset this replica will consume, per partition (compare "
                               "with the partition's high watermark for lag in records)")
                         .Register(registry)) {}

void EnricherStats::Sync(const ConsumeCounters& counters,
                         std::chrono::system_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = partitions_.begin(); it != partitions_.end();) {
    if (now - it->second.last_seen > kIdlePartitionTtl) {
      lag_seconds_family_.Remove(it->second.lag_seconds);
      offset_family_.Remove(it->second.offset);
      it = partitions_.erase(it);
    } else {
      ++it;
    }
  }
  AddDelta(consumed_, counters.consumed.load(), last_consumed_);
  AddDelta(enriched_, counters.enriched.load(), last_enriched_);
  AddDelta(dead_lettered_, counters.dead_lettered.load(), last_dead_lettered_);
  AddDelta(batches_failed_, counters.batches_failed.load(), last_batches_failed_);
  AddDelta(commits_, counters.commits.load(), last_commits_);
  AddDelta(transactions_aborted_, counters.transactions_aborted.load(), last_transactions_aborted_);
  AddDelta(enrich_seconds_, counters.enrich_micros.load(), last_enrich_micros_, 1e-6);
}

void EnricherStats::ObserveStages(const StageTimings& timings) {
  // Histogram::Observe is thread-safe; worker threads call this without the stats mutex.
  parse_seconds_.Observe(absl::ToDoubleSeconds(timings.parse));
  language_seconds_.Observe(absl::ToDoubleSeconds(timings.language));
  entities_seconds_.Observe(absl::ToDoubleSeconds(timings.entities));
  source_seconds_.Observe(absl::ToDoubleSeconds(timings.source));
}

void EnricherStats::RecordConsumed(std::string_view topic, int32_t partition, int64_t offset,
                                   int64_t timestamp_ms,
                                   std::chrono::system_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto key = std::make_pair(std::string(topic), partition);
  auto it = partitions_.find(key);
  if (it == partitions_.end()) {
    const std::map<std::string, std::string> labels{{"topic", key.first},
                                                    {"partition", std::to_string(partition)}};
    PartitionSeries series;
    series.lag_seconds = &lag_seconds_family_.Add(labels);
    series.offset = &offset_family_.Add(labels);
    it = partitions_.emplace(std::move(key), series).first;
  }
  it->second.last_seen = now;
  it->second.offset->Set(static_cast<double>(offset + 1));
  if (timestamp_ms >= 0) {
    const auto produced =
        std::chrono::system_clock::time_point(std::chrono::milliseconds(timestamp_ms));
    // Clocks of producer and consumer hosts differ a little; a negative age means "no lag".
    const double age = std::chrono::duration<double>(now - produced).count();
    it->second.lag_seconds->Set(age > 0 ? age : 0.0);
  }
}

}  // namespace newsflow::enricher
