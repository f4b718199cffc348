#include "enricher_stats.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace newsflow::enricher {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;

std::string Scrape(prometheus::Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

TEST(EnricherStatsTest, LagIsTheAgeOfTheLastRecordPerPartition) {
  prometheus::Registry registry;
  EnricherStats stats(registry);
  const system_clock::time_point now = system_clock::time_point(seconds(1'000'000));
  const int64_t produced_ms =
      std::chrono::duration_cast<milliseconds>((now - seconds(3)).time_since_epoch()).count();
  stats.RecordConsumed("news", 2, 41, produced_ms, now);
  const std::string metrics = Scrape(registry);
  EXPECT_NE(
      metrics.find("newsflow_enricher_consumer_lag_seconds{partition=\"2\",topic=\"news\"} 3"),
      std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("newsflow_enricher_consumer_offset{partition=\"2\",topic=\"news\"} 42"),
            std::string::npos)
      << metrics;
}

TEST(EnricherStatsTest, RecordFromTheFutureIsNoLag) {
  prometheus::Registry registry;
  EnricherStats stats(registry);
  const system_clock::time_point now = system_clock::time_point(seconds(1'000'000));
  const int64_t produced_ms =
      std::chrono::duration_cast<milliseconds>((now + seconds(2)).time_since_epoch()).count();
  stats.RecordConsumed("news", 0, 0, produced_ms, now);
  EXPECT_NE(Scrape(registry).find("newsflow_enricher_consumer_lag_seconds{partition=\"0\",topic="
                                  "\"news\"} 0"),
            std::string::npos);
}

TEST(EnricherStatsTest, CommitsAndAbortedTransactionsAreCountedOnce) {
  prometheus::Registry registry;
  EnricherStats stats(registry);
  ConsumeCounters counters;
  const system_clock::time_point now = system_clock::time_point(seconds(1'000'000));
  counters.commits = 4;
  counters.transactions_aborted = 2;
  stats.Sync(counters, now);
  stats.Sync(counters, now);  // deltas: a second sync adds nothing
  const std::string metrics = Scrape(registry);
  EXPECT_NE(metrics.find("newsflow_enricher_commits_total 4"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("newsflow_enricher_transactions_aborted_total 2"), std::string::npos)
      << metrics;
}

TEST(EnricherStatsTest, IdlePartitionSeriesAreRemoved) {
  prometheus::Registry registry;
  EnricherStats stats(registry);
  ConsumeCounters counters;
  const system_clock::time_point start = system_clock::time_point(seconds(1'000'000));
  stats.RecordConsumed("news", 0, 5, -1, start);
  stats.RecordConsumed("news", 1, 7, -1, start + seconds(100));
  stats.Sync(counters, start + EnricherStats::kIdlePartitionTtl + seconds(1));
  const std::string metrics = Scrape(registry);
  EXPECT_EQ(metrics.find("partition=\"0\""), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("newsflow_enricher_consumer_offset{partition=\"1\",topic=\"news\"} 8"),
            std::string::npos)
      << metrics;
}

TEST(EnricherStatsTest, StageTimingsFillOneHistogramPerStage) {
  prometheus::Registry registry;
  EnricherStats stats(registry);
  stats.ObserveStages({.parse = absl::Microseconds(5),
                       .language = absl::Microseconds(50),
                       .entities = absl::Milliseconds(2),
                       .source = absl::Microseconds(20)});
  stats.ObserveStages({.entities = absl::Milliseconds(20)});
  const std::string metrics = Scrape(registry);
  for (const char* stage : {"parse", "language", "entities", "source"}) {
    EXPECT_NE(metrics.find(std::string("newsflow_enricher_stage_seconds_count{stage=\"") + stage +
                           "\"} 2"),
              std::string::npos)
        << stage << "\n"
        << metrics;
  }
  // 2 ms and 20 ms of entities: one observation at or below 3 ms, both at or below 30 ms.
  EXPECT_NE(
      metrics.find("newsflow_enricher_stage_seconds_bucket{stage=\"entities\",le=\"0.003\"} 1"),
      std::string::npos)
      << metrics;
  EXPECT_NE(
      metrics.find("newsflow_enricher_stage_seconds_bucket{stage=\"entities\",le=\"0.03\"} 2"),
      std::string::npos)
      << metrics;
}

}  // namespace
}  // namespace newsflow::enricher
