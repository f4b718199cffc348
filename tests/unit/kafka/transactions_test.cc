// The transactional producer against the dev broker (librdkafka 2.0.2's mock cluster). The
// client side of every transaction call is real; what the mock does with a committed or
// aborted transaction is pinned by the MockBroker* tests, which document in code the limits
// that docs/reliability.md describes.
#include "newsflow/kafka/transactions.h"

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <absl/status/status.h>
#include <gtest/gtest.h>

#include "newsflow/kafka/consumer.h"
#include "newsflow/kafka/dev_broker.h"
#include "newsflow/kafka/producer.h"

namespace newsflow::kafka {
namespace {

using namespace std::chrono_literals;

// Kafka protocol numbers used for fault injection.
constexpr int kApiAddPartitionsToTxn = 24;
constexpr int kApiEndTxn = 26;
constexpr int kErrorTopicAuthorizationFailed = 29;
constexpr int kErrorProducerFenced = 90;

// The mock admits a new member of a group that another member left only after
// session.timeout.ms - 1 s, so groups that are rejoined use the smallest accepted timeout.
const std::map<std::string, std::string> kQuickRejoin = {{"session.timeout.ms", "6000"}};

std::string UniqueName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(counter.fetch_add(1));
}

class TransactionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<DevBroker>> broker = DevBroker::Start({.brokers = 1});
    ASSERT_TRUE(broker.ok()) << broker.status();
    broker_ = *std::move(broker);
    input_ = NewTopic();
    output_ = NewTopic();
  }

  std::string NewTopic() {
    std::string name = UniqueName("topic");
    EXPECT_TRUE(broker_->CreateTopic({.name = name, .partitions = 1}).ok());
    return name;
  }

  ProducerOptions Options() const {
    ProducerOptions options;
    options.bootstrap_servers = broker_->BootstrapServers();
    options.delivery_timeout_ms = 10'000;
    return options;
  }

  std::unique_ptr<TransactionalProducer> NewTransactionalProducer(const std::string& id) {
    absl::StatusOr<std::unique_ptr<TransactionalProducer>> producer =
        MakeTransactionalKafkaProducer(Options(), id, 10s);
    EXPECT_TRUE(producer.ok()) << producer.status();
    return producer.ok() ? *std::move(producer) : nullptr;
  }

  std::unique_ptr<Consumer> NewConsumer(const std::string& group, const std::string& topic) {
    ConsumerOptions options;
    options.bootstrap_servers = broker_->BootstrapServers();
    options.group_id = group;
    options.topics = {topic};
    options.properties = kQuickRejoin;
    absl::StatusOr<std::unique_ptr<Consumer>> consumer = MakeKafkaConsumer(options);
    EXPECT_TRUE(consumer.ok()) << consumer.status();
    return consumer.ok() ? *std::move(consumer) : nullptr;
  }

  // Produces `values` to the input topic outside any transaction.
  void ProduceInput(const std::vector<std::string>& values) {
    absl::StatusOr<std::unique_ptr<Producer>> producer = MakeKafkaProducer(Options());
    ASSERT_TRUE(producer.ok()) << producer.status();
    for (const std::string& value : values) {
      ASSERT_TRUE((*producer)->Send({.topic = input_, .key = value, .value = value}, nullptr).ok());
    }
    ASSERT_TRUE((*producer)->Flush(10s).ok());
  }

  // Every record `consumer` reads until none arrives for `quiet` (after the first one, or
  // after `first_within` when none comes at all).
  static std::vector<ConsumedRecord> ReadAll(Consumer& consumer, std::chrono::milliseconds quiet,
                                             std::chrono::milliseconds first_within = 15s) {
    std::vector<ConsumedRecord> records;
    auto deadline = std::chrono::steady_clock::now() + first_within;
    while (std::chrono::steady_clock::now() < deadline) {
      absl::StatusOr<std::optional<ConsumedRecord>> polled = consumer.Poll(100ms);
      EXPECT_TRUE(polled.ok()) << polled.status();
      if (!polled.ok()) break;
      if (!polled->has_value()) continue;
      records.push_back(**polled);
      deadline = std::chrono::steady_clock::now() + quiet;
    }
    return records;
  }

  static std::vector<std::string> Values(const std::vector<ConsumedRecord>& records) {
    std::vector<std::string> values;
    for (const ConsumedRecord& record : records) values.push_back(record.value);
    return values;
  }

  // One consume-transform-produce transaction: `value` to the output topic (acknowledged) and
  // `next_offset` of the input for the group of `consumer`; commits or aborts it.
  static void RunTransaction(TransactionalProducer& producer, Consumer& consumer,
                             const std::string& input, const std::string& output,
                             const std::string& value, int64_t next_offset, bool commit) {
    ASSERT_TRUE(producer.BeginTransaction().ok());
    ASSERT_TRUE(producer.Send({.topic = output, .key = value, .value = value}, nullptr).ok());
    absl::StatusOr<std::string> metadata = consumer.GroupMetadata();
    ASSERT_TRUE(metadata.ok()) << metadata.status();
    absl::Status sent = producer.SendOffsetsToTransaction(
        {{.topic = input, .partition = 0, .next_offset = next_offset}}, *metadata, 10s);
    ASSERT_TRUE(sent.ok()) << sent;
    // Acknowledged first, as the enricher does before it commits: librdkafka purges records an
    // abort finds still queued, which never reach the broker at all.
    ASSERT_TRUE(producer.Flush(10s).ok());
    absl::Status ended = commit ? producer.CommitTransaction(10s) : producer.AbortTransaction(10s);
    ASSERT_TRUE(ended.ok()) << ended;
  }

  std::unique_ptr<DevBroker> broker_;
  std::string input_;
  std::string output_;
};

TEST_F(TransactionsTest, EmptyTransactionalIdIsRejected) {
  absl::StatusOr<std::unique_ptr<TransactionalProducer>> producer =
      MakeTransactionalKafkaProducer(Options(), "", 1s);
  EXPECT_EQ(producer.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(TransactionsTest, BadGroupMetadataIsInvalidArgument) {
  std::unique_ptr<TransactionalProducer> producer = NewTransactionalProducer(UniqueName("txn"));
  ASSERT_NE(producer, nullptr);
  ASSERT_TRUE(producer->BeginTransaction().ok());
  absl::Status sent = producer->SendOffsetsToTransaction(
      {{.topic = input_, .partition = 0, .next_offset = 1}}, "not metadata", 1s);
  EXPECT_EQ(sent.code(), absl::StatusCode::kInvalidArgument) << sent;
  EXPECT_TRUE(producer->AbortTransaction(10s).ok());
}

TEST_F(TransactionsTest, CommittedTransactionPublishesItsRecordsToReadCommittedConsumers) {
  ProduceInput({"in0", "in1"});
  std::unique_ptr<Consumer> consumer = NewConsumer(UniqueName("group"), input_);
  ASSERT_NE(consumer, nullptr);
  ASSERT_EQ(ReadAll(*consumer, 500ms).size(), 2u);
  std::unique_ptr<TransactionalProducer> producer = NewTransactionalProducer(UniqueName("txn"));
  ASSERT_NE(producer, nullptr);
  RunTransaction(*producer, *consumer, input_, output_, "out0", 1, /*commit=*/true);
  RunTransaction(*producer, *consumer, input_, output_, "out1", 2, /*commit=*/true);

  std::unique_ptr<Consumer> reader = NewConsumer(UniqueName("reader"), output_);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(Values(ReadAll(*reader, 1s)), (std::vector<std::string>{"out0", "out1"}));
}

TEST_F(TransactionsTest, AbortableErrorIsAbortedAndTheNextTransactionSucceeds) {
  std::unique_ptr<TransactionalProducer> producer = NewTransactionalProducer(UniqueName("txn"));
  ASSERT_NE(producer, nullptr);
  broker_->PushRequestErrors(kApiAddPartitionsToTxn, kErrorTopicAuthorizationFailed, 1);
  ASSERT_TRUE(producer->BeginTransaction().ok());
  ASSERT_TRUE(producer->Send({.topic = output_, .key = "k", .value = "lost"}, nullptr).ok());
  absl::Status committed = producer->CommitTransaction(10s);
  EXPECT_EQ(committed.code(), absl::StatusCode::kAborted) << committed;
  absl::Status aborted = producer->AbortTransaction(10s);
  ASSERT_TRUE(aborted.ok()) << aborted;

  ASSERT_TRUE(producer->BeginTransaction().ok());
  ASSERT_TRUE(producer->Send({.topic = output_, .key = "k", .value = "kept"}, nullptr).ok());
  committed = producer->CommitTransaction(10s);
  EXPECT_TRUE(committed.ok()) << committed;
}

TEST_F(TransactionsTest, SendAfterTheTransactionFailedIsAbortedNotFatal) {
  std::unique_ptr<TransactionalProducer> producer = NewTransactionalProducer(UniqueName("txn"));
  ASSERT_NE(producer, nullptr);
  broker_->PushRequestErrors(kApiAddPartitionsToTxn, kErrorTopicAuthorizationFailed, 1);
  ASSERT_TRUE(producer->BeginTransaction().ok());
  ASSERT_TRUE(producer->Send({.topic = output_, .key = "k", .value = "first"}, nullptr).ok());
  // The partition fails to join the transaction in the background; later sends are refused
  // until the transaction is aborted.
  absl::Status sent;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (sent.ok() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    sent = producer->Send({.topic = output_, .key = "k", .value = "next"}, nullptr);
  }
  EXPECT_EQ(sent.code(), absl::StatusCode::kAborted) << sent;
  ASSERT_TRUE(producer->AbortTransaction(10s).ok());
  ASSERT_TRUE(producer->BeginTransaction().ok());
  ASSERT_TRUE(producer->Send({.topic = output_, .key = "k", .value = "kept"}, nullptr).ok());
  absl::Status committed = producer->CommitTransaction(10s);
  EXPECT_TRUE(committed.ok()) << committed;
}

TEST_F(TransactionsTest, FencedProducerIsFatal) {
  std::unique_ptr<TransactionalProducer> producer = NewTransactionalProducer(UniqueName("txn"));
  ASSERT_NE(producer, nullptr);
  ASSERT_TRUE(producer->BeginTransaction().ok());
  ASSERT_TRUE(producer->Send({.topic = output_, .key = "k", .value = "v"}, nullptr).ok());
  broker_->PushRequestErrors(kApiEndTxn, kErrorProducerFenced, 1);
  absl::Status committed = producer->CommitTransaction(10s);
  EXPECT_EQ(committed.code(), absl::StatusCode::kFailedPrecondition) << committed;
  EXPECT_NE(committed.message().find("FENCED"), std::string_view::npos) << committed;
  EXPECT_EQ(producer->BeginTransaction().code(), absl::StatusCode::kFailedPrecondition);
}

// Pins what librdkafka 2.0.2's mock does NOT do (docs/reliability.md): it accepts
// TxnOffsetCommit but never stores the offsets, writes no commit/abort markers, so a
// read_committed consumer also reads aborted records. If this test fails after a librdkafka
// upgrade, the mock has gained that support: update docs/reliability.md and assert
// exactly-once here instead.
TEST_F(TransactionsTest, MockBrokerDropsTransactionalOffsetsAndShowsAbortedRecords) {
  ProduceInput({"in0", "in1", "in2"});
  const std::string group = UniqueName("group");
  {
    std::unique_ptr<Consumer> consumer = NewConsumer(group, input_);
    ASSERT_NE(consumer, nullptr);
    ASSERT_EQ(ReadAll(*consumer, 500ms).size(), 3u);
    std::unique_ptr<TransactionalProducer> producer = NewTransactionalProducer(UniqueName("txn"));
    ASSERT_NE(producer, nullptr);
    RunTransaction(*producer, *consumer, input_, output_, "committed", 2, /*commit=*/true);
    RunTransaction(*producer, *consumer, input_, output_, "aborted", 3, /*commit=*/false);
    consumer->Close();
  }
  std::unique_ptr<Consumer> reader = NewConsumer(UniqueName("reader"), output_);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(Values(ReadAll(*reader, 1s)), (std::vector<std::string>{"committed", "aborted"}))
      << "the mock now hides aborted records from read_committed consumers";

  // A real broker resumes the group at offset 2, committed by the first transaction.
  std::unique_ptr<Consumer> restarted = NewConsumer(group, input_);
  ASSERT_NE(restarted, nullptr);
  std::vector<ConsumedRecord> again = ReadAll(*restarted, 500ms);
  ASSERT_FALSE(again.empty());
  EXPECT_EQ(again.front().offset, 0) << "the mock now stores transactional offset commits";
}

}  // namespace
}  // namespace newsflow::kafka
