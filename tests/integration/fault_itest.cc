// Delivery under broker faults injected into the embedded cluster (librdkafka's mock): every
// article ingest acknowledged is in the normalized topic exactly once (the idempotent producer
// absorbs retries) and reaches the enriched topic; articles that were not acknowledged got a
// retryable status, never OK.
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "harness.h"

namespace newsflow::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kProduceApiKey = 0;
constexpr int kNotLeaderOrFollower = 6;
constexpr int kRequestTimedOut = 7;
constexpr int kNotEnoughReplicas = 19;

struct PushResult {
  std::set<std::string> acked_ids;
  std::map<int, int> failures_by_code;
  int answered = 0;
};

// Streams `count` unique articles and collects the per-item outcomes; `during` runs on another
// thread once the stream has started (the fault to inject while articles are in flight).
PushResult PushWhile(PipelineHarness& harness, const std::string& prefix, int count,
                     const std::function<void()>& during) {
  auto stub = harness.NewStub();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 120s);
  auto stream = stub->IngestStream(&context);
  std::thread fault;
  for (int i = 0; i < count; ++i) {
    v1::IngestStreamRequest request;
    request.set_sequence(i);
    v1::RawArticle* article = request.mutable_article();
    article->set_url("https://faults.example.jp/" + prefix + "/" + std::to_string(i));
    article->set_body("ロシアのプーチン大統領は声明を出した。交渉は続く見通しだ。番号" +
                      std::to_string(i) + "。");
    article->set_content_type(v1::CONTENT_TYPE_TEXT);
    EXPECT_TRUE(stream->Write(request));
    if (i == count / 4) fault = std::thread(during);
  }
  stream->WritesDone();
  PushResult result;
  v1::IngestStreamResponse response;
  while (stream->Read(&response)) {
    ++result.answered;
    if (response.status().code() == 0) {
      result.acked_ids.insert(response.result().article_id());
    } else {
      ++result.failures_by_code[response.status().code()];
    }
  }
  grpc::Status finished = stream->Finish();
  EXPECT_TRUE(finished.ok()) << finished.error_code() << " " << finished.error_message();
  fault.join();
  return result;
}

// The acked articles are each in the normalized topic once and all reach the enriched topic.
void ExpectAckedArticlesLanded(PipelineHarness& harness, const PushResult& pushed, int count) {
  EXPECT_EQ(pushed.answered, count);
  for (const auto& [code, n] : pushed.failures_by_code) {
    EXPECT_TRUE(code == grpc::StatusCode::UNAVAILABLE ||
                code == grpc::StatusCode::RESOURCE_EXHAUSTED)
        << n << " articles failed with non-retryable code " << code;
  }
  std::vector<kafka::ConsumedRecord> normalized =
      harness.ReadTopic(PipelineHarness::kNormalized, pushed.acked_ids.size(), 60s);
  std::map<std::string, int> copies;
  for (const kafka::ConsumedRecord& record : normalized) ++copies[record.key];
  for (const std::string& id : pushed.acked_ids) {
    EXPECT_EQ(copies[id], 1) << "acked article " << id << " in the normalized topic";
  }
  std::vector<kafka::ConsumedRecord> enriched =
      harness.ReadTopic(PipelineHarness::kEnriched, pushed.acked_ids.size(), 120s);
  std::set<std::string> enriched_ids;
  for (const kafka::ConsumedRecord& record : enriched) enriched_ids.insert(record.key);
  for (const std::string& id : pushed.acked_ids) {
    EXPECT_TRUE(enriched_ids.count(id)) << "acked article " << id << " not enriched";
  }
}

TEST(FaultTest, InjectedProduceErrorsAreRetriedWithoutLossOrDuplicates) {
  PipelineHarness harness({.brokers = 3});
  constexpr int kCount = 300;
  PushResult pushed = PushWhile(harness, "errors", kCount, [&] {
    harness.broker().PushRequestErrors(kProduceApiKey, kNotLeaderOrFollower, 3);
    harness.broker().PushRequestErrors(kProduceApiKey, kRequestTimedOut, 2);
    harness.broker().PushRequestErrors(kProduceApiKey, kNotEnoughReplicas, 2);
  });
  // Transient broker errors are retried inside the producer: everything is acknowledged.
  EXPECT_EQ(pushed.acked_ids.size(), static_cast<size_t>(kCount));
  ExpectAckedArticlesLanded(harness, pushed, kCount);
}

TEST(FaultTest, LeaderChangesDuringThePushLoseNothing) {
  PipelineHarness harness({.brokers = 3});
  constexpr int kCount = 300;
  PushResult pushed = PushWhile(harness, "leaders", kCount, [&] {
    for (int partition = 0; partition < 3; ++partition) {
      EXPECT_TRUE(
          harness.broker()
              .SetPartitionLeader(PipelineHarness::kNormalized, partition, 1 + (partition + 1) % 3)
              .ok());
    }
  });
  EXPECT_EQ(pushed.acked_ids.size(), static_cast<size_t>(kCount));
  ExpectAckedArticlesLanded(harness, pushed, kCount);
}

TEST(FaultTest, SlowBrokerDelaysAcksButLosesNothing) {
  PipelineHarness harness({.brokers = 1});
  constexpr int kCount = 200;
  PushResult pushed = PushWhile(harness, "slow", kCount,
                                [&] { ASSERT_TRUE(harness.broker().SetBrokerRtt(1, 300).ok()); });
  EXPECT_EQ(pushed.acked_ids.size(), static_cast<size_t>(kCount));
  ExpectAckedArticlesLanded(harness, pushed, kCount);
}

TEST(FaultTest, BrokerOutageDuringThePushNeverAcksWhatWasNotStored) {
  PipelineHarness harness({.delivery_timeout_ms = 2000, .brokers = 1});
  constexpr int kCount = 300;
  PushResult pushed = PushWhile(harness, "outage", kCount, [&] {
    ASSERT_TRUE(harness.broker().SetBrokerDown(1).ok());
    std::this_thread::sleep_for(3s);
    ASSERT_TRUE(harness.broker().SetBrokerUp(1).ok());
  });
  // Some articles are answered UNAVAILABLE during the outage (the client retries them); every
  // one answered OK is stored.
  ExpectAckedArticlesLanded(harness, pushed, kCount);
}

// delivery.mode=exactly_once on the dev broker. Failed AddPartitionsToTxn requests make the
// enricher's transactions abortable: each such batch is aborted before any of its output reaches
// the log (librdkafka sends a partition's records only after the partition joined the
// transaction), rewound and redone, so every article is enriched exactly once even on the mock,
// which hides no aborted output (docs/reliability.md).
TEST(FaultTest, ExactlyOnceEnricherRedoesAbortedBatchesAndPublishesEachArticleOnce) {
  PipelineHarness harness({.exactly_once = true});
  constexpr int kCount = 200;
  constexpr int kApiAddPartitionsToTxn = 24;
  constexpr int kErrorTopicAuthorizationFailed = 29;
  PushResult pushed = PushWhile(harness, "transactions", kCount, [&] {
    harness.broker().PushRequestErrors(kApiAddPartitionsToTxn, kErrorTopicAuthorizationFailed, 3);
  });
  ExpectAckedArticlesLanded(harness, pushed, kCount);

  std::vector<kafka::ConsumedRecord> enriched =
      harness.ReadTopic(PipelineHarness::kEnriched, pushed.acked_ids.size(), 60s);
  std::map<std::string, int> copies;
  for (const kafka::ConsumedRecord& record : enriched) ++copies[record.key];
  for (const std::string& id : pushed.acked_ids) {
    EXPECT_EQ(copies[id], 1) << "article " << id << " in the enriched topic";
  }
  const enricher::ConsumeCounters* counters = harness.enricher_counters();
  ASSERT_NE(counters, nullptr);
  EXPECT_GE(counters->transactions_aborted.load(), 1);
  EXPECT_GE(counters->commits.load(), 1);
}

}  // namespace
}  // namespace newsflow::testing
