#include "newsflow/extract/page.h"

#include <utility>

#include "newsflow/common/field_error.h"
#include "newsflow/extract/text_cleaner.h"
#include "newsflow/text/charset.h"
#include "newsflow/text/normalize.h"

#include "normalized_text_cleaner.h"

namespace newsflow::extract {

absl::StatusOr<ExtractedPage> ExtractPage(const PageInput& input,
                                          const HtmlExtractOptions& options) {
  const bool is_html = input.format == PageFormat::kHtml;
  absl::StatusOr<text::DecodedText> decoded =
      text::DecodeToUtf8(input.bytes, {.charset_hint = input.charset_hint, .is_html = is_html});
  if (!decoded.ok()) return decoded.status();

  ExtractedPage page;
  if (is_html) {
    absl::StatusOr<ExtractedPage> extracted = ExtractFromHtml(decoded->utf8, options);
    if (!extracted.ok()) return extracted.status();
    page = *std::move(extracted);
  } else {
    page = internal::CleanTextNormalized(decoded->utf8);  // its text is normalized already
  }
  if (!options.latest_date.empty()) {
    // ISO dates compare as strings.
    if (page.published_date > options.latest_date) page.published_date.clear();
    if (page.modified_date > options.latest_date) page.modified_date.clear();
  }
  if (is_html) page.text = text::NormalizeText(page.text);
  page.title = text::NormalizeText(page.title);
  // A title is one line.
  for (char& c : page.title) {
    if (c == '\n') c = ' ';
  }
  if (page.text.empty() && !options.keep_pages_without_text) {
    return common::InvalidField("body", "no text is left after extraction");
  }
  page.source_charset = std::move(decoded->charset);
  return page;
}

}  // namespace newsflow::extract
