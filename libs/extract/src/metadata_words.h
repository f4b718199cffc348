#pragma once

#include <string>
#include <string_view>
#include <vector>

// Words of a text as the metadata rules compare them.

namespace newsflow::extract::internal {

/// The lowercased words of `text`: runs of letters and digits (any script), so "L-Mag" is
/// "l" and "mag" and "o" never matches inside "opinion".
std::vector<std::string> LowerWords(std::string_view text);

}  // namespace newsflow::extract::internal
