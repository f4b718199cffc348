#pragma once

#include <string>
#include <string_view>

namespace newsflow::extract {

/// Parses one date expression into "YYYY-MM-DD", or returns empty. Accepts ISO 8601 and
/// RFC 3339/2822 timestamps, "2024年6月19日", "11月 15, 2024", "Nov. 5, 2024", "5 November 2024",
/// "2024/06/19", "19.06.2024". Rejects impossible dates. Thread-safe.
std::string ParseDate(std::string_view text);

}  // namespace newsflow::extract
