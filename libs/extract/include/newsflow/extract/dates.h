#pragma once

#include <string>
#include <string_view>

namespace newsflow::extract {

/// How a page writes a numeric date whose day and month could be swapped ("06/07/2024").
enum class NumericDateOrder {
  kUnknown,     ///< such a date is no date
  kDayFirst,    ///< 6 July, as in British English and most languages
  kMonthFirst,  ///< June 7, as in American English
};

/// The order of a page in language `language_tag` ("en-GB", "de", "en_US"): day first for
/// languages and regions that write so, month first for en-US, en-PH and Filipino, unknown for
/// a bare "en", en-CA, Chinese, Japanese, Korean and an empty tag.
NumericDateOrder NumericDateOrderOf(std::string_view language_tag);

/// Parses one date expression into "YYYY-MM-DD", or returns empty. Accepts ISO 8601 and
/// RFC 3339/2822 timestamps, "2024年6月19日", "11月 15, 2024", "Nov. 5, 2024", "5 November 2024",
/// "2024/06/19", "19.06.2024", and "06/07/2024" when `order` says which number is the day.
/// Rejects impossible dates. Thread-safe.
std::string ParseDate(std::string_view text, NumericDateOrder order = NumericDateOrder::kUnknown);

}  // namespace newsflow::extract
