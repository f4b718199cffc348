#include "consume_loop.h"

#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "newsflow/kafka/fake_producer.h"

#include "source_tree_resources.h"

namespace newsflow::enricher {
namespace {

using namespace std::chrono_literals;

// One-partition in-memory consumer: Poll() walks the records, Seek() moves the position and
// Commit() records what was committed.
class FakeConsumer : public kafka::Consumer {
 public:
  explicit FakeConsumer(std::vector<kafka::ConsumedRecord> records)
      : records_(std::move(records)) {}

  absl::StatusOr<std::optional<kafka::ConsumedRecord>> Poll(
      std::chrono::milliseconds timeout) override {
    std::unique_lock<std::mutex> lock(mutex_);
    if (position_ >= records_.size()) {
      lock.unlock();
      std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(5)));
      return std::nullopt;
    }
    return records_[position_++];
  }
  absl::Status Commit(const std::vector<kafka::CommitOffset>& offsets) override {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const kafka::CommitOffset& offset : offsets) committed_ = offset.next_offset;
    ++commit_calls_;
    return absl::OkStatus();
  }
  absl::Status Seek(const std::string&, int32_t, int64_t offset) override {
    std::lock_guard<std::mutex> lock(mutex_);
    position_ = static_cast<size_t>(offset);
    ++seeks_;
    return absl::OkStatus();
  }
  void Close() override {}

  int64_t committed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return committed_;
  }
  int seeks() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return seeks_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<kafka::ConsumedRecord> records_;
  size_t position_ = 0;
  int64_t committed_ = -1;
  int commit_calls_ = 0;
  int seeks_ = 0;
};

kafka::ConsumedRecord Normalized(int64_t offset, std::string id, std::string text) {
  v1::NormalizedArticle article;
  article.set_article_id(id);
  article.set_text(std::move(text));
  return {.topic = "normalized",
          .partition = 0,
          .offset = offset,
          .key = std::move(id),
          .value = article.SerializeAsString(),
          .headers = {{"newsflow-trace-id", "trace-" + std::to_string(offset)}}};
}

// Runs the loop on a thread until `done` holds (or 10 s pass), then stops it.
absl::Status RunUntil(ConsumeLoop& loop, const std::function<bool()>& done) {
  std::atomic<bool> stop{false};
  absl::Status result;
  std::thread thread([&] { result = loop.Run(stop); });
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  stop = true;
  thread.join();
  return result;
}

ConsumeLoopOptions FastOptions() {
  ConsumeLoopOptions options;
  options.topics = {.normalized = "normalized", .enriched = "enriched", .dlq = "dlq"};
  options.max_batch_records = 2;
  options.max_batch_wait = 10ms;
  options.delivery_timeout = 2s;
  options.retry_backoff = 10ms;
  return options;
}

TEST(ConsumeLoopTest, EnrichesPoisonGoesToDlqAndOffsetsAreCommittedAfterDelivery) {
  FakeConsumer consumer({Normalized(0, "a1", "ロシアのプーチン大統領は声明を出した。"),
                         {.topic = "normalized",
                          .partition = 0,
                          .offset = 1,
                          .key = "bad",
                          .value = std::string("\xff\xff\xff garbage", 11)},
                         Normalized(2, "a3", "The ministry said talks would resume on Monday.")});
  kafka::FakeProducer producer;
  WorkerPool workers(2);
  ConsumeLoopOptions options = FastOptions();
  std::atomic<int> timed{0};
  options.on_enriched = [&timed](const StageTimings&) { timed.fetch_add(1); };
  ConsumeLoop loop(consumer, producer, SourceTreeResources(), workers, options);
  ASSERT_TRUE(RunUntil(loop, [&] { return consumer.committed() == 3; }).ok());
  EXPECT_EQ(timed.load(), 2);  // the enriched records, not the dead letter

  EXPECT_EQ(consumer.committed(), 3);
  std::vector<kafka::OutgoingRecord> sent = producer.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].topic, "enriched");
  EXPECT_EQ(sent[0].key, "a1");
  EXPECT_EQ(kafka::HeaderValue(sent[0].headers, "newsflow-trace-id"), "trace-0");
  v1::EnrichedArticle enriched;
  ASSERT_TRUE(enriched.ParseFromString(sent[0].value));
  EXPECT_EQ(enriched.language().code(), "ja");
  EXPECT_EQ(sent[1].topic, "dlq");
  v1::DeadLetter letter;
  ASSERT_TRUE(letter.ParseFromString(sent[1].value));
  EXPECT_EQ(letter.error_code(), "INVALID_ARGUMENT");
  EXPECT_EQ(letter.source_offset(), 1);
  EXPECT_EQ(letter.key(), "bad");
  EXPECT_EQ(sent[2].topic, "enriched");
  EXPECT_EQ(loop.counters().enriched.load(), 2);
  EXPECT_EQ(loop.counters().dead_lettered.load(), 1);
}

TEST(ConsumeLoopTest, NothingIsCommittedWhileOutputIsUnacknowledged) {
  FakeConsumer consumer({Normalized(0, "a1", "記事です。")});
  kafka::FakeProducer producer;
  producer.SetDeliveryMode(kafka::FakeProducer::DeliveryMode::kHold);
  WorkerPool workers(1);
  ConsumeLoop loop(consumer, producer, SourceTreeResources(), workers, FastOptions());
  std::atomic<bool> stop{false};
  std::thread thread([&] { (void)loop.Run(stop); });
  while (producer.QueueLength() == 0) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(consumer.committed(), -1);  // held: the broker has not acknowledged yet
  producer.DeliverAll();
  while (consumer.committed() != 1) std::this_thread::sleep_for(1ms);
  stop = true;
  thread.join();
  EXPECT_EQ(consumer.committed(), 1);
}

TEST(ConsumeLoopTest, RetryableFailureRewindsAndTheBatchIsPublishedAgain) {
  FakeConsumer consumer({Normalized(0, "a1", "一つ目の記事。"), Normalized(1, "a2", "二つ目。")});
  kafka::FakeProducer producer;
  producer.FailNextSend(absl::UnavailableError("broker unreachable"));
  WorkerPool workers(1);
  ConsumeLoop loop(consumer, producer, SourceTreeResources(), workers, FastOptions());
  ASSERT_TRUE(RunUntil(loop, [&] { return consumer.committed() == 2; }).ok());
  EXPECT_EQ(consumer.committed(), 2);
  EXPECT_GE(consumer.seeks(), 1);
  EXPECT_EQ(loop.counters().batches_failed.load(), 1);
  std::vector<kafka::OutgoingRecord> sent = producer.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].key, "a1");
  EXPECT_EQ(sent[1].key, "a2");
}

TEST(ConsumeLoopTest, PermanentPublishErrorStopsTheLoopWithoutCommitting) {
  FakeConsumer consumer({Normalized(0, "a1", "記事。")});
  kafka::FakeProducer producer;
  producer.FailNextSend(absl::PermissionDeniedError("topic authorization failed"));
  WorkerPool workers(1);
  ConsumeLoop loop(consumer, producer, SourceTreeResources(), workers, FastOptions());
  std::atomic<bool> stop{false};
  absl::Status status = loop.Run(stop);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(consumer.committed(), -1);
}

}  // namespace
}  // namespace newsflow::enricher
