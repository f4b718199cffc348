// enricher::Enrich on arbitrary record bytes, with the models and tables of data/ loaded once.
// Bytes that are not a NormalizedArticle are INVALID_ARGUMENT (the DLQ path); an enriched
// article keeps the input article, its mentions lie within the text, and it serializes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>
#include <absl/time/time.h>

#include "newsflow/text/normalize.h"

#include "enrich.h"
#include "fuzz_check.h"

namespace {

namespace enricher = newsflow::enricher;

const enricher::EnrichResources* resources = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // NEWSFLOW_DATA_DIR overrides the source tree's data/ (e.g. when the binary is moved).
  const char* env_dir = std::getenv("NEWSFLOW_DATA_DIR");
  const std::string data_dir = env_dir != nullptr ? env_dir : NEWSFLOW_SOURCE_DIR "/data";
  absl::StatusOr<enricher::EnrichResources> loaded =
      enricher::LoadResources({.data_dir = data_dir});
  if (!loaded.ok()) {
    std::fprintf(stderr, "cannot load resources from %s: %s\n", data_dir.c_str(),
                 loaded.status().ToString().c_str());
    std::abort();
  }
  resources = new enricher::EnrichResources(*std::move(loaded));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace text = newsflow::text;
  const std::string_view record(reinterpret_cast<const char*>(data), size);
  const absl::StatusOr<newsflow::v1::EnrichedArticle> enriched =
      enricher::Enrich(record, *resources, absl::FromUnixSeconds(1'700'000'000));
  if (!enriched.ok()) {
    NEWSFLOW_FUZZ_CHECK(enriched.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  const newsflow::v1::NormalizedArticle& article = enriched->article();
  NEWSFLOW_FUZZ_CHECK(!article.article_id().empty());
  NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(article.text()));
  const size_t code_points = text::CountCodePoints(article.text());
  for (const newsflow::v1::EntityMention& mention : enriched->mentions()) {
    NEWSFLOW_FUZZ_CHECK(mention.begin() < mention.end());
    NEWSFLOW_FUZZ_CHECK(mention.end() <= code_points);
    NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(mention.surface()));
  }
  for (const newsflow::v1::LanguageSpan& span : enriched->language().paragraphs()) {
    NEWSFLOW_FUZZ_CHECK(span.begin() <= span.end());
  }
  std::string serialized;
  NEWSFLOW_FUZZ_CHECK(enriched->SerializeToString(&serialized));
  return 0;
}
