#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>

#include "newsflow/entities/entity.h"

namespace newsflow::entities {

struct CanonicalEntity {
  std::string entity_id;  ///< "nf:<slug>"
  std::string canonical_name;
  EntityType type = EntityType::kPerson;
};

/// Curated aliases (data file data/entities/aliases.tsv): surface variants in any script
/// mapped to one canonical entity. Immutable after loading; thread-safe.
class AliasTable {
 public:
  /// Loads the TSV file. INVALID_ARGUMENT names the line of a malformed entry.
  static absl::StatusOr<std::shared_ptr<const AliasTable>> LoadFromFile(const std::string& path);
  static absl::StatusOr<std::shared_ptr<const AliasTable>> LoadFromString(std::string_view tsv);

  /// Exact lookup of a (NFKC, case-folded) surface form.
  std::optional<CanonicalEntity> Find(std::string_view surface) const;

  virtual ~AliasTable() = default;

 protected:
  AliasTable() = default;
  virtual std::optional<CanonicalEntity> FindNormalized(std::string_view key) const = 0;
};

/// The id for an entity the alias table does not know: "nf:<type>:<16 hex of a hash of the
/// normalized surface>".
std::string FallbackEntityId(EntityType type, std::string_view surface);

}  // namespace newsflow::entities
