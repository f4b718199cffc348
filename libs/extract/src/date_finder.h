#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "newsflow/extract/dates.h"

namespace newsflow::extract::internal {

/// One date expression found in a text.
struct DateMatch {
  /// Byte range of the expression in the searched text.
  size_t begin = 0;
  size_t end = 0;
  /// "YYYY-MM-DD".
  std::string date;
};

/// Finds the first valid date expression (any format ParseDate accepts, not anchored) in
/// `text` at or after byte `from`, reading ambiguous numeric dates in `order`. Returns false
/// when there is none.
bool FindDate(std::string_view text, DateMatch& match, size_t from = 0,
              NumericDateOrder order = NumericDateOrder::kUnknown);

}  // namespace newsflow::extract::internal
