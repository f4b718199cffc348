#include "record_filter.h"

#include <gtest/gtest.h>

#include "newsflow/v1/enriched.pb.h"

namespace newsflow::cli {
namespace {

kafka::ConsumedRecord EnrichedRecord() {
  v1::EnrichedArticle enriched;
  enriched.mutable_article()->set_article_id("id1");
  enriched.mutable_article()->set_registrable_domain("example.jp");
  enriched.mutable_article()->set_host("news.example.jp");
  enriched.mutable_language()->set_code("ja");
  v1::Entity* entity = enriched.add_entities();
  entity->set_canonical_name("Vladimir Putin");
  entity->set_entity_id("nf:vladimir-putin");
  enriched.add_mentions()->set_surface("プーチン");
  enriched.mutable_source()->set_publisher("Example Shimbun");
  enriched.mutable_source()->add_wire_agencies("Kyodo");
  return {
      .topic = "newsflow.articles.enriched.v1",
      .key = "id1",
      .value = enriched.SerializeAsString(),
      .headers = {{"content-type", "application/x-protobuf; proto=newsflow.v1.EnrichedArticle"}}};
}

TEST(RecordFilterTest, EmptyFilterPassesEverything) {
  EXPECT_TRUE(MatchesFilter(EnrichedRecord(), {}));
  EXPECT_TRUE(MatchesFilter({.topic = "other", .value = "x"}, {}));
}

TEST(RecordFilterTest, LanguageMatchesTheMainLanguage) {
  EXPECT_TRUE(MatchesFilter(EnrichedRecord(), {.language = "ja"}));
  EXPECT_TRUE(MatchesFilter(EnrichedRecord(), {.language = "JA"}));
  EXPECT_FALSE(MatchesFilter(EnrichedRecord(), {.language = "en"}));
}

TEST(RecordFilterTest, EntityMatchesCanonicalNameIdOrSurface) {
  EXPECT_TRUE(MatchesFilter(EnrichedRecord(), {.entity = "vladimir putin"}));
  EXPECT_TRUE(MatchesFilter(EnrichedRecord(), {.entity = "nf:vladimir-putin"}));
  EXPECT_TRUE(MatchesFilter(EnrichedRecord(), {.entity = "プーチン"}));
  EXPECT_FALSE(MatchesFilter(EnrichedRecord(), {.entity = "Kim Jong Un"}));
}

TEST(RecordFilterTest, SourceMatchesDomainHostPublisherOrAgency) {
  for (const char* source : {"example.jp", "news.example.jp", "example shimbun", "Kyodo"}) {
    EXPECT_TRUE(MatchesFilter(EnrichedRecord(), {.source = source})) << source;
  }
  EXPECT_FALSE(MatchesFilter(EnrichedRecord(), {.source = "example.com"}));
}

TEST(RecordFilterTest, AllConditionsMustHold) {
  EXPECT_TRUE(MatchesFilter(EnrichedRecord(), {.language = "ja", .entity = "プーチン"}));
  EXPECT_FALSE(MatchesFilter(EnrichedRecord(), {.language = "ja", .entity = "Merkel"}));
}

TEST(RecordFilterTest, NormalizedRecordsMatchOnlyBySource) {
  v1::NormalizedArticle article;
  article.set_registrable_domain("example.jp");
  kafka::ConsumedRecord record{.topic = "newsflow.articles.normalized.v1",
                               .value = article.SerializeAsString()};
  EXPECT_TRUE(MatchesFilter(record, {.source = "example.jp"}));
  EXPECT_FALSE(MatchesFilter(record, {.language = "ja"}));
}

TEST(RecordFilterTest, UndecodableRecordDoesNotMatch) {
  kafka::ConsumedRecord record = EnrichedRecord();
  record.value = "\xff\xff garbage";
  EXPECT_FALSE(MatchesFilter(record, {.language = "ja"}));
}

}  // namespace
}  // namespace newsflow::cli
