#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsflow::extract::internal {

struct PrescanResult {
  /// Start tags seen outside comments and raw-text elements: an upper bound of the elements
  /// the page has in its source (the parser may add a few implied ones).
  size_t start_tags = 0;
  /// True when `flattened` holds a copy of the page with the start and end tags nested
  /// deeper than the limit removed (their text kept).
  bool flattened = false;
};

/// A linear scan over the tags of `html` that counts start tags and, when elements nest
/// deeper than `max_depth`, writes a flattened copy to `*flattened`. This keeps the parser's
/// work linear: HTML5 tree construction scans the stack of open elements for many tags, which
/// is quadratic on pathologically deep pages. Elements whose end tag is optional (p, li, td, ...)
/// and void elements do not count toward depth. Stops early once `max_tags` is exceeded.
PrescanResult PrescanHtml(std::string_view html, size_t max_depth, size_t max_tags,
                          std::string* flattened);

}  // namespace newsflow::extract::internal
