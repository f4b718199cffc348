// CPU cost of ingest's normalization core per article: NormalizeArticle (URL, decode, text
// cleaning, NFC, SHA-256, SimHash) and the serialization of the record, on the load generator's
// seed-sized Japanese text articles (3-5 KB, every one different). One thread; reported as
// articles per second. No gRPC and no Kafka: this is the part of ingest's ~160 µs per article
// that is ours (~90 µs; docs/benchmarks-pipeline.md).
#include <string>
#include <vector>

#include <absl/time/clock.h>
#include <benchmark/benchmark.h>

#include "article_generator.h"
#include "normalize.h"

namespace {

std::vector<newsflow::v1::RawArticle> MakeArticles() {
  absl::StatusOr<newsflow::bench::ArticleGenerator> generator =
      newsflow::bench::ArticleGenerator::Create({.run_id = "bench"});
  std::vector<newsflow::v1::RawArticle> articles(256);
  for (size_t i = 0; i < articles.size(); ++i) generator->Fill(i, &articles[i]);
  return articles;
}

void BM_NormalizeArticle(benchmark::State& state) {
  const std::vector<newsflow::v1::RawArticle> articles = MakeArticles();
  const newsflow::ingest::NormalizeLimits limits;
  const absl::Time now = absl::Now();
  size_t i = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    absl::StatusOr<newsflow::v1::NormalizedArticle> article =
        newsflow::ingest::NormalizeArticle(articles[i], limits, now);
    if (article.ok()) {
      std::string value = article->SerializeAsString();  // as IngestPipeline::Publish() does
      benchmark::DoNotOptimize(value);
    }
    benchmark::DoNotOptimize(article);
    bytes += articles[i].body().size();
    i = (i + 1) % articles.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["articles/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_NormalizeArticle)->Unit(benchmark::kMicrosecond);

}  // namespace
