#include "newsflow/entities/entity.h"

#include <gtest/gtest.h>

namespace newsflow::entities {
namespace {

EntityMention Mention(uint32_t begin, const std::string& id, EntityType type) {
  EntityMention mention;
  mention.begin = begin;
  mention.end = begin + 1;
  mention.entity_id = id;
  mention.canonical_name = "name of " + id;
  mention.type = type;
  return mention;
}

TEST(EntityTest, TypeNames) {
  EXPECT_STREQ(EntityTypeName(EntityType::kPerson), "PER");
  EXPECT_STREQ(EntityTypeName(EntityType::kOrganization), "ORG");
  EXPECT_STREQ(EntityTypeName(EntityType::kLocation), "LOC");
}

TEST(SummarizeTest, EmptyInputGivesEmptySummary) { EXPECT_TRUE(Summarize({}).empty()); }

TEST(SummarizeTest, GroupsByIdMostMentionedFirstTiesByFirstMention) {
  const std::vector<EntityMention> mentions = {
      Mention(0, "nf:b", EntityType::kLocation),      Mention(5, "nf:a", EntityType::kPerson),
      Mention(9, "nf:c", EntityType::kOrganization),  Mention(12, "nf:a", EntityType::kPerson),
      Mention(20, "nf:c", EntityType::kOrganization), Mention(30, "nf:a", EntityType::kPerson),
      Mention(40, "nf:d", EntityType::kLocation)};
  const std::vector<EntitySummary> summary = Summarize(mentions);
  ASSERT_EQ(summary.size(), 4u);
  EXPECT_EQ(summary[0].entity_id, "nf:a");
  EXPECT_EQ(summary[0].mention_count, 3u);
  EXPECT_EQ(summary[0].type, EntityType::kPerson);
  EXPECT_EQ(summary[0].canonical_name, "name of nf:a");
  EXPECT_EQ(summary[1].entity_id, "nf:c");
  EXPECT_EQ(summary[1].mention_count, 2u);
  // nf:b and nf:d have one mention each: nf:b was mentioned first.
  EXPECT_EQ(summary[2].entity_id, "nf:b");
  EXPECT_EQ(summary[3].entity_id, "nf:d");
  EXPECT_EQ(summary[3].mention_count, 1u);
}

TEST(SummarizeTest, TieBreakUsesOffsetNotInputOrder) {
  const std::vector<EntityMention> mentions = {Mention(50, "nf:late", EntityType::kPerson),
                                               Mention(3, "nf:early", EntityType::kPerson)};
  const std::vector<EntitySummary> summary = Summarize(mentions);
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[0].entity_id, "nf:early");
  EXPECT_EQ(summary[1].entity_id, "nf:late");
}

}  // namespace
}  // namespace newsflow::entities
