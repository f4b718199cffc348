// extract::CleanText on arbitrary bytes. For valid UTF-8 input every field is valid UTF-8 and
// the dates it finds are real "YYYY-MM-DD" days; on other bytes it only has to survive.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "newsflow/extract/text_cleaner.h"
#include "newsflow/text/normalize.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace extract = newsflow::extract;
  namespace text = newsflow::text;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const extract::ExtractedPage page = extract::CleanText(input);
  NEWSFLOW_FUZZ_CHECK(page.published_date.empty() ||
                      newsflow::fuzz::IsValidIsoDate(page.published_date));
  NEWSFLOW_FUZZ_CHECK(page.modified_date.empty() ||
                      newsflow::fuzz::IsValidIsoDate(page.modified_date));
  if (text::IsValidUtf8(input)) {
    NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(page.text));
    NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(page.title));
    NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(page.dateline));
    for (const std::string& credit : page.credits) NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(credit));
    for (const std::string& author : page.authors) NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(author));
  }
  return 0;
}
