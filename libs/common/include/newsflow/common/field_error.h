#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <absl/status/status.h>

namespace newsflow::common {

/// One rejected input field: `field` is a request path such as "article.url".
struct FieldViolation {
  std::string field;
  std::string description;
};

/// INVALID_ARGUMENT carrying the violated field as a Status payload, so pure libraries can
/// say which field was wrong without depending on gRPC or protobuf. Thread-safe.
absl::Status InvalidField(std::string_view field, std::string_view description);

/// The field violations a Status carries (empty when it carries none). Thread-safe.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

/// Returns `status` with every violation's field prefixed by `prefix` (e.g. "article.").
absl::Status PrefixFields(const absl::Status& status, std::string_view prefix);

}  // namespace newsflow::common
