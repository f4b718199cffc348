#pragma once

#include <string_view>

#include <absl/status/statusor.h>

#include "newsflow/extract/extracted_page.h"
#include "newsflow/extract/html_extractor.h"

namespace newsflow::extract {

/// How the bytes of a page are to be read.
enum class PageFormat { kHtml, kText };

/// Raw bytes of one page as the crawler sent them. Views must outlive the call.
struct PageInput {
  std::string_view bytes;
  PageFormat format = PageFormat::kHtml;
  /// Charset from the HTTP header or the crawler; empty when unknown.
  std::string_view charset_hint;
};

/// Decodes (text::DecodeToUtf8, honouring <meta charset> for kHtml), extracts
/// (ExtractFromHtml or CleanText), normalizes the text and title (text::NormalizeText) and sets
/// source_charset. Returns INVALID_ARGUMENT with field "body" when nothing is left after
/// extraction (unless options.keep_pages_without_text) or the HTML is over the limits of
/// `options`; decoding errors pass through
/// (fields "charset" / "body"). Thread-safe.
absl::StatusOr<ExtractedPage> ExtractPage(const PageInput& input,
                                          const HtmlExtractOptions& options = {});

}  // namespace newsflow::extract
