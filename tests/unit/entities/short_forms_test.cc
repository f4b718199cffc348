#include "short_forms.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace newsflow::entities::internal {
namespace {

EntityMention Person(std::string surface, std::string canonical, std::string id) {
  return {.type = EntityType::kPerson,
          .surface = std::move(surface),
          .canonical_name = std::move(canonical),
          .entity_id = std::move(id)};
}

TEST(ShortFormsTest, FamilyNameAloneTakesTheFullNamesEntity) {
  std::vector<EntityMention> mentions = {Person("金正恩", "Kim Jong Un", "Q56226"),
                                         Person("金", "金", "nf:per:1")};
  LinkShortForms(mentions, {true, false});
  EXPECT_EQ(mentions[1].entity_id, "Q56226");
  EXPECT_EQ(mentions[1].canonical_name, "Kim Jong Un");
}

TEST(ShortFormsTest, LastWordAndKatakanaPartsLink) {
  std::vector<EntityMention> mentions = {
      Person("Anna Kowalska", "Anna Kowalska", "nf:per:anna"), Person("Kowalska", "Kowalska", "x"),
      Person("ウラジーミル・プーチン", "Vladimir Putin", "Q7747"),
      Person("プーチン", "プーチン", "y")};
  LinkShortForms(mentions, {false, false, true, false});
  EXPECT_EQ(mentions[1].entity_id, "nf:per:anna");
  EXPECT_EQ(mentions[3].entity_id, "Q7747");
}

EntityMention PersonAt(uint32_t begin, std::string surface, std::string id) {
  EntityMention mention = Person(std::move(surface), "", std::move(id));
  mention.canonical_name = mention.entity_id;
  mention.begin = begin;
  mention.end = begin + 1;
  return mention;
}

TEST(ShortFormsTest, SharedFamilyNameTakesThePersonNamedMostRecentlyBeforeIt) {
  // 朴英哲 ... 朴 ... 朴美善 ... 朴 ... 朴: each short form follows the person named last.
  std::vector<EntityMention> mentions = {
      PersonAt(0, "朴英哲", "nf:park-yc"), PersonAt(10, "朴", "x1"),
      PersonAt(20, "朴美善", "nf:park-ms"), PersonAt(30, "朴", "x2"), PersonAt(40, "朴", "x3")};
  LinkShortForms(mentions, {true, false, true, false, false});
  EXPECT_EQ(mentions[1].entity_id, "nf:park-yc");
  EXPECT_EQ(mentions[3].entity_id, "nf:park-ms");
  EXPECT_EQ(mentions[4].entity_id, "nf:park-ms");
  EXPECT_EQ(mentions[4].canonical_name, "nf:park-ms");

  // The order of the vector does not matter, only the offsets.
  std::vector<EntityMention> shuffled = {PersonAt(30, "Smith", "s"),
                                         PersonAt(20, "Jane Smith", "jane"),
                                         PersonAt(0, "John Smith", "john")};
  LinkShortForms(shuffled, {false, false, false});
  EXPECT_EQ(shuffled[0].entity_id, "jane");
}

TEST(ShortFormsTest, AmbiguousOrResolvedOrNonPersonMentionsAreLeftAlone) {
  std::vector<EntityMention> mentions = {PersonAt(0, "Smith", "c"), PersonAt(10, "John Smith", "a"),
                                         PersonAt(20, "Jane Smith", "b")};
  LinkShortForms(mentions, {false, false, false});
  EXPECT_EQ(mentions[0].entity_id, "c");  // two Smiths, neither named before: no guess

  // A single fitting person is taken wherever the full name stands.
  std::vector<EntityMention> later = {PersonAt(0, "Smith", "c"), PersonAt(10, "John Smith", "a")};
  LinkShortForms(later, {false, false});
  EXPECT_EQ(later[0].entity_id, "a");

  std::vector<EntityMention> resolved = {Person("金正恩", "Kim Jong Un", "Q56226"),
                                         Person("金", "Gold", "Q897")};
  LinkShortForms(resolved, {true, true});
  EXPECT_EQ(resolved[1].entity_id, "Q897");  // the alias table decided

  std::vector<EntityMention> place = {
      Person("金正恩", "Kim Jong Un", "Q56226"),
      {.type = EntityType::kLocation, .surface = "金", .entity_id = "l"}};
  LinkShortForms(place, {true, false});
  EXPECT_EQ(place[1].entity_id, "l");
}

TEST(ShortFormsTest, OnlyShortHanPrefixesCount) {
  std::vector<EntityMention> mentions = {Person("習近平", "Xi Jinping", "Q15031"),
                                         Person("近平", "近平", "z"), Person("習近", "習近", "w")};
  LinkShortForms(mentions, {true, false, false});
  EXPECT_EQ(mentions[1].entity_id, "z");       // not a prefix
  EXPECT_EQ(mentions[2].entity_id, "Q15031");  // two-character prefix of a three-character name
}

}  // namespace
}  // namespace newsflow::entities::internal
