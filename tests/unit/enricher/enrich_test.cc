#include "enrich.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "source_tree_resources.h"

namespace newsflow::enricher {
namespace {

std::string CodePoints(const std::string& text, uint32_t begin, uint32_t end) {
  std::u32string wide;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    wide.push_back(static_cast<char32_t>(i));  // byte offset of each code point
    i += n;
  }
  wide.push_back(static_cast<char32_t>(text.size()));
  return text.substr(wide[begin], wide[end] - wide[begin]);
}

TEST(EnrichTest, GarbageRecordIsInvalidArgument) {
  absl::StatusOr<v1::EnrichedArticle> result =
      Enrich(std::string("\xff\xff\xff\xff garbage", 12), SourceTreeResources(), absl::Now());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(EnrichTest, RecordWithoutArticleIdIsInvalidArgument) {
  v1::NormalizedArticle article;
  article.set_text("本文");
  EXPECT_EQ(Enrich(article.SerializeAsString(), SourceTreeResources(), absl::Now()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(EnrichTest, JapaneseArticleGetsLanguageEntitiesAndSource) {
  v1::NormalizedArticle article;
  article.set_article_id("0123456789abcdef0123456789abcdef");
  article.set_registrable_domain("example.jp");
  article.set_text(
      "ハノイ（AP）― ロシアのプーチン大統領は19日、北朝鮮の金正恩総書記と平壌で会談した。\n"
      "プーチン氏はその後、ベトナムの首都ハノイを訪れた。");
  absl::StatusOr<v1::EnrichedArticle> enriched =
      Enrich(article.SerializeAsString(), SourceTreeResources(), absl::Now());
  ASSERT_TRUE(enriched.ok()) << enriched.status();
  EXPECT_EQ(enriched->language().code(), "ja");
  EXPECT_GT(enriched->language().confidence(), 0.5f);
  std::vector<std::string> canonical;
  for (const v1::Entity& entity : enriched->entities()) {
    canonical.push_back(entity.canonical_name());
  }
  EXPECT_THAT(canonical, ::testing::IsSupersetOf({"Vladimir Putin", "Kim Jong Un", "Russia",
                                                  "North Korea", "Pyongyang"}));
  for (const v1::EntityMention& mention : enriched->mentions()) {
    EXPECT_EQ(CodePoints(enriched->article().text(), mention.begin(), mention.end()),
              mention.surface());
  }
  EXPECT_EQ(enriched->source().domain(), "example.jp");
  EXPECT_EQ(enriched->source().country(), "JP");
  EXPECT_THAT(enriched->source().wire_agencies(), ::testing::Contains("AP"));
  EXPECT_EQ(enriched->article().article_id(), article.article_id());
  EXPECT_FALSE(enriched->enricher_version().empty());
}

TEST(EnrichTest, StageTimingsAddUpToNoMoreThanTheCall) {
  v1::NormalizedArticle article;
  article.set_article_id("0123456789abcdef0123456789abcdef");
  article.set_registrable_domain("example.jp");
  article.set_text("ロシアのプーチン大統領は19日、北朝鮮の金正恩総書記と平壌で会談した。");
  const std::string record = article.SerializeAsString();
  const EnrichResources& resources = SourceTreeResources();
  StageTimings timings{.parse = absl::Hours(1),
                       .language = absl::Hours(1),
                       .entities = absl::Hours(1),
                       .source = absl::Hours(1)};
  const absl::Time before = absl::Now();
  ASSERT_TRUE(Enrich(record, resources, absl::Now(), &timings).ok());
  const absl::Duration call = absl::Now() - before;
  for (absl::Duration stage : {timings.parse, timings.language, timings.entities, timings.source}) {
    EXPECT_GE(stage, absl::ZeroDuration());
  }
  EXPECT_LE(timings.parse + timings.language + timings.entities + timings.source, call);
  // Every stage was written (none kept its sentinel) and recognizing entities did some work.
  EXPECT_GT(timings.entities, absl::ZeroDuration());
}

TEST(EnrichTest, SurnameOnSecondMentionIsTheSamePerson) {
  v1::NormalizedArticle article;
  article.set_article_id("0123456789abcdef0123456789abcdef");
  article.set_text(
      "Mexican President Claudia Sheinbaum met the delegation on Monday. Sheinbaum said talks "
      "would continue.");
  absl::StatusOr<v1::EnrichedArticle> enriched =
      Enrich(article.SerializeAsString(), SourceTreeResources(), absl::Now());
  ASSERT_TRUE(enriched.ok()) << enriched.status();
  std::vector<std::string> ids;
  for (const v1::EntityMention& mention : enriched->mentions()) {
    if (mention.surface().find("Sheinbaum") != std::string::npos)
      ids.push_back(mention.entity_id());
  }
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], ids[1]);
  ASSERT_EQ(enriched->entities_size(), 1);
  EXPECT_EQ(enriched->entities(0).canonical_name(), "Claudia Sheinbaum");
  EXPECT_EQ(enriched->entities(0).mention_count(), 2u);
}

TEST(EnrichTest, EmptyTextIsUndeterminedWithoutEntities) {
  v1::NormalizedArticle article;
  article.set_article_id("id");
  absl::StatusOr<v1::EnrichedArticle> enriched =
      Enrich(article.SerializeAsString(), SourceTreeResources(), absl::Now());
  ASSERT_TRUE(enriched.ok());
  EXPECT_EQ(enriched->language().code(), "und");
  EXPECT_EQ(enriched->mentions_size(), 0);
}

}  // namespace
}  // namespace newsflow::enricher
