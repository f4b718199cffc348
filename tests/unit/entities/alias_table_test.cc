#include "newsflow/entities/alias_table.h"

#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newsflow::entities {
namespace {

using ::testing::HasSubstr;

constexpr char kHeader[] = "entity_id\ttype\tcanonical_name\taliases\n";

std::string DataFile() { return std::string(NEWSFLOW_SOURCE_DIR) + "/data/entities/aliases.tsv"; }

TEST(AliasTableTest, FindsCanonicalNameAndAliasesInAnyScriptAndWidth) {
  auto table = AliasTable::LoadFromString(std::string("# comment\n\n") + kHeader +
                                          "nf:vladimir-putin\tPER\tVladimir Putin\tPutin|プーチン\n"
                                          "nf:tokyo\tLOC\tTokyo\t東京|東京都\n");
  ASSERT_TRUE(table.ok()) << table.status();
  for (const char* surface :
       {"Vladimir Putin", "vladimir  PUTIN", "プーチン", "ＰＵＴＩＮ", " Putin "}) {
    auto found = (*table)->Find(surface);
    ASSERT_TRUE(found.has_value()) << surface;
    EXPECT_EQ(found->entity_id, "nf:vladimir-putin");
    EXPECT_EQ(found->canonical_name, "Vladimir Putin");
    EXPECT_EQ(found->type, EntityType::kPerson);
  }
  auto tokyo = (*table)->Find("東京都");
  ASSERT_TRUE(tokyo.has_value());
  EXPECT_EQ(tokyo->type, EntityType::kLocation);
  EXPECT_FALSE((*table)->Find("Putin Vladimir").has_value());
  EXPECT_FALSE((*table)->Find("").has_value());
  EXPECT_EQ((*table)->size(), 6u);  // canonical names count as aliases
}

TEST(AliasTableTest, RejectsBadTypeNamingTheLine) {
  auto table = AliasTable::LoadFromString(std::string("# c\n") + kHeader +
                                          "nf:a\tPER\tA\t\n"
                                          "nf:b\tPERSON\tB\tbee\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), HasSubstr("line 4"));
  EXPECT_THAT(table.status().message(), HasSubstr("PERSON"));
}

TEST(AliasTableTest, RejectsMissingFields) {
  auto table = AliasTable::LoadFromString(std::string(kHeader) + "nf:a\tPER\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), HasSubstr("line 2"));
}

TEST(AliasTableTest, RejectsAliasMappedToTwoIds) {
  auto table = AliasTable::LoadFromString(std::string(kHeader) +
                                          "nf:korea-south\tLOC\tSouth Korea\tKorea\n"
                                          "nf:korea-north\tLOC\tNorth Korea\tＫＯＲＥＡ\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), HasSubstr("line 3"));
  EXPECT_THAT(table.status().message(), HasSubstr("nf:korea-south"));
}

TEST(AliasTableTest, AcceptsTheSameAliasTwiceForOneEntity) {
  auto table =
      AliasTable::LoadFromString(std::string(kHeader) + "nf:japan\tLOC\tJapan\tjapan|JAPAN|日本\n");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ((*table)->Find("Japan")->entity_id, "nf:japan");
}

TEST(AliasTableTest, RejectsBadIdsRepeatedIdsAndMissingHeader) {
  EXPECT_EQ(
      AliasTable::LoadFromString(std::string(kHeader) + "putin\tPER\tPutin\t\n").status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      AliasTable::LoadFromString(std::string(kHeader) + "nf:Putin\tPER\tPutin\t\n").status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AliasTable::LoadFromString(std::string(kHeader) + "nf:a\tPER\tA\t\nnf:a\tPER\tB\t\n")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AliasTable::LoadFromString(std::string(kHeader) + "nf:a\tPER\t \t\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto no_header = AliasTable::LoadFromString("nf:a\tPER\tA\t\n");
  EXPECT_EQ(no_header.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(no_header.status().message(), HasSubstr("line 1"));
  EXPECT_EQ(AliasTable::LoadFromString("# only comments\n").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AliasTableTest, MissingFileIsNotFound) {
  EXPECT_EQ(AliasTable::LoadFromFile(DataFile() + ".missing").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(AliasTableTest, ShippedTableLoadsAndKnowsVariants) {
  auto table = AliasTable::LoadFromFile(DataFile());
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_GT((*table)->size(), 600u);
  const std::string kim = (*table)->Find("Kim Jong Un")->entity_id;
  for (const char* surface : {"金正恩", "キム・ジョンウン", "金総書記", "Kim Jong-un"}) {
    ASSERT_TRUE((*table)->Find(surface).has_value()) << surface;
    EXPECT_EQ((*table)->Find(surface)->entity_id, kim) << surface;
  }
  EXPECT_EQ((*table)->Find("Путин")->canonical_name, "Vladimir Putin");
  EXPECT_EQ((*table)->Find("北朝鮮")->canonical_name, "North Korea");
  EXPECT_EQ((*table)->Find("ロイター通信")->type, EntityType::kOrganization);
  // Ids are unique per entity.
  std::set<std::string> ids;
  std::set<std::string> names;
  (*table)->ForEachAlias([&](std::string_view, std::string_view, const CanonicalEntity& entity) {
    ids.insert(entity.entity_id);
    names.insert(entity.canonical_name);
  });
  EXPECT_EQ(ids.size(), names.size());
  EXPECT_GT(ids.size(), 250u);
}

TEST(FallbackEntityIdTest, StableTypedAndNormalized) {
  const std::string id = FallbackEntityId(EntityType::kPerson, "John Smith");
  EXPECT_EQ(id.rfind("nf:per:", 0), 0u);
  EXPECT_EQ(id.size(), 7u + 16u);
  // The first 8 bytes of SHA-256("john smith"): pinned so that ids never change.
  EXPECT_EQ(id, "nf:per:32ddaf65cc3aa8d3");
  EXPECT_EQ(FallbackEntityId(EntityType::kPerson, "ＪＯＨＮ  SMITH"), id);
  EXPECT_NE(FallbackEntityId(EntityType::kPerson, "John Smyth"), id);
  EXPECT_EQ(FallbackEntityId(EntityType::kOrganization, "Acme").rfind("nf:org:", 0), 0u);
  EXPECT_EQ(FallbackEntityId(EntityType::kLocation, "Atlantis").rfind("nf:loc:", 0), 0u);
}

}  // namespace
}  // namespace newsflow::entities
