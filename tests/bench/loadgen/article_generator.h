#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "newsflow/v1/article.pb.h"

namespace newsflow::bench {

/// Title and plain text of a generated Japanese news-like article.
struct JapaneseText {
  std::string title;
  std::string text;  // paragraphs separated by "\n"
};

/// A seed-sized (3-5 KB of UTF-8) Japanese article assembled from hand-written news paragraphs
/// with numbers derived from `index`, so every index gives a different text. Deterministic and
/// thread-safe.
JapaneseText MakeJapaneseText(uint64_t index);

/// Kinds of article the load generator sends, with their relative weights.
struct ArticleMix {
  double ja_text = 1;  // MakeJapaneseText(), CONTENT_TYPE_TEXT
  double html = 0;     // a page from the HTML folder, CONTENT_TYPE_HTML
  double tiny = 0;     // ~200 bytes of text
  double large = 0;    // ~1 MB of text
};

/// Parses "ja_text=1,html=0,tiny=0,large=0"; INVALID_ARGUMENT names an unknown kind or a bad
/// weight, or all weights zero.
absl::StatusOr<ArticleMix> ParseArticleMix(const std::string& spec);

struct GeneratorOptions {
  ArticleMix mix;
  /// Folder of .html, .htm and .html.gz pages; required when mix.html > 0.
  std::string html_dir;
  /// Every index gets its own URL (true), or URLs repeat every 1000 indexes (false).
  bool unique_urls = true;
  /// Part of every URL, so separate runs against the same server do not collide.
  std::string run_id;
};

/// Builds the RawArticle for each index of a run. Thread-safe after Create().
class ArticleGenerator {
 public:
  /// Loads the HTML pages. INVALID_ARGUMENT when the mix needs pages and none can be read.
  static absl::StatusOr<ArticleGenerator> Create(GeneratorOptions options);

  /// Fills `out` with the article of `index`; returns its body size in bytes.
  size_t Fill(uint64_t index, v1::RawArticle* out) const;

  size_t html_pages() const { return html_pages_.size(); }

 private:
  explicit ArticleGenerator(GeneratorOptions options) : options_(std::move(options)) {}

  GeneratorOptions options_;
  std::vector<std::string> html_pages_;
};

}  // namespace newsflow::bench
