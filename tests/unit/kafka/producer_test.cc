#include "newsflow/kafka/producer.h"

#include <atomic>
#include <string>

#include <absl/status/status.h>
#include <gtest/gtest.h>

namespace newsflow::kafka {
namespace {

// Nothing listens on port 1: these tests need no broker, only librdkafka's local checks.
constexpr char kUnreachable[] = "127.0.0.1:1";

TEST(KafkaProducerTest, UnknownPropertyIsInvalidArgumentNamingIt) {
  ProducerOptions options;
  options.bootstrap_servers = kUnreachable;
  options.properties["no.such.property"] = "1";
  absl::StatusOr<std::unique_ptr<Producer>> producer = MakeKafkaProducer(options);
  ASSERT_EQ(producer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(producer.status().message().find("no.such.property"), std::string_view::npos);
}

TEST(KafkaProducerTest, ConflictingPropertiesAreInvalidArgument) {
  ProducerOptions options;
  options.bootstrap_servers = kUnreachable;
  options.properties["acks"] = "1";  // the idempotent producer requires acks=all
  EXPECT_EQ(MakeKafkaProducer(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(KafkaProducerTest, OversizeRecordIsInvalidArgumentWithoutCallback) {
  ProducerOptions options;
  options.bootstrap_servers = kUnreachable;
  options.properties["message.max.bytes"] = "10000";
  std::unique_ptr<Producer> producer = *MakeKafkaProducer(options);
  std::atomic<int> calls{0};
  absl::Status status = producer->Send({.topic = "t", .key = "k", .value = std::string(20000, 'x')},
                                       [&](absl::StatusOr<DeliveryReport>) { ++calls; });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(producer->QueueLength(), 0);
  producer.reset();
  EXPECT_EQ(calls.load(), 0);
}

TEST(KafkaProducerTest, FullQueueIsResourceExhaustedAndPendingCallbackRunsOnceOnDestroy) {
  ProducerOptions options;
  options.bootstrap_servers = kUnreachable;
  options.properties["queue.buffering.max.messages"] = "1";
  std::unique_ptr<Producer> producer = *MakeKafkaProducer(options);
  std::atomic<int> first_calls{0};
  std::atomic<int> second_calls{0};
  absl::Status first_result;
  ASSERT_TRUE(producer
                  ->Send({.topic = "t", .key = "k", .value = "v"},
                         [&](absl::StatusOr<DeliveryReport> report) {
                           first_result = report.status();
                           ++first_calls;
                         })
                  .ok());
  absl::Status second = producer->Send({.topic = "t", .key = "k", .value = "v"},
                                       [&](absl::StatusOr<DeliveryReport>) { ++second_calls; });
  EXPECT_EQ(second.code(), absl::StatusCode::kResourceExhausted) << second;
  EXPECT_EQ(producer->QueueLength(), 1);
  EXPECT_EQ(producer->Flush(std::chrono::milliseconds(50)).code(),
            absl::StatusCode::kDeadlineExceeded);

  producer.reset();  // the undelivered record is failed, never dropped silently
  EXPECT_EQ(first_calls.load(), 1);
  EXPECT_FALSE(first_result.ok());
  EXPECT_EQ(second_calls.load(), 0);
}

}  // namespace
}  // namespace newsflow::kafka
