#pragma once

#include <functional>
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
///
/// File format: UTF-8, tab-separated. Lines starting with '#' and blank lines are ignored. The
/// first other line is the header `entity_id<TAB>type<TAB>canonical_name<TAB>aliases`; each row
/// then gives an id "nf:<slug>" (slug: [a-z0-9-]), a type (PER, ORG or LOC), the English
/// canonical name (itself an alias) and '|'-separated aliases in any script.
class AliasTable {
 public:
  /// Loads the TSV file. INVALID_ARGUMENT names the line of a malformed entry (bad type or id,
  /// missing fields, an alias mapped to two ids, a repeated id); NOT_FOUND if it cannot be read.
  static absl::StatusOr<std::shared_ptr<const AliasTable>> LoadFromFile(const std::string& path);
  static absl::StatusOr<std::shared_ptr<const AliasTable>> LoadFromString(std::string_view tsv);

  /// Exact lookup of a (NFKC, case-folded) surface form.
  std::optional<CanonicalEntity> Find(std::string_view surface) const;

  /// Calls `visit` once per alias as written in the file, with its normalized form (see
  /// NormalizeSurface) and entity, in no particular order. Several surfaces may share one
  /// normalized form. Used to build matchers over the table.
  virtual void ForEachAlias(
      const std::function<void(std::string_view normalized_alias, std::string_view surface,
                               const CanonicalEntity& entity)>& visit) const = 0;

  /// Number of distinct normalized aliases.
  virtual size_t size() const = 0;

  virtual ~AliasTable() = default;

 protected:
  AliasTable() = default;
  virtual std::optional<CanonicalEntity> FindNormalized(std::string_view key) const = 0;
};

/// The lookup key of a surface: ICU NFKC_Casefold, surrounding white space removed and inner
/// white space runs collapsed to one U+0020. Thread-safe.
std::string NormalizeSurface(std::string_view surface);

/// The id for an entity the alias table does not know: "nf:<per|org|loc>:<16 hex of the
/// SHA-256 of the normalized surface>". Stable across runs and platforms. Thread-safe.
std::string FallbackEntityId(EntityType type, std::string_view surface);

}  // namespace newsflow::entities
