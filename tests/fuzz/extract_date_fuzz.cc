// extract::ParseDate on arbitrary bytes: the result is empty or a real "YYYY-MM-DD" day, and a
// result parses to itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "newsflow/extract/dates.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace extract = newsflow::extract;
  const std::string date =
      extract::ParseDate(std::string_view(reinterpret_cast<const char*>(data), size));
  if (date.empty()) return 0;
  NEWSFLOW_FUZZ_CHECK(newsflow::fuzz::IsValidIsoDate(date));
  NEWSFLOW_FUZZ_CHECK(extract::ParseDate(date) == date);
  return 0;
}
