#include "ingest_pipeline.h"

#include <optional>

#include <gtest/gtest.h>

#include "newsflow/common/field_error.h"
#include "newsflow/kafka/fake_producer.h"

namespace newsflow::ingest {
namespace {

using kafka::FakeProducer;

v1::RawArticle TextArticle(std::string url, std::string body) {
  v1::RawArticle raw;
  raw.set_url(std::move(url));
  raw.set_body(std::move(body));
  raw.set_content_type(v1::CONTENT_TYPE_TEXT);
  return raw;
}

// Captures the one answer the pipeline gives for an article.
struct Answer {
  std::optional<absl::StatusOr<v1::IngestResponse>> result;
  IngestCallback Callback() {
    return [this](absl::StatusOr<v1::IngestResponse> r) {
      ASSERT_FALSE(result.has_value()) << "answered twice";
      result = std::move(r);
    };
  }
};

class IngestPipelineTest : public ::testing::Test {
 protected:
  FakeProducer producer_;
  dedup::DuplicateIndex index_;
  IngestPipeline pipeline_{producer_, index_, {.topic = "normalized", .max_in_flight = 2}};
};

TEST_F(IngestPipelineTest, AcceptedArticleIsPublishedKeyedByArticleIdWithHeaders) {
  Answer answer;
  pipeline_.Ingest(TextArticle("https://news.example.jp/a", "本文の一文目です。二文目です。"),
                   answer.Callback());
  ASSERT_TRUE(answer.result.has_value());
  ASSERT_TRUE(answer.result->ok()) << answer.result->status();
  const v1::IngestResponse& response = **answer.result;
  EXPECT_EQ(response.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
  EXPECT_EQ(response.partition(), 0);
  EXPECT_EQ(response.offset(), 0);

  std::vector<kafka::OutgoingRecord> sent = producer_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].topic, "normalized");
  EXPECT_EQ(sent[0].key, response.article_id());
  v1::NormalizedArticle article;
  ASSERT_TRUE(article.ParseFromString(sent[0].value));
  EXPECT_EQ(article.article_id(), response.article_id());
  EXPECT_EQ(article.canonical_url(), "https://news.example.jp/a");
  EXPECT_EQ(kafka::HeaderValue(sent[0].headers, "content-type"),
            "application/x-protobuf; proto=newsflow.v1.NormalizedArticle");
  EXPECT_EQ(kafka::HeaderValue(sent[0].headers, "newsflow-trace-id").size(), 32u);
}

TEST_F(IngestPipelineTest, NoAnswerBeforeTheBrokerAcknowledges) {
  producer_.SetDeliveryMode(FakeProducer::DeliveryMode::kHold);
  Answer answer;
  pipeline_.Ingest(TextArticle("https://news.example.jp/held", "保留される記事です。"),
                   answer.Callback());
  EXPECT_FALSE(answer.result.has_value());
  EXPECT_EQ(pipeline_.counters().in_flight.load(), 1);
  ASSERT_EQ(producer_.DeliverAll(), 1);
  ASSERT_TRUE(answer.result.has_value());
  EXPECT_TRUE(answer.result->ok());
  EXPECT_EQ(pipeline_.counters().in_flight.load(), 0);
  EXPECT_EQ(pipeline_.counters().published.load(), 1);
}

TEST_F(IngestPipelineTest, FailedDeliveryIsAnErrorAndTheArticleCanBeRetried) {
  producer_.SetDeliveryMode(FakeProducer::DeliveryMode::kHold);
  const v1::RawArticle article = TextArticle("https://news.example.jp/retry", "再送される記事。");
  Answer first;
  pipeline_.Ingest(article, first.Callback());
  producer_.FailAll(absl::UnavailableError("broker down"));
  ASSERT_TRUE(first.result.has_value());
  EXPECT_EQ(first.result->status().code(), absl::StatusCode::kUnavailable);

  // It never landed, so the retry is accepted and published, not answered as a duplicate.
  Answer retry;
  pipeline_.Ingest(article, retry.Callback());
  producer_.DeliverAll();
  ASSERT_TRUE(retry.result.has_value() && retry.result->ok());
  EXPECT_EQ((*retry.result)->outcome(), v1::INGEST_OUTCOME_ACCEPTED);
  EXPECT_EQ(producer_.sent().size(), 2u);
}

TEST_F(IngestPipelineTest, ResentArticleIsADuplicateAndNotPublishedAgain) {
  const v1::RawArticle article = TextArticle("https://news.example.jp/dup?utm_source=x", "重複。");
  Answer first, second;
  pipeline_.Ingest(article, first.Callback());
  pipeline_.Ingest(TextArticle("https://NEWS.example.jp/dup#c", "重複。"), second.Callback());
  ASSERT_TRUE(second.result.has_value() && second.result->ok());
  EXPECT_EQ((*second.result)->outcome(), v1::INGEST_OUTCOME_DUPLICATE);
  EXPECT_EQ((*second.result)->article_id(), (*first.result)->article_id());
  EXPECT_EQ(producer_.sent().size(), 1u);
  EXPECT_EQ(pipeline_.counters().duplicates.load(), 1);
}

TEST_F(IngestPipelineTest, ChangedTextUnderTheSameUrlIsANewVersion) {
  Answer first, second;
  pipeline_.Ingest(TextArticle("https://news.example.jp/v", "第一版の本文。"), first.Callback());
  pipeline_.Ingest(TextArticle("https://news.example.jp/v", "訂正された第二版の本文。"),
                   second.Callback());
  ASSERT_TRUE(second.result->ok());
  EXPECT_EQ((*second.result)->outcome(), v1::INGEST_OUTCOME_ACCEPTED);
  EXPECT_NE((*second.result)->content_hash(), (*first.result)->content_hash());
  EXPECT_EQ(producer_.sent().size(), 2u);
}

TEST_F(IngestPipelineTest, CopyArrivingWhilePublishingWaitsAndIsAnsweredAsDuplicate) {
  producer_.SetDeliveryMode(FakeProducer::DeliveryMode::kHold);
  const v1::RawArticle article = TextArticle("https://news.example.jp/race", "同時に二度。");
  Answer first, second;
  pipeline_.Ingest(article, first.Callback());
  pipeline_.Ingest(article, second.Callback());
  EXPECT_FALSE(first.result.has_value());
  EXPECT_FALSE(second.result.has_value());
  producer_.DeliverAll();
  ASSERT_TRUE(first.result->ok() && second.result->ok());
  EXPECT_EQ((*first.result)->outcome(), v1::INGEST_OUTCOME_ACCEPTED);
  EXPECT_EQ((*second.result)->outcome(), v1::INGEST_OUTCOME_DUPLICATE);
  EXPECT_EQ(producer_.sent().size(), 1u);
}

TEST_F(IngestPipelineTest, OverTheInFlightLimitIsResourceExhausted) {
  producer_.SetDeliveryMode(FakeProducer::DeliveryMode::kHold);
  Answer a, b, c;
  pipeline_.Ingest(TextArticle("https://news.example.jp/1", "一つ目。"), a.Callback());
  pipeline_.Ingest(TextArticle("https://news.example.jp/2", "二つ目。"), b.Callback());
  pipeline_.Ingest(TextArticle("https://news.example.jp/3", "三つ目。"), c.Callback());
  ASSERT_TRUE(c.result.has_value());
  EXPECT_EQ(c.result->status().code(), absl::StatusCode::kResourceExhausted);
  producer_.DeliverAll();
  EXPECT_TRUE(a.result->ok());
  EXPECT_TRUE(b.result->ok());
  // Rejected for overload, so not remembered: the retry goes through.
  Answer retry;
  producer_.SetDeliveryMode(FakeProducer::DeliveryMode::kImmediate);
  pipeline_.Ingest(TextArticle("https://news.example.jp/3", "三つ目。"), retry.Callback());
  ASSERT_TRUE(retry.result->ok());
  EXPECT_EQ((*retry.result)->outcome(), v1::INGEST_OUTCOME_ACCEPTED);
}

TEST_F(IngestPipelineTest, WhenFullArticlesAreRefusedBeforeTheyAreNormalized) {
  producer_.SetDeliveryMode(FakeProducer::DeliveryMode::kHold);
  Answer a, b, invalid;
  pipeline_.Ingest(TextArticle("https://news.example.jp/1", "一つ目。"), a.Callback());
  pipeline_.Ingest(TextArticle("https://news.example.jp/2", "二つ目。"), b.Callback());
  const int64_t body_bytes = pipeline_.counters().body_bytes.load();
  // Not normalized, so not even found invalid: the client retries and then learns that.
  pipeline_.Ingest(TextArticle("ftp://news.example.jp/x", "本文。"), invalid.Callback());
  ASSERT_TRUE(invalid.result.has_value());
  EXPECT_EQ(invalid.result->status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(pipeline_.counters().body_bytes.load(), body_bytes);
  producer_.DeliverAll();
}

TEST_F(IngestPipelineTest, FullProducerQueueIsResourceExhaustedNotOk) {
  producer_.FailNextSend(absl::ResourceExhaustedError("queue full"));
  Answer answer;
  pipeline_.Ingest(TextArticle("https://news.example.jp/full", "満杯。"), answer.Callback());
  ASSERT_TRUE(answer.result.has_value());
  EXPECT_EQ(answer.result->status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(producer_.sent().empty());
  EXPECT_EQ(pipeline_.counters().in_flight.load(), 0);
}

TEST_F(IngestPipelineTest, InvalidArticleIsRejectedWithItsFieldAndNothingIsSent) {
  Answer answer;
  pipeline_.Ingest(TextArticle("ftp://news.example.jp/x", "本文。"), answer.Callback());
  ASSERT_TRUE(answer.result.has_value());
  EXPECT_EQ(answer.result->status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<common::FieldViolation> violations =
      common::FieldViolationsOf(answer.result->status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "article.url");
  EXPECT_TRUE(producer_.sent().empty());
}

}  // namespace
}  // namespace newsflow::ingest
