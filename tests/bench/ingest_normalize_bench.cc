// CPU cost of ingest's normalization core per article: NormalizeArticle (URL, decode, text
// cleaning, NFC, SHA-256, SimHash) and the serialization of the record, on the load generator's
// seed-sized Japanese text articles (3-5 KB, every one different). One thread; reported as
// articles per second. No gRPC and no Kafka: this is the part of ingest's ~160 µs per article
// that is ours (~90 µs; docs/benchmarks-pipeline.md).
//
// With NEWSFLOW_NORMALIZE_DUMP=<file> the serialized records of the 256 articles (ingest time
// fixed) are also written to <file>, one per line as hex, before timing: `cmp` of the files of
// two builds shows whether a change altered any output.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <absl/time/clock.h>
#include <benchmark/benchmark.h>

#include "article_generator.h"
#include "normalize.h"
#include "record_serializer.h"

namespace {

std::vector<newsflow::v1::RawArticle> MakeArticles() {
  absl::StatusOr<newsflow::bench::ArticleGenerator> generator =
      newsflow::bench::ArticleGenerator::Create({.run_id = "bench"});
  std::vector<newsflow::v1::RawArticle> articles(256);
  for (size_t i = 0; i < articles.size(); ++i) generator->Fill(i, &articles[i]);
  return articles;
}

std::string SerializeRecord(newsflow::v1::NormalizedArticle& article) {
  return newsflow::ingest::SerializeNormalizedArticle(article);  // as IngestPipeline::Publish()
}

void DumpRecords(const std::vector<newsflow::v1::RawArticle>& articles, const char* path) {
  FILE* out = std::fopen(path, "w");
  if (out == nullptr) {
    std::fprintf(stderr, "cannot write %s\n", path);
    std::exit(1);
  }
  const absl::Time fixed = absl::FromUnixSeconds(1'750'000'000);
  for (const newsflow::v1::RawArticle& raw : articles) {
    absl::StatusOr<newsflow::v1::NormalizedArticle> article =
        newsflow::ingest::NormalizeArticle(raw, {}, fixed);
    if (!article.ok()) {
      std::fprintf(out, "error %s\n", article.status().ToString().c_str());
      continue;
    }
    for (const unsigned char c : SerializeRecord(*article)) std::fprintf(out, "%02x", c);
    std::fputc('\n', out);
  }
  std::fclose(out);
}

void BM_NormalizeArticle(benchmark::State& state) {
  const std::vector<newsflow::v1::RawArticle> articles = MakeArticles();
  if (const char* dump = std::getenv("NEWSFLOW_NORMALIZE_DUMP")) DumpRecords(articles, dump);
  const newsflow::ingest::NormalizeLimits limits;
  const absl::Time now = absl::Now();
  size_t i = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    absl::StatusOr<newsflow::v1::NormalizedArticle> article =
        newsflow::ingest::NormalizeArticle(articles[i], limits, now);
    if (article.ok()) {
      std::string value = SerializeRecord(*article);
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
