#pragma once

#include <string>
#include <vector>

namespace newsflow::extract {

/// What extraction finds in one page or text. Empty strings mean "not found".
struct ExtractedPage {
  /// Main text: one paragraph, heading or list item per line, joined by "\n". Not yet
  /// Unicode-normalized (callers run text::NormalizeText).
  std::string text;
  std::string title;
  std::vector<std::string> authors;
  /// "YYYY-MM-DD".
  std::string published_date;
  std::string modified_date;
  std::string site_name;
  /// As declared by the page (<html lang>, og:locale, content-language), e.g. "ja", "en-US".
  std::string language_hint;
  std::string description;
  /// Absolute or relative href of <link rel=canonical> / og:url, as found.
  std::string canonical_href;
  /// Place named in a dateline such as "ハノイ(AP) –" or "WASHINGTON (Reuters) -".
  std::string dateline;
  /// Wire services credited in the text, as written ("AP", "ロイター").
  std::vector<std::string> credits;
  /// Charset the bytes were decoded from (set by ExtractPage), e.g. "Shift_JIS".
  std::string source_charset;
};

}  // namespace newsflow::extract
