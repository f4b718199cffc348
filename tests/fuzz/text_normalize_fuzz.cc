// text::NormalizeText on arbitrary bytes: the output is valid UTF-8, has the promised line
// shape (no "\r", no empty lines, no spaces around a line) and normalizing again changes nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "newsflow/text/normalize.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace text = newsflow::text;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string normalized = text::NormalizeText(input);
  NEWSFLOW_FUZZ_CHECK(text::IsValidUtf8(normalized));
  NEWSFLOW_FUZZ_CHECK(newsflow::fuzz::HasNormalizedLines(normalized));
  NEWSFLOW_FUZZ_CHECK(text::NormalizeText(normalized) == normalized);
  NEWSFLOW_FUZZ_CHECK(text::CountCodePoints(normalized) <= normalized.size());
  return 0;
}
