#pragma once

#include <string>
#include <string_view>

namespace newsflow::source::internal {

/// The place named by a dateline at the start of `utf8_text` ("WASHINGTON (Reuters) -",
/// "【ワシントン共同】", "ハノイ（AP）―"), or "" when the text opens without one.
std::string FindDateline(std::string_view utf8_text);

}  // namespace newsflow::source::internal
