// extract::ExtractFromHtml and extract::ExtractPage on arbitrary bytes. The first byte picks the
// page format and charset hint for ExtractPage; the rest is the page. Checked: extracted text
// and metadata are valid UTF-8 whenever the input was, dates are real "YYYY-MM-DD" days, and
// ExtractPage's text and title are already normalized (one-line title).
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>

#include "newsflow/extract/html_extractor.h"
#include "newsflow/extract/page.h"
#include "newsflow/text/normalize.h"

#include "fuzz_check.h"

namespace {

namespace extract = newsflow::extract;
namespace text = newsflow::text;
using newsflow::fuzz::IsValidIsoDate;

constexpr std::string_view kHints[] = {"", "UTF-8", "Shift_JIS", "EUC-JP", "windows-1252", ""};

// Smaller limits than production keep a single input fast; the code paths are the same.
const extract::HtmlExtractOptions kOptions = {.max_nodes = 50'000, .max_depth = 64};

void CheckFields(const extract::ExtractedPage& page) {
  for (const std::string* field : {&page.text, &page.title, &page.site_name, &page.language_hint,
                                   &page.description, &page.canonical_href, &page.dateline}) {
    NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(*field));
  }
  for (const std::string& author : page.authors) NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(author));
  for (const std::string& credit : page.credits) NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(credit));
}

void CheckDates(const extract::ExtractedPage& page) {
  NEWSFLOW_FUZZ_CHECK(page.published_date.empty() || IsValidIsoDate(page.published_date));
  NEWSFLOW_FUZZ_CHECK(page.modified_date.empty() || IsValidIsoDate(page.modified_date));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  // ExtractFromHtml takes UTF-8; on other bytes it only has to survive.
  const bool valid_utf8 = text::IsValidUtf8(bytes);
  const absl::StatusOr<extract::ExtractedPage> html = extract::ExtractFromHtml(bytes, kOptions);
  if (html.ok()) {
    CheckDates(*html);
    if (valid_utf8) CheckFields(*html);
  }

  const extract::PageInput input = {
      .bytes = bytes,
      .format = (data[0] & 1) != 0 ? extract::PageFormat::kText : extract::PageFormat::kHtml,
      .charset_hint = kHints[(data[0] >> 1) % std::size(kHints)],
  };
  const absl::StatusOr<extract::ExtractedPage> page = extract::ExtractPage(input, kOptions);
  if (page.ok()) {
    CheckFields(*page);
    CheckDates(*page);
    NEWSFLOW_FUZZ_CHECK(!page->text.empty());
    NEWSFLOW_FUZZ_CHECK(!page->source_charset.empty());
    NEWSFLOW_FUZZ_CHECK(text::NormalizeText(page->text) == page->text);
    NEWSFLOW_FUZZ_CHECK(page->title.find('\n') == std::string::npos);
  } else {
    NEWSFLOW_FUZZ_CHECK(page.status().code() == absl::StatusCode::kInvalidArgument);
  }
  return 0;
}
