#include "stream_window.h"

#include <gtest/gtest.h>

#include "newsflow/common/field_error.h"

namespace newsflow::ingest {
namespace {

StreamArticle Article(uint64_t sequence, std::string field_prefix = "") {
  StreamArticle article;
  article.sequence = sequence;
  article.field_prefix = std::move(field_prefix);
  return article;
}

std::string FieldOf(const absl::Status& status) {
  std::vector<common::FieldViolation> violations = common::FieldViolationsOf(status);
  return violations.size() == 1 ? violations[0].field : "";
}

TEST(StreamWindowTest, EveryArticleOfARequestCountsAgainstTheWindow) {
  StreamWindow window(4);
  EXPECT_TRUE(window.HasRoom());
  // One request of three articles, read with the whole window free.
  for (uint64_t s = 1; s <= 3; ++s) EXPECT_TRUE(window.Admit(Article(s)).ok());
  EXPECT_EQ(window.unanswered(), 3);
  EXPECT_TRUE(window.HasRoom());
  // The next request, read with room for one, brings three: the two beyond the window are
  // refused, to be sent again.
  EXPECT_TRUE(window.Admit(Article(4)).ok());
  const absl::Status fifth = window.Admit(Article(5, "more[0]."));
  const absl::Status sixth = window.Admit(Article(6, "more[1]."));
  EXPECT_EQ(fifth.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(sixth.code(), absl::StatusCode::kResourceExhausted);
  // Refusals are answers too: they hold the window until written.
  EXPECT_EQ(window.unanswered(), 6);
  EXPECT_FALSE(window.HasRoom());
  window.Answered(2);
  EXPECT_FALSE(window.HasRoom());
  window.Release(1);
  window.Answered(1);
  EXPECT_TRUE(window.HasRoom());
  EXPECT_EQ(window.unanswered(), 3);
}

TEST(StreamWindowTest, ASequenceInFlightIsRefusedUntilReleased) {
  StreamWindow window(16);
  ASSERT_TRUE(window.Admit(Article(9)).ok());
  const absl::Status again = window.Admit(Article(9, "more[2]."));
  EXPECT_EQ(again.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(again), "more[2].sequence");
  // The refused duplicate did not take the sequence over: releasing the first frees it.
  window.Release(9);
  EXPECT_TRUE(window.Admit(Article(9)).ok());
}

TEST(StreamWindowTest, AMalformedEntryIsAnsweredWithItsMalformationAndHoldsNoSequence) {
  StreamWindow window(16);
  StreamArticle nested = Article(3, "more[0].");
  nested.malformed = common::InvalidField("more[0].more", "nested");
  EXPECT_EQ(FieldOf(window.Admit(nested)), "more[0].more");
  EXPECT_EQ(window.unanswered(), 1);
  EXPECT_TRUE(window.Admit(Article(3)).ok());
}

}  // namespace
}  // namespace newsflow::ingest
