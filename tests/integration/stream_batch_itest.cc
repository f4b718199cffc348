// IngestStream requests that carry several articles (IngestStreamRequest.more), on loopback
// against the embedded broker: each article answered once with its own status, the valid ones
// in Kafka, malformed batches refused clearly.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "harness.h"

namespace newsflow::testing {
namespace {

v1::IngestStreamRequest Entry(uint64_t sequence, std::string url, std::string body) {
  v1::IngestStreamRequest entry;
  entry.set_sequence(sequence);
  entry.mutable_article()->set_url(std::move(url));
  entry.mutable_article()->set_body(std::move(body));
  entry.mutable_article()->set_content_type(v1::CONTENT_TYPE_TEXT);
  return entry;
}

std::string Url(uint64_t sequence) {
  return "https://batch.example.jp/a/" + std::to_string(sequence);
}

std::string Body(uint64_t sequence) {
  return "政府は新しい経済対策を発表した。記事番号は" + std::to_string(sequence) + "です。";
}

// One request of `count` valid articles with sequences first..first+count-1: the first in the
// request's own fields, the others in `more`.
v1::IngestStreamRequest Batch(uint64_t first, int count) {
  v1::IngestStreamRequest request = Entry(first, Url(first), Body(first));
  request.set_batch_responses(true);
  for (uint64_t s = first + 1; s < first + static_cast<uint64_t>(count); ++s) {
    *request.add_more() = Entry(s, Url(s), Body(s));
  }
  return request;
}

struct StreamOutcome {
  std::vector<v1::IngestStreamResponse> answers;  // flattened: own fields and `more`
  grpc::Status status;
};

// Sends `requests` on one stream, then reads every answer until the server ends the stream.
StreamOutcome Exchange(PipelineHarness& harness,
                       const std::vector<v1::IngestStreamRequest>& requests) {
  auto stub = harness.NewStub();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto stream = stub->IngestStream(&context);
  for (const v1::IngestStreamRequest& request : requests) {
    if (!stream->Write(request)) break;
  }
  stream->WritesDone();
  StreamOutcome outcome;
  v1::IngestStreamResponse response;
  while (stream->Read(&response)) {
    for (const v1::IngestStreamResponse& ack : response.more()) {
      EXPECT_EQ(ack.more_size(), 0);
      outcome.answers.push_back(ack);
    }
    response.clear_more();
    outcome.answers.push_back(response);
  }
  outcome.status = stream->Finish();
  return outcome;
}

std::map<uint64_t, v1::IngestStreamResponse> BySequence(const StreamOutcome& outcome) {
  std::map<uint64_t, v1::IngestStreamResponse> by_sequence;
  for (const v1::IngestStreamResponse& ack : outcome.answers) {
    EXPECT_TRUE(by_sequence.emplace(ack.sequence(), ack).second)
        << "sequence " << ack.sequence() << " answered twice";
  }
  return by_sequence;
}

// The fields a google.rpc.Status names in its BadRequest details.
std::vector<std::string> ViolatedFields(const google::rpc::Status& status) {
  std::vector<std::string> fields;
  for (const google::protobuf::Any& detail : status.details()) {
    google::rpc::BadRequest bad_request;
    if (!detail.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      fields.push_back(violation.field());
    }
  }
  return fields;
}

std::set<std::string> KeysOf(const std::vector<kafka::ConsumedRecord>& records) {
  std::set<std::string> keys;
  for (const kafka::ConsumedRecord& record : records) keys.insert(record.key);
  return keys;
}

TEST(StreamBatchTest, EveryArticleOfBatchedRequestsIsAckedAndInKafka) {
  PipelineHarness harness({.start_enricher = false});
  const std::vector<v1::IngestStreamRequest> requests = {Batch(1, 16), Batch(17, 16), Batch(33, 3)};
  StreamOutcome outcome = Exchange(harness, requests);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  std::map<uint64_t, v1::IngestStreamResponse> answers = BySequence(outcome);
  ASSERT_EQ(answers.size(), 35u);
  std::set<std::string> ids;
  for (const auto& [sequence, ack] : answers) {
    EXPECT_EQ(ack.status().code(), 0) << sequence << ": " << ack.status().message();
    EXPECT_EQ(ack.result().outcome(), v1::INGEST_OUTCOME_ACCEPTED) << sequence;
    EXPECT_EQ(ack.result().canonical_url(), Url(sequence));
    ids.insert(ack.result().article_id());
  }
  ASSERT_EQ(ids.size(), 35u);
  EXPECT_EQ(KeysOf(harness.ReadTopic(PipelineHarness::kNormalized, 35, std::chrono::seconds(30))),
            ids);

  // Retrying the same batch (a client that lost the answers) publishes nothing again.
  StreamOutcome retry = Exchange(harness, {Batch(1, 16)});
  ASSERT_TRUE(retry.status.ok());
  std::map<uint64_t, v1::IngestStreamResponse> retried = BySequence(retry);
  ASSERT_EQ(retried.size(), 16u);
  for (const auto& [sequence, ack] : retried) {
    EXPECT_EQ(ack.result().outcome(), v1::INGEST_OUTCOME_DUPLICATE) << sequence;
    EXPECT_EQ(ack.result().article_id(), answers[sequence].result().article_id());
  }
  EXPECT_EQ(harness.ReadTopic(PipelineHarness::kNormalized, 36, std::chrono::seconds(3)).size(),
            35u);
}

TEST(StreamBatchTest, InvalidEntriesAreAnsweredOnTheirOwnNamedByTheirPlace) {
  PipelineHarness harness({.start_enricher = false});
  v1::IngestStreamRequest request = Batch(1, 8);
  request.mutable_more(1)->mutable_article()->clear_url();   // sequence 3
  request.mutable_more(4)->mutable_article()->clear_body();  // sequence 6
  request.mutable_more(5)->set_sequence(2);                  // sequence 2 again, in flight
  *request.mutable_more(6)->add_more() = Entry(99, Url(99), Body(99));  // sequence 8, nested
  StreamOutcome outcome = Exchange(harness, {request});
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  // Every article is answered once; the answers to the duplicate sequence 2 are the article
  // and the refusal of its reuse.
  ASSERT_EQ(outcome.answers.size(), 8u);
  std::map<std::string, uint64_t> refused;  // violated field -> sequence
  std::set<std::string> accepted;
  for (const v1::IngestStreamResponse& ack : outcome.answers) {
    EXPECT_NE(ack.sequence(), 99u) << "an entry nested in more was answered";
    if (ack.status().code() == 0) {
      accepted.insert(ack.result().canonical_url());
      continue;
    }
    EXPECT_EQ(ack.status().code(), grpc::StatusCode::INVALID_ARGUMENT) << ack.sequence();
    EXPECT_FALSE(ack.has_result());
    for (const std::string& field : ViolatedFields(ack.status())) refused[field] = ack.sequence();
  }
  const std::map<std::string, uint64_t> expected_refusals = {{"more[1].article.url", 3},
                                                             {"more[4].article.body", 6},
                                                             {"more[5].sequence", 2},
                                                             {"more[6].more", 8}};
  EXPECT_EQ(refused, expected_refusals);
  const std::set<std::string> expected_accepted = {Url(1), Url(2), Url(4), Url(5)};
  EXPECT_EQ(accepted, expected_accepted);
  EXPECT_EQ(harness.ReadTopic(PipelineHarness::kNormalized, 5, std::chrono::seconds(5)).size(), 4u);
}

TEST(StreamBatchTest, ArticlesBeyondTheStreamWindowAreRefusedWithRetryInfo) {
  PipelineHarness harness(
      {.start_enricher = false, .configure_ingest = [](ingest::IngestConfig& config) {
         config.max_in_flight_per_stream = 4;
       }});
  // Read with the whole window free: four articles fit, the six others are beyond it.
  StreamOutcome outcome = Exchange(harness, {Batch(1, 10)});
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  std::map<uint64_t, v1::IngestStreamResponse> answers = BySequence(outcome);
  ASSERT_EQ(answers.size(), 10u);
  for (const auto& [sequence, ack] : answers) {
    if (sequence <= 4) {
      EXPECT_EQ(ack.status().code(), 0) << sequence << ": " << ack.status().message();
      continue;
    }
    EXPECT_EQ(ack.status().code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << sequence;
    google::rpc::RetryInfo retry;
    ASSERT_EQ(ack.status().details_size(), 1);
    EXPECT_TRUE(ack.status().details(0).UnpackTo(&retry));
    EXPECT_GT(retry.retry_delay().seconds() * 1000 + retry.retry_delay().nanos() / 1'000'000, 0);
  }
  EXPECT_EQ(harness.ReadTopic(PipelineHarness::kNormalized, 5, std::chrono::seconds(5)).size(), 4u);
  // Sent again within the window, the refused ones are accepted.
  for (uint64_t first : {5, 9}) {
    StreamOutcome again = Exchange(harness, {Batch(first, first == 5 ? 4 : 2)});
    ASSERT_TRUE(again.status.ok());
    for (const auto& [sequence, ack] : BySequence(again)) {
      EXPECT_EQ(ack.status().code(), 0) << sequence << ": " << ack.status().message();
    }
  }
}

TEST(StreamBatchTest, ARequestOverTheMessageLimitEndsTheStreamAndTheServerStaysUp) {
  // Messages up to max_body_bytes + 64 KiB: three 60 KB articles do not fit in one.
  PipelineHarness harness({.start_enricher = false, .max_body_bytes = 64 << 10});
  v1::IngestStreamRequest request = Batch(1, 3);
  for (v1::IngestStreamRequest* entry :
       {&request, request.mutable_more(0), request.mutable_more(1)}) {
    entry->mutable_article()->set_body(std::string(60'000, 'a'));
  }
  StreamOutcome outcome = Exchange(harness, {request});
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << outcome.status.error_message();
  EXPECT_TRUE(outcome.answers.empty());
  StreamOutcome next = Exchange(harness, {Batch(10, 4)});
  ASSERT_TRUE(next.status.ok()) << next.status.error_message();
  EXPECT_EQ(BySequence(next).size(), 4u);
}

}  // namespace
}  // namespace newsflow::testing
