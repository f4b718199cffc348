#include "stream_articles.h"

#include <gtest/gtest.h>

#include "newsflow/common/field_error.h"

namespace newsflow::ingest {
namespace {

v1::IngestStreamRequest Entry(uint64_t sequence, const std::string& url) {
  v1::IngestStreamRequest entry;
  entry.set_sequence(sequence);
  entry.mutable_article()->set_url(url);
  entry.mutable_article()->set_body("body of " + url);
  return entry;
}

TEST(StreamArticlesTest, ARequestWithoutMoreIsItsOwnArticle) {
  v1::IngestStreamRequest request = Entry(7, "https://a.example/1");
  std::vector<StreamArticle> articles = TakeStreamArticles(request);
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0].sequence, 7u);
  EXPECT_EQ(articles[0].article.url(), "https://a.example/1");
  EXPECT_EQ(articles[0].article.body(), "body of https://a.example/1");
  EXPECT_EQ(articles[0].field_prefix, "");
  EXPECT_TRUE(articles[0].malformed.ok());
}

TEST(StreamArticlesTest, EntriesOfMoreFollowTheOwnArticleInOrderWithTheirPlace) {
  v1::IngestStreamRequest request = Entry(1, "https://a.example/1");
  request.set_batch_responses(true);
  for (uint64_t s = 2; s <= 4; ++s) {
    *request.add_more() = Entry(s, "https://a.example/" + std::to_string(s));
  }
  std::vector<StreamArticle> articles = TakeStreamArticles(request);
  ASSERT_EQ(articles.size(), 4u);
  for (size_t i = 0; i < articles.size(); ++i) {
    EXPECT_EQ(articles[i].sequence, i + 1);
    EXPECT_EQ(articles[i].article.url(), "https://a.example/" + std::to_string(i + 1));
    EXPECT_TRUE(articles[i].malformed.ok());
  }
  EXPECT_EQ(articles[1].field_prefix, "more[0].");
  EXPECT_EQ(articles[3].field_prefix, "more[2].");
  // The request is emptied, ready for the next read.
  EXPECT_EQ(request.more_size(), 0);
}

TEST(StreamArticlesTest, AnEntryWithAMoreOfItsOwnIsMalformedAndNamed) {
  v1::IngestStreamRequest request = Entry(1, "https://a.example/1");
  *request.add_more() = Entry(2, "https://a.example/2");
  v1::IngestStreamRequest& nested = *request.add_more() = Entry(3, "https://a.example/3");
  *nested.add_more() = Entry(4, "https://a.example/4");
  std::vector<StreamArticle> articles = TakeStreamArticles(request);
  // The nested entry is not an article of the request: only its parent is answered.
  ASSERT_EQ(articles.size(), 3u);
  EXPECT_TRUE(articles[1].malformed.ok());
  EXPECT_EQ(articles[2].malformed.code(), absl::StatusCode::kInvalidArgument);
  std::vector<common::FieldViolation> violations = common::FieldViolationsOf(articles[2].malformed);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "more[1].more");
}

TEST(StreamArticlesTest, FieldViolationsOfAnEntryAreNamedFromTheRequest) {
  const absl::Status invalid = common::InvalidField("article.url", "required");
  std::vector<common::FieldViolation> own =
      common::FieldViolationsOf(NamedFromRequest("", invalid));
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].field, "article.url");
  std::vector<common::FieldViolation> entry =
      common::FieldViolationsOf(NamedFromRequest("more[3].", invalid));
  ASSERT_EQ(entry.size(), 1u);
  EXPECT_EQ(entry[0].field, "more[3].article.url");
  EXPECT_EQ(entry[0].description, "required");
  // Other outcomes keep their status as is.
  const absl::Status unavailable = absl::UnavailableError("broker down");
  EXPECT_EQ(NamedFromRequest("more[3].", unavailable), unavailable);
}

}  // namespace
}  // namespace newsflow::ingest
