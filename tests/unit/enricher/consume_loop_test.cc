#include "consume_loop.h"

#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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
  absl::StatusOr<std::string> GroupMetadata() override { return std::string("fake-group"); }
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

// Transactions over a FakeProducer, modelling a broker's transaction log: records sent between
// Begin and Commit become committed (what a read_committed consumer sees) with the offsets of
// the transaction; on Abort they are aborted and the offsets dropped. FailNext() injects an
// error into one call.
class FakeTransactions : public kafka::Transactions {
 public:
  enum class Call { kBegin, kSendOffsets, kCommit, kAbort };

  explicit FakeTransactions(kafka::FakeProducer& producer) : producer_(producer) {}

  absl::Status BeginTransaction() override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (absl::Status s = Injected(Call::kBegin); !s.ok()) return s;
    if (open_) return absl::FailedPreconditionError("begin: a transaction is already open");
    open_ = true;
    first_sent_ = producer_.sent().size();
    pending_offsets_.clear();
    return absl::OkStatus();
  }
  absl::Status SendOffsetsToTransaction(const std::vector<kafka::CommitOffset>& offsets,
                                        const std::string& group_metadata,
                                        std::chrono::milliseconds) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (absl::Status s = Injected(Call::kSendOffsets); !s.ok()) return s;
    if (!open_) return absl::FailedPreconditionError("send offsets: no open transaction");
    last_group_metadata_ = group_metadata;
    for (const kafka::CommitOffset& offset : offsets) {
      pending_offsets_[{offset.topic, offset.partition}] = offset.next_offset;
    }
    return absl::OkStatus();
  }
  absl::Status CommitTransaction(std::chrono::milliseconds) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (absl::Status s = Injected(Call::kCommit); !s.ok()) return s;
    if (!open_) return absl::FailedPreconditionError("commit: no open transaction");
    std::vector<kafka::OutgoingRecord> sent = producer_.sent();
    committed_records_.insert(committed_records_.end(), sent.begin() + first_sent_, sent.end());
    for (const auto& [partition, next] : pending_offsets_) committed_offsets_[partition] = next;
    open_ = false;
    ++commits_;
    return absl::OkStatus();
  }
  absl::Status AbortTransaction(std::chrono::milliseconds) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (absl::Status s = Injected(Call::kAbort); !s.ok()) return s;
    if (!open_) return absl::FailedPreconditionError("abort: no open transaction");
    aborted_records_ += producer_.sent().size() - first_sent_;
    pending_offsets_.clear();
    open_ = false;
    ++aborts_;
    return absl::OkStatus();
  }

  void FailNext(Call call, absl::Status status) {
    std::lock_guard<std::mutex> lock(mutex_);
    failures_[call] = std::move(status);
  }
  // Committed next offset of partition 0 of "normalized", -1 if none.
  int64_t committed_offset() const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = committed_offsets_.find({"normalized", 0});
    return it == committed_offsets_.end() ? -1 : it->second;
  }
  std::vector<kafka::OutgoingRecord> committed_records() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return committed_records_;
  }
  size_t aborted_records() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return aborted_records_;
  }
  int commits() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return commits_;
  }
  int aborts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return aborts_;
  }
  bool open() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return open_;
  }
  std::string last_group_metadata() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_group_metadata_;
  }

 private:
  absl::Status Injected(Call call) {
    auto it = failures_.find(call);
    if (it == failures_.end()) return absl::OkStatus();
    absl::Status status = std::move(it->second);
    failures_.erase(it);
    return status;
  }

  kafka::FakeProducer& producer_;
  mutable std::mutex mutex_;
  std::map<Call, absl::Status> failures_;
  bool open_ = false;
  size_t first_sent_ = 0;
  std::map<std::pair<std::string, int32_t>, int64_t> pending_offsets_;
  std::map<std::pair<std::string, int32_t>, int64_t> committed_offsets_;
  std::vector<kafka::OutgoingRecord> committed_records_;
  size_t aborted_records_ = 0;
  int commits_ = 0;
  int aborts_ = 0;
  std::string last_group_metadata_;
};

std::vector<std::string> Keys(const std::vector<kafka::OutgoingRecord>& records) {
  std::vector<std::string> keys;
  for (const kafka::OutgoingRecord& record : records) keys.push_back(record.key);
  return keys;
}

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

TEST(ConsumeLoopTest, JsonMirrorGetsEachEnrichedRecordAsJsonAndNoDeadLetters) {
  FakeConsumer consumer({Normalized(0, "a1", "ロシアのプーチン大統領は声明を出した。"),
                         {.topic = "normalized",
                          .partition = 0,
                          .offset = 1,
                          .key = "bad",
                          .value = std::string("\xff\xff\xff garbage", 11)}});
  kafka::FakeProducer producer;
  WorkerPool workers(2);
  ConsumeLoopOptions options = FastOptions();
  options.topics.enriched_json = "enriched-json";
  ConsumeLoop loop(consumer, producer, SourceTreeResources(), workers, options);
  ASSERT_TRUE(RunUntil(loop, [&] { return consumer.committed() == 2; }).ok());

  std::vector<kafka::OutgoingRecord> mirrored;
  for (const kafka::OutgoingRecord& record : producer.sent()) {
    if (record.topic == "enriched-json") mirrored.push_back(record);
  }
  ASSERT_EQ(mirrored.size(), 1u);
  EXPECT_EQ(mirrored[0].key, "a1");
  EXPECT_EQ(kafka::HeaderValue(mirrored[0].headers, "content-type"),
            "application/json; proto=newsflow.v1.EnrichedArticle");
  EXPECT_EQ(kafka::HeaderValue(mirrored[0].headers, "newsflow-trace-id"), "trace-0");
  const nlohmann::json json = nlohmann::json::parse(mirrored[0].value);
  EXPECT_EQ(json["language"]["code"], "ja");
  EXPECT_EQ(json["article"]["article_id"], "a1");
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

TEST(ConsumeLoopExactlyOnceTest, EachBatchCommitsItsOutputAndOffsetsInOneTransaction) {
  FakeConsumer consumer({Normalized(0, "a1", "一つ目の記事。"),
                         {.topic = "normalized",
                          .partition = 0,
                          .offset = 1,
                          .key = "bad",
                          .value = std::string("\xff\xff garbage", 10)},
                         Normalized(2, "a3", "The ministry said talks would resume.")});
  kafka::FakeProducer producer;
  FakeTransactions transactions(producer);
  WorkerPool workers(2);
  ConsumeLoop loop(consumer, producer, SourceTreeResources(), workers, FastOptions(),
                   &transactions);
  ASSERT_TRUE(RunUntil(loop, [&] { return transactions.committed_offset() == 3; }).ok());

  // Two batches (max 2 records), each one transaction; offsets go through the transaction, not
  // through the consumer.
  EXPECT_EQ(transactions.commits(), 2);
  EXPECT_EQ(transactions.aborts(), 0);
  EXPECT_FALSE(transactions.open());
  EXPECT_EQ(consumer.committed(), -1);
  EXPECT_EQ(transactions.last_group_metadata(), "fake-group");
  std::vector<kafka::OutgoingRecord> committed = transactions.committed_records();
  EXPECT_EQ(Keys(committed), (std::vector<std::string>{"a1", "bad", "a3"}));
  ASSERT_EQ(committed.size(), 3u);
  EXPECT_EQ(committed[1].topic, "dlq");  // dead letters are part of the transaction too
  EXPECT_EQ(loop.counters().commits.load(), 2);
}

TEST(ConsumeLoopExactlyOnceTest, AbortableCommitFailureAbortsRewindsAndRedoesTheBatch) {
  FakeConsumer consumer({Normalized(0, "a1", "一つ目の記事。"), Normalized(1, "a2", "二つ目。")});
  kafka::FakeProducer producer;
  FakeTransactions transactions(producer);
  transactions.FailNext(FakeTransactions::Call::kCommit,
                        absl::AbortedError("kafka commit transaction: coordinator moved"));
  WorkerPool workers(1);
  ConsumeLoop loop(consumer, producer, SourceTreeResources(), workers, FastOptions(),
                   &transactions);
  ASSERT_TRUE(RunUntil(loop, [&] { return transactions.committed_offset() == 2; }).ok());

  EXPECT_EQ(transactions.aborts(), 1);
  EXPECT_EQ(transactions.aborted_records(), 2u);
  EXPECT_GE(consumer.seeks(), 1);
  EXPECT_EQ(producer.sent().size(), 4u);  // published twice ...
  // ... but a read_committed reader sees each output once.
  EXPECT_EQ(Keys(transactions.committed_records()), (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(loop.counters().batches_failed.load(), 1);
  EXPECT_EQ(loop.counters().transactions_aborted.load(), 1);
}

TEST(ConsumeLoopExactlyOnceTest, FailedDeliveryAbortsTheTransactionBeforeOffsetsAreSent) {
  FakeConsumer consumer({Normalized(0, "a1", "記事です。")});
  kafka::FakeProducer producer;
  producer.FailNextSend(absl::UnavailableError("broker unreachable"));
  FakeTransactions transactions(producer);
  WorkerPool workers(1);
  ConsumeLoop loop(consumer, producer, SourceTreeResources(), workers, FastOptions(),
                   &transactions);
  ASSERT_TRUE(RunUntil(loop, [&] { return transactions.committed_offset() == 1; }).ok());
  EXPECT_EQ(transactions.aborts(), 1);
  EXPECT_EQ(Keys(transactions.committed_records()), (std::vector<std::string>{"a1"}));
}

TEST(ConsumeLoopExactlyOnceTest, RecordsPurgedFromAFailedTransactionAreRedone) {
  FakeConsumer consumer({Normalized(0, "a1", "記事です。")});
  kafka::FakeProducer producer;
  producer.SetDeliveryMode(kafka::FakeProducer::DeliveryMode::kHold);
  FakeTransactions transactions(producer);
  WorkerPool workers(1);
  ConsumeLoop loop(consumer, producer, SourceTreeResources(), workers, FastOptions(),
                   &transactions);
  std::atomic<bool> stop{false};
  absl::Status result;
  std::thread thread([&] { result = loop.Run(stop); });
  while (producer.QueueLength() == 0) std::this_thread::sleep_for(1ms);
  producer.SetDeliveryMode(kafka::FakeProducer::DeliveryMode::kImmediate);
  // What librdkafka reports for the queued records of a transaction that became abortable.
  EXPECT_EQ(producer.FailAll(absl::CancelledError("Local: Purged in queue (_PURGE_QUEUE)")), 1);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (transactions.committed_offset() != 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  stop = true;
  thread.join();
  EXPECT_TRUE(result.ok()) << result;
  EXPECT_EQ(transactions.aborts(), 1);
  EXPECT_EQ(transactions.committed_offset(), 1);
  EXPECT_EQ(Keys(transactions.committed_records()), (std::vector<std::string>{"a1"}));
}

TEST(ConsumeLoopExactlyOnceTest, FencedProducerStopsTheLoopWithNothingCommitted) {
  FakeConsumer consumer({Normalized(0, "a1", "記事。")});
  kafka::FakeProducer producer;
  FakeTransactions transactions(producer);
  transactions.FailNext(FakeTransactions::Call::kSendOffsets,
                        absl::FailedPreconditionError("kafka send offsets to transaction: fenced "
                                                      "(PRODUCER_FENCED): fatal"));
  WorkerPool workers(1);
  ConsumeLoop loop(consumer, producer, SourceTreeResources(), workers, FastOptions(),
                   &transactions);
  std::atomic<bool> stop{false};
  absl::Status status = loop.Run(stop);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("PRODUCER_FENCED"), std::string_view::npos);
  EXPECT_EQ(transactions.aborts(), 0);  // a fenced producer cannot abort
  EXPECT_EQ(transactions.committed_offset(), -1);
  EXPECT_TRUE(transactions.committed_records().empty());
  EXPECT_EQ(consumer.committed(), -1);
}

TEST(ConsumeLoopExactlyOnceTest, AbortThatFailsStopsTheLoop) {
  FakeConsumer consumer({Normalized(0, "a1", "記事。")});
  kafka::FakeProducer producer;
  FakeTransactions transactions(producer);
  transactions.FailNext(FakeTransactions::Call::kCommit, absl::AbortedError("abortable"));
  transactions.FailNext(FakeTransactions::Call::kAbort,
                        absl::DeadlineExceededError("abort timed out"));
  WorkerPool workers(1);
  ConsumeLoop loop(consumer, producer, SourceTreeResources(), workers, FastOptions(),
                   &transactions);
  std::atomic<bool> stop{false};
  absl::Status status = loop.Run(stop);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("could not be aborted"), std::string_view::npos);
  EXPECT_TRUE(transactions.committed_records().empty());
}

}  // namespace
}  // namespace newsflow::enricher
