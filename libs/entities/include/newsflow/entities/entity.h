#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace newsflow::entities {

enum class EntityType { kPerson, kOrganization, kLocation };

/// "PER", "ORG", "LOC".
const char* EntityTypeName(EntityType type);

/// One mention in a text; offsets are code points, [begin, end).
struct EntityMention {
  uint32_t begin = 0;
  uint32_t end = 0;
  EntityType type = EntityType::kPerson;
  std::string surface;
  std::string canonical_name;
  std::string entity_id;
  float confidence = 0.0f;
};

/// One distinct entity with its number of mentions.
struct EntitySummary {
  std::string entity_id;
  std::string canonical_name;
  EntityType type = EntityType::kPerson;
  uint32_t mention_count = 0;
};

/// Groups mentions by entity_id, most mentioned first (ties: first mention first).
std::vector<EntitySummary> Summarize(const std::vector<EntityMention>& mentions);

}  // namespace newsflow::entities
