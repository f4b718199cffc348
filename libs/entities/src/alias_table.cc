#include "newsflow/entities/alias_table.h"

#include <openssl/sha.h>

#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <absl/status/status.h>
#include <absl/strings/str_cat.h>

#include "text_util.h"

namespace newsflow::entities {
namespace {

constexpr std::string_view kHeader = "entity_id\ttype\tcanonical_name\taliases";

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<EntityType> ParseType(std::string_view name) {
  if (name == "PER") return EntityType::kPerson;
  if (name == "ORG") return EntityType::kOrganization;
  if (name == "LOC") return EntityType::kLocation;
  return std::nullopt;
}

bool IsValidEntityId(std::string_view id) {
  if (id.size() <= 3 || id.substr(0, 3) != "nf:") return false;
  for (char c : id.substr(3)) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

class TsvAliasTable final : public AliasTable {
 public:
  static absl::StatusOr<std::shared_ptr<const AliasTable>> Parse(std::string_view tsv) {
    auto table = std::shared_ptr<TsvAliasTable>(new TsvAliasTable());
    std::unordered_set<std::string> ids;
    bool seen_header = false;
    size_t line_number = 0;
    for (std::string_view raw_line : internal::Split(tsv, '\n')) {
      ++line_number;
      if (!raw_line.empty() && raw_line.back() == '\r') raw_line.remove_suffix(1);
      if (line_number == 1 && raw_line.substr(0, 3) == "\xEF\xBB\xBF") raw_line.remove_prefix(3);
      if (TrimAscii(raw_line).empty() || raw_line.front() == '#') continue;
      if (!seen_header) {
        if (raw_line != kHeader) {
          return absl::InvalidArgumentError(absl::StrCat("aliases line ", line_number,
                                                         ": expected the header \"entity_id",
                                                         "\\ttype\\tcanonical_name\\taliases\""));
        }
        seen_header = true;
        continue;
      }
      const std::vector<std::string_view> fields = internal::Split(raw_line, '\t');
      if (fields.size() != 4) {
        return absl::InvalidArgumentError(
            absl::StrCat("aliases line ", line_number, ": expected 4 ",
                         "tab-separated fields, got ", fields.size()));
      }
      const std::string_view id = TrimAscii(fields[0]);
      if (!IsValidEntityId(id)) {
        return absl::InvalidArgumentError(absl::StrCat("aliases line ", line_number,
                                                       ": bad entity_id \"", std::string(id),
                                                       "\" (want nf:<slug>, slug [a-z0-9-])"));
      }
      if (!ids.emplace(id).second) {
        return absl::InvalidArgumentError(absl::StrCat("aliases line ", line_number, ": entity_id ",
                                                       std::string(id), " repeated"));
      }
      const std::optional<EntityType> type = ParseType(TrimAscii(fields[1]));
      if (!type) {
        return absl::InvalidArgumentError(
            absl::StrCat("aliases line ", line_number, ": bad type \"",
                         std::string(TrimAscii(fields[1])), "\" (want PER, ORG or LOC)"));
      }
      const std::string_view canonical_name = TrimAscii(fields[2]);
      if (canonical_name.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("aliases line ", line_number, ": empty canonical_name"));
      }
      const size_t entity_index = table->entities_.size();
      table->entities_.push_back(CanonicalEntity{.entity_id = std::string(id),
                                                 .canonical_name = std::string(canonical_name),
                                                 .type = *type});
      std::vector<std::string_view> surfaces = {canonical_name};
      for (std::string_view alias : internal::Split(fields[3], '|')) surfaces.push_back(alias);
      for (std::string_view surface : surfaces) {
        surface = TrimAscii(surface);
        if (surface.empty()) continue;  // "a||b" and a trailing '|' are tolerated
        std::string key = NormalizeSurface(surface);
        if (key.empty()) {
          return absl::InvalidArgumentError(absl::StrCat("aliases line ", line_number, ": alias \"",
                                                         std::string(surface),
                                                         "\" is empty once normalized"));
        }
        table->surfaces_.push_back(Surface{.text = std::string(surface), .key = key});
        auto [it, inserted] = table->index_.try_emplace(std::move(key), entity_index);
        if (!inserted && it->second != entity_index) {
          return absl::InvalidArgumentError(
              absl::StrCat("aliases line ", line_number, ": alias \"", std::string(surface),
                           "\" already maps to ", table->entities_[it->second].entity_id));
        }
      }
    }
    if (!seen_header) return absl::InvalidArgumentError("aliases: no header line");
    return std::shared_ptr<const AliasTable>(std::move(table));
  }

  void ForEachAlias(const std::function<void(std::string_view, std::string_view,
                                             const CanonicalEntity&)>& visit) const override {
    for (const Surface& surface : surfaces_) {
      visit(surface.key, surface.text, entities_[index_.at(surface.key)]);
    }
  }

  size_t size() const override { return index_.size(); }

 protected:
  std::optional<CanonicalEntity> FindNormalized(std::string_view key) const override {
    auto it = index_.find(std::string(key));
    if (it == index_.end()) return std::nullopt;
    return entities_[it->second];
  }

 private:
  TsvAliasTable() = default;

  struct Surface {
    std::string text;
    std::string key;
  };

  std::vector<CanonicalEntity> entities_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<Surface> surfaces_;
};

}  // namespace

absl::StatusOr<std::shared_ptr<const AliasTable>> AliasTable::LoadFromFile(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open alias table ", path));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return absl::NotFoundError(absl::StrCat("cannot read alias table ", path));
  absl::StatusOr<std::shared_ptr<const AliasTable>> table = LoadFromString(content.str());
  if (!table.ok()) {
    return absl::Status(table.status().code(), absl::StrCat(path, ": ", table.status().message()));
  }
  return table;
}

absl::StatusOr<std::shared_ptr<const AliasTable>> AliasTable::LoadFromString(std::string_view tsv) {
  return TsvAliasTable::Parse(tsv);
}

std::optional<CanonicalEntity> AliasTable::Find(std::string_view surface) const {
  const std::string key = NormalizeSurface(surface);
  if (key.empty()) return std::nullopt;
  return FindNormalized(key);
}

std::string NormalizeSurface(std::string_view surface) {
  return internal::NormalizeString(surface);
}

std::string FallbackEntityId(EntityType type, std::string_view surface) {
  const std::string key = NormalizeSurface(surface);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "nf:";
  switch (type) {
    case EntityType::kPerson:
      id += "per:";
      break;
    case EntityType::kOrganization:
      id += "org:";
      break;
    case EntityType::kLocation:
      id += "loc:";
      break;
  }
  for (int i = 0; i < 8; ++i) {
    id.push_back(kHex[digest[i] >> 4]);
    id.push_back(kHex[digest[i] & 0xF]);
  }
  return id;
}

}  // namespace newsflow::entities
