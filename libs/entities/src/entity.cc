#include "newsflow/entities/entity.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace newsflow::entities {

const char* EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return "PER";
    case EntityType::kOrganization:
      return "ORG";
    case EntityType::kLocation:
      return "LOC";
  }
  return "UNKNOWN";
}

std::vector<EntitySummary> Summarize(const std::vector<EntityMention>& mentions) {
  struct Group {
    EntitySummary summary;
    uint32_t first_begin = 0;
    size_t first_index = 0;
  };
  std::vector<Group> groups;
  std::unordered_map<std::string_view, size_t> index_by_id;
  for (size_t i = 0; i < mentions.size(); ++i) {
    const EntityMention& mention = mentions[i];
    auto [it, inserted] = index_by_id.try_emplace(mention.entity_id, groups.size());
    if (inserted) {
      Group group;
      group.summary.entity_id = mention.entity_id;
      group.summary.canonical_name = mention.canonical_name;
      group.summary.type = mention.type;
      group.first_begin = mention.begin;
      group.first_index = i;
      groups.push_back(std::move(group));
    }
    Group& group = groups[it->second];
    ++group.summary.mention_count;
    // Mentions are normally sorted by offset, but the order of the input must not matter.
    if (mention.begin < group.first_begin) group.first_begin = mention.begin;
  }
  std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    if (a.summary.mention_count != b.summary.mention_count) {
      return a.summary.mention_count > b.summary.mention_count;
    }
    if (a.first_begin != b.first_begin) return a.first_begin < b.first_begin;
    return a.first_index < b.first_index;
  });
  std::vector<EntitySummary> result;
  result.reserve(groups.size());
  for (Group& group : groups) result.push_back(std::move(group.summary));
  return result;
}

}  // namespace newsflow::entities
