// Recognizer::Recognize() on whole articles (~3.5 KB of Japanese, ~1,200 code points, one call
// per article as the enricher makes it) with the shipped models, one thread. Short sentences
// (ner_bench) keep the weight rows they touch in cache; articles of this size do not, which is
// what the enricher sees. Reported as articles per second.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "newsflow/entities/recognizer.h"

#include "japanese_news_sentences.h"

namespace {

const std::vector<std::string>& kSentences = newsflow::bench::JapaneseNewsSentences();

// Articles of ~3.5 KB: the sentences in a different order each, in paragraphs.
std::vector<std::string> MakeArticles() {
  std::vector<std::string> articles;
  for (size_t a = 0; a < 8; ++a) {
    std::string text;
    for (size_t s = 0; text.size() < 3500; ++s) {
      text += kSentences[(s * (a + 3) + a) % kSentences.size()];
      if (s % 3 == 2) text += "\n";
    }
    articles.push_back(std::move(text));
  }
  return articles;
}

void BM_RecognizeJapaneseArticle(benchmark::State& state) {
  auto created = newsflow::entities::Recognizer::Create(
      {.data_dir = std::string(NEWSFLOW_SOURCE_DIR) + "/data/entities"});
  if (!created.ok()) {
    std::fprintf(stderr, "ner_article_bench: %s\n", created.status().ToString().c_str());
    std::exit(1);
  }
  const std::vector<std::string> articles = MakeArticles();
  size_t i = 0;
  size_t mentions = 0;
  for (auto _ : state) {
    mentions += (*created)->Recognize(articles[i], "ja").size();
    i = (i + 1) % articles.size();
  }
  benchmark::DoNotOptimize(mentions);
  state.counters["articles/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_RecognizeJapaneseArticle)->Unit(benchmark::kMicrosecond);

}  // namespace
