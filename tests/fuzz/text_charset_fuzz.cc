// text::DecodeToUtf8 on arbitrary bytes. The first byte picks the charset hint and whether the
// bytes are treated as HTML; the rest is the body. A successful decode is valid UTF-8 and names
// the charset it used; a hint that ICU knows is honoured.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>

#include "newsflow/text/charset.h"
#include "newsflow/text/normalize.h"

#include "fuzz_check.h"

namespace {

// Empty means "no hint"; the last entry is a name ICU does not know.
constexpr std::string_view kHints[] = {
    "",         "UTF-8",       "utf8",         "Shift_JIS",
    "EUC-JP",   "ISO-2022-JP", "windows-1252", "ISO-8859-1",
    "GB18030",  "Big5",        "EUC-KR",       "UTF-16LE",
    "UTF-16BE", "KOI8-R",      "windows-1251", "x-no-such-charset",
};
constexpr size_t kUnknownHint = std::size(kHints) - 1;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace text = newsflow::text;
  if (size == 0) return 0;
  const size_t hint_index = (data[0] >> 1) % std::size(kHints);
  const bool is_html = (data[0] & 1) != 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);

  const absl::StatusOr<text::DecodedText> decoded =
      text::DecodeToUtf8(body, {.charset_hint = kHints[hint_index], .is_html = is_html});
  if (hint_index == kUnknownHint) NEWSFLOW_FUZZ_CHECK(!decoded.ok());
  if (decoded.ok()) {
    NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(decoded->utf8));
    NEWSFLOW_FUZZ_CHECK(!decoded->charset.empty());
    if (!kHints[hint_index].empty()) {
      NEWSFLOW_FUZZ_CHECK(decoded->source == text::CharsetSource::kHint);
    }
  } else {
    NEWSFLOW_FUZZ_CHECK(decoded.status().code() == absl::StatusCode::kInvalidArgument);
  }
  // The prescan returns a label copied from the bytes (or "UTF-8" for a UTF-16 label).
  const std::string label = text::SniffMetaCharset(body);
  NEWSFLOW_FUZZ_CHECK(label.size() <= body.size());
  return 0;
}
