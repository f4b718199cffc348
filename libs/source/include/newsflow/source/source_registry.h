#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>

namespace newsflow::source {

enum class SourceKind {
  kUnknown,
  kNewspaper,
  kBroadcaster,
  kAgency,
  kMagazine,
  kOnline,
  kBlog,
  kAggregator,
  kGovernment
};

struct Publisher {
  std::string domain;  ///< registrable domain
  std::string name;
  std::string country;  ///< ISO 3166-1 alpha-2
  SourceKind kind = SourceKind::kUnknown;
};

/// Registrable domain -> publisher, loaded from a TSV data file (data/sources/registry.tsv).
/// Immutable after loading; thread-safe.
class SourceRegistry {
 public:
  static absl::StatusOr<std::shared_ptr<const SourceRegistry>> LoadFromFile(
      const std::string& path);
  static absl::StatusOr<std::shared_ptr<const SourceRegistry>> LoadFromString(std::string_view tsv);
  std::optional<Publisher> Find(std::string_view registrable_domain) const;
  size_t size() const;

 private:
  std::vector<Publisher> publishers_;  // sorted by domain
};

struct SourceInfo {
  Publisher publisher;  ///< name/kind empty when unknown; country may be a ccTLD guess
  bool known = false;
  std::vector<std::string> wire_agencies;  ///< canonical names: "AP", "Reuters", "Kyodo", ...
  std::string dateline;
};

/// Describes where an article comes from: the registry entry for its domain (or a country
/// guess from a ccTLD), the wire agencies credited in the text, and the dateline place.
SourceInfo DescribeSource(const SourceRegistry& registry, std::string_view registrable_domain,
                          std::string_view utf8_text);

/// Canonical wire-agency names credited in `utf8_text` ("(AP)", "ロイター通信", "AFP=時事").
std::vector<std::string> FindWireAgencies(std::string_view utf8_text);

}  // namespace newsflow::source
