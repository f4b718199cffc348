// The hot functions of the ingest path one by one, on the load generator's seed-sized Japanese
// text articles (3-5 KB, every one different): charset detection and decoding (UTF-8 and the
// same text in Shift_JIS, without a hint), boilerplate removal in text, URL canonicalization,
// content hash and SimHash, and Protobuf serialization of the records. One thread; items are
// articles (or URLs). BM_NormalizeArticle (ingest_normalize_bench) is the sum of these.
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <unicode/ucnv.h>

#include "newsflow/dedup/hashing.h"
#include "newsflow/extract/text_cleaner.h"
#include "newsflow/text/charset.h"
#include "newsflow/url/canonical_url.h"
#include "newsflow/v1/enriched.pb.h"

#include "article_generator.h"

namespace {

const std::vector<newsflow::v1::RawArticle>& Articles() {
  static const std::vector<newsflow::v1::RawArticle> articles = [] {
    absl::StatusOr<newsflow::bench::ArticleGenerator> generator =
        newsflow::bench::ArticleGenerator::Create({.run_id = "bench"});
    std::vector<newsflow::v1::RawArticle> out(256);
    for (size_t i = 0; i < out.size(); ++i) generator->Fill(i, &out[i]);
    return out;
  }();
  return articles;
}

std::vector<std::string> Bodies() {
  std::vector<std::string> bodies;
  for (const newsflow::v1::RawArticle& article : Articles()) bodies.push_back(article.body());
  return bodies;
}

// The same texts in Shift_JIS (the generator writes UTF-8), converted with ICU.
std::vector<std::string> ShiftJisBodies() {
  std::vector<std::string> out;
  for (const std::string& utf8 : Bodies()) {
    UErrorCode status = U_ZERO_ERROR;
    std::string sjis(utf8.size() * 2 + 16, '\0');
    const int32_t length =
        ucnv_convert("Shift_JIS", "UTF-8", sjis.data(), static_cast<int32_t>(sjis.size()),
                     utf8.data(), static_cast<int32_t>(utf8.size()), &status);
    if (U_FAILURE(status)) continue;
    sjis.resize(static_cast<size_t>(length));
    out.push_back(std::move(sjis));
  }
  return out;
}

// Runs `fn` over `inputs` round-robin, counting items and input bytes.
template <typename Fn>
void OverInputs(benchmark::State& state, const std::vector<std::string>& inputs, Fn fn) {
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    fn(inputs[i]);
    bytes += static_cast<int64_t>(inputs[i].size());
    i = (i + 1) % inputs.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}

void BM_DecodeUtf8WithoutHint(benchmark::State& state) {
  OverInputs(state, Bodies(), [](const std::string& body) {
    benchmark::DoNotOptimize(newsflow::text::DecodeToUtf8(body, {}));
  });
}
BENCHMARK(BM_DecodeUtf8WithoutHint);

void BM_DetectAndDecodeShiftJis(benchmark::State& state) {
  OverInputs(state, ShiftJisBodies(), [](const std::string& body) {
    benchmark::DoNotOptimize(newsflow::text::DecodeToUtf8(body, {}));
  });
}
BENCHMARK(BM_DetectAndDecodeShiftJis);

void BM_CleanText(benchmark::State& state) {
  OverInputs(state, Bodies(), [](const std::string& body) {
    benchmark::DoNotOptimize(newsflow::extract::CleanText(body));
  });
}
BENCHMARK(BM_CleanText);

void BM_CanonicalizeUrl(benchmark::State& state) {
  std::vector<std::string> urls;
  for (const newsflow::v1::RawArticle& article : Articles()) {
    urls.push_back(article.url() + "?utm_source=feed&utm_medium=rss&id=42&fbclid=abc#comments");
  }
  OverInputs(state, urls, [](const std::string& url) {
    benchmark::DoNotOptimize(newsflow::url::Canonicalize(url));
  });
}
BENCHMARK(BM_CanonicalizeUrl);

void BM_ContentHash(benchmark::State& state) {
  OverInputs(state, Bodies(), [](const std::string& body) {
    benchmark::DoNotOptimize(newsflow::dedup::ContentHash(body));
  });
}
BENCHMARK(BM_ContentHash);

void BM_SimHash(benchmark::State& state) {
  OverInputs(state, Bodies(), [](const std::string& body) {
    benchmark::DoNotOptimize(newsflow::dedup::SimHash(body));
  });
}
BENCHMARK(BM_SimHash);

newsflow::v1::EnrichedArticle SampleEnriched(const std::string& text) {
  newsflow::v1::EnrichedArticle enriched;
  newsflow::v1::NormalizedArticle* article = enriched.mutable_article();
  article->set_article_id("0123456789abcdef0123456789abcdef");
  article->set_canonical_url("https://news.example.jp/world/2024/06/19/summit");
  article->set_title("首脳会談");
  article->set_text(text);
  enriched.mutable_language()->set_code("ja");
  enriched.mutable_language()->set_confidence(0.99f);
  for (int i = 0; i < 20; ++i) {
    newsflow::v1::EntityMention* mention = enriched.add_mentions();
    mention->set_begin(static_cast<uint32_t>(i * 10));
    mention->set_end(static_cast<uint32_t>(i * 10 + 4));
    mention->set_type(newsflow::v1::ENTITY_TYPE_PERSON);
    mention->set_surface("プーチン");
    mention->set_canonical_name("Vladimir Putin");
    mention->set_entity_id("Q7747");
  }
  enriched.mutable_source()->set_domain("example.jp");
  return enriched;
}

void BM_SerializeEnriched(benchmark::State& state) {
  std::vector<newsflow::v1::EnrichedArticle> messages;
  for (const std::string& body : Bodies()) messages.push_back(SampleEnriched(body));
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    std::string value = messages[i].SerializeAsString();
    bytes += static_cast<int64_t>(value.size());
    benchmark::DoNotOptimize(value);
    i = (i + 1) % messages.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_SerializeEnriched);

void BM_ParseEnriched(benchmark::State& state) {
  std::vector<std::string> values;
  for (const std::string& body : Bodies())
    values.push_back(SampleEnriched(body).SerializeAsString());
  OverInputs(state, values, [](const std::string& value) {
    newsflow::v1::EnrichedArticle parsed;
    benchmark::DoNotOptimize(parsed.ParseFromString(value));
  });
}
BENCHMARK(BM_ParseEnriched);

}  // namespace
