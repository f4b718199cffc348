// Recognizer::Recognize() throughput on hand-written news sentences with the shipped models
// (data/entities/ja.model, en.model), one thread. Reported as sentences per second.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "newsflow/entities/recognizer.h"

#include "japanese_news_sentences.h"

namespace {

const std::vector<std::string>& kJapanese = newsflow::bench::JapaneseNewsSentences();

const std::vector<std::string> kEnglish = {
    "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Pyongyang.",
    "Toyota Motor Corp. said on Tuesday it would build a new battery plant in North Carolina.",
    "The United Nations Security Council held an emergency meeting in New York on Ukraine.",
    "Apple chief executive Tim Cook told reporters in Cupertino that sales had recovered.",
    "German Chancellor Olaf Scholz arrived in Beijing for talks with Xi Jinping.",
    "Researchers at Kyoto University published the results in the journal Nature.",
    "Prime Minister Fumio Kishida said Japan would raise defense spending.",
    "The World Health Organization warned of a new outbreak in West Africa."};

std::unique_ptr<newsflow::entities::Recognizer> LoadRecognizer() {
  auto created = newsflow::entities::Recognizer::Create(
      {.data_dir = std::string(NEWSFLOW_SOURCE_DIR) + "/data/entities"});
  if (!created.ok()) {
    std::fprintf(stderr, "ner_bench: %s\n", created.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(created);
}

const newsflow::entities::Recognizer& SharedRecognizer() {
  static const std::unique_ptr<newsflow::entities::Recognizer> recognizer = LoadRecognizer();
  return *recognizer;
}

void RecognizeSentences(benchmark::State& state, const std::vector<std::string>& sentences,
                        const char* language) {
  const newsflow::entities::Recognizer& recognizer = SharedRecognizer();
  size_t i = 0;
  size_t mentions = 0;
  for (auto _ : state) {
    mentions += recognizer.Recognize(sentences[i], language).size();
    i = (i + 1) % sentences.size();
  }
  benchmark::DoNotOptimize(mentions);
  state.counters["sentences/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_RecognizeJapanese(benchmark::State& state) { RecognizeSentences(state, kJapanese, "ja"); }
void BM_RecognizeEnglish(benchmark::State& state) { RecognizeSentences(state, kEnglish, "en"); }

BENCHMARK(BM_RecognizeJapanese);
BENCHMARK(BM_RecognizeEnglish);

}  // namespace
