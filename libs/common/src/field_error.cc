#include "newsflow/common/field_error.h"

#include <absl/strings/cord.h>
#include <absl/strings/str_split.h>

namespace newsflow::common {
namespace {

// Payload layout: one "field\tdescription" per line. Tabs and newlines inside either part are
// replaced by spaces when written, so the layout cannot be broken by user-supplied text.
// Debian's Abseil has its own absl::string_view (not an alias of std::string_view).
constexpr absl::string_view kPayloadUrl = "type.newsflow.dev/newsflow.FieldViolations";

std::string Sanitize(std::string_view part) {
  std::string out(part);
  for (char& c : out) {
    if (c == '\t' || c == '\n') c = ' ';
  }
  return out;
}

std::string Encode(const std::vector<FieldViolation>& violations) {
  std::string payload;
  for (const FieldViolation& v : violations) {
    payload += Sanitize(v.field);
    payload += '\t';
    payload += Sanitize(v.description);
    payload += '\n';
  }
  return payload;
}

}  // namespace

absl::Status InvalidField(std::string_view field, std::string_view description) {
  absl::Status status =
      absl::InvalidArgumentError(std::string(field) + ": " + std::string(description));
  status.SetPayload(kPayloadUrl,
                    absl::Cord(Encode({{std::string(field), std::string(description)}})));
  return status;
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> violations;
  auto payload = status.GetPayload(kPayloadUrl);  // absl::optional<absl::Cord>
  if (!payload.has_value()) return violations;
  for (absl::string_view line : absl::StrSplit(std::string(*payload), '\n', absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts = absl::StrSplit(line, absl::MaxSplits('\t', 1));
    violations.push_back({std::move(parts.first), std::move(parts.second)});
  }
  return violations;
}

absl::Status PrefixFields(const absl::Status& status, std::string_view prefix) {
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (violations.empty()) return status;
  for (FieldViolation& v : violations) v.field = std::string(prefix) + v.field;
  absl::Status prefixed(status.code(), std::string(prefix) + std::string(status.message()));
  prefixed.SetPayload(kPayloadUrl, absl::Cord(Encode(violations)));
  return prefixed;
}

}  // namespace newsflow::common
