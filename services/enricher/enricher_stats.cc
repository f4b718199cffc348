#include "enricher_stats.h"

namespace newsflow::enricher {
namespace {

void AddDelta(prometheus::Counter& counter, int64_t now, int64_t& last, double scale = 1.0) {
  if (now > last) counter.Increment(static_cast<double>(now - last) * scale);
  last = now;
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
                   .Help("Successful offset commits")
                   .Register(registry)
                   .Add({})),
      enrich_seconds_(prometheus::BuildCounter()
                          .Name("newsflow_enricher_enrich_seconds_total")
                          .Help("Wall time spent enriching batches")
                          .Register(registry)
                          .Add({})) {}

void EnricherStats::Sync(const ConsumeCounters& counters) {
  std::lock_guard<std::mutex> lock(mutex_);
  AddDelta(consumed_, counters.consumed.load(), last_consumed_);
  AddDelta(enriched_, counters.enriched.load(), last_enriched_);
  AddDelta(dead_lettered_, counters.dead_lettered.load(), last_dead_lettered_);
  AddDelta(batches_failed_, counters.batches_failed.load(), last_batches_failed_);
  AddDelta(commits_, counters.commits.load(), last_commits_);
  AddDelta(enrich_seconds_, counters.enrich_micros.load(), last_enrich_micros_, 1e-6);
}

}  // namespace newsflow::enricher
