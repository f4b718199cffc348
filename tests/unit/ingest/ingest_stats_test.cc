#include "ingest_stats.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace newsflow::ingest {
namespace {

using std::chrono::milliseconds;

std::string Scrape(prometheus::Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

bool Has(const std::string& metrics, const std::string& line) {
  return metrics.find(line + "\n") != std::string::npos;
}

v1::IngestResponse Response(v1::IngestOutcome outcome, std::string near_duplicate_of = "") {
  v1::IngestResponse response;
  response.set_outcome(outcome);
  response.set_near_duplicate_of(near_duplicate_of);
  return response;
}

// The series of common outcomes are kept after their first use: later articles must still
// count in the right series, and a series appears only once it has counted something.
TEST(IngestStatsTest, CountsEachRequestAndOutcomeInItsOwnSeries) {
  prometheus::Registry registry;
  IngestStats stats(registry);
  EXPECT_EQ(Scrape(registry).find("outcome=\"duplicate\""), std::string::npos);

  for (int i = 0; i < 3; ++i) {
    stats.RecordArticle("IngestStream", Response(v1::INGEST_OUTCOME_ACCEPTED), milliseconds(1));
  }
  stats.RecordArticle("IngestStream", Response(v1::INGEST_OUTCOME_ACCEPTED, "other-id"),
                      milliseconds(1));
  stats.RecordArticle("Ingest", Response(v1::INGEST_OUTCOME_DUPLICATE), milliseconds(1));
  stats.RecordArticle("Ingest", Response(v1::INGEST_OUTCOME_DUPLICATE), milliseconds(1));
  stats.RecordArticle("IngestStream", absl::InvalidArgumentError("bad"), milliseconds(1));
  stats.RecordArticle("Ingest", absl::ResourceExhaustedError("busy"), milliseconds(1));

  const std::string metrics = Scrape(registry);
  EXPECT_TRUE(Has(metrics, "newsflow_ingest_requests_total{code=\"OK\",method=\"IngestStream\"} 4"))
      << metrics;
  EXPECT_TRUE(Has(metrics, "newsflow_ingest_requests_total{code=\"OK\",method=\"Ingest\"} 2"))
      << metrics;
  EXPECT_TRUE(
      Has(metrics,
          "newsflow_ingest_requests_total{code=\"INVALID_ARGUMENT\",method=\"IngestStream\"} 1"))
      << metrics;
  EXPECT_TRUE(Has(
      metrics, "newsflow_ingest_requests_total{code=\"RESOURCE_EXHAUSTED\",method=\"Ingest\"} 1"))
      << metrics;
  EXPECT_TRUE(Has(metrics, "newsflow_ingest_articles_total{outcome=\"accepted\"} 4")) << metrics;
  EXPECT_TRUE(Has(metrics, "newsflow_ingest_articles_total{outcome=\"near_duplicate\"} 1"))
      << metrics;
  EXPECT_TRUE(Has(metrics, "newsflow_ingest_articles_total{outcome=\"duplicate\"} 2")) << metrics;
  EXPECT_TRUE(Has(metrics, "newsflow_ingest_ack_latency_seconds_count 6")) << metrics;
}

}  // namespace
}  // namespace newsflow::ingest
