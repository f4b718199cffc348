#include "newsflow/kafka/fake_producer.h"

#include <thread>
#include <vector>

#include <absl/status/status.h>
#include <gtest/gtest.h>

namespace newsflow::kafka {
namespace {

using namespace std::chrono_literals;

OutgoingRecord Record(std::string topic, std::string key, std::string value) {
  return {.topic = std::move(topic),
          .key = std::move(key),
          .value = std::move(value),
          .headers = {{"content-type", "text/plain"}}};
}

TEST(FakeProducerTest, DeliversImmediatelyWithPerTopicOffsets) {
  FakeProducer producer;
  std::vector<absl::StatusOr<DeliveryReport>> reports;
  auto collect = [&](absl::StatusOr<DeliveryReport> r) { reports.push_back(std::move(r)); };

  ASSERT_TRUE(producer.Send(Record("a", "k1", "v1"), collect).ok());
  ASSERT_TRUE(producer.Send(Record("a", "k2", "v2"), collect).ok());
  ASSERT_TRUE(producer.Send(Record("b", "k3", "v3"), collect).ok());

  ASSERT_EQ(reports.size(), 3u);
  ASSERT_TRUE(reports[1].ok());
  EXPECT_EQ(reports[1]->topic, "a");
  EXPECT_EQ(reports[1]->offset, 1);
  EXPECT_EQ(reports[2]->offset, 0);
  EXPECT_EQ(producer.QueueLength(), 0);
  EXPECT_TRUE(producer.Flush(0ms).ok());

  std::vector<OutgoingRecord> sent = producer.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].key, "k1");
  EXPECT_EQ(sent[2].value, "v3");
  EXPECT_EQ(HeaderValue(sent[0].headers, "content-type"), "text/plain");
}

TEST(FakeProducerTest, HoldModeWaitsForDeliverAll) {
  FakeProducer producer;
  producer.SetDeliveryMode(FakeProducer::DeliveryMode::kHold);
  int delivered = 0;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(producer
                    .Send(Record("t", "k", "v"),
                          [&](absl::StatusOr<DeliveryReport> r) { delivered += r.ok() ? 1 : 0; })
                    .ok());
  }
  EXPECT_EQ(delivered, 0);
  EXPECT_EQ(producer.QueueLength(), 2);
  EXPECT_EQ(producer.Flush(20ms).code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(delivered, 0);  // Flush delivers nothing by itself

  EXPECT_EQ(producer.DeliverAll(), 2);
  EXPECT_EQ(delivered, 2);
  EXPECT_EQ(producer.QueueLength(), 0);
  EXPECT_TRUE(producer.Flush(0ms).ok());
}

TEST(FakeProducerTest, FailAllReportsTheStatus) {
  FakeProducer producer;
  producer.SetDeliveryMode(FakeProducer::DeliveryMode::kHold);
  absl::Status seen;
  ASSERT_TRUE(
      producer
          .Send(Record("t", "k", "v"), [&](absl::StatusOr<DeliveryReport> r) { seen = r.status(); })
          .ok());
  EXPECT_EQ(producer.FailAll(absl::UnavailableError("broker down")), 1);
  EXPECT_EQ(seen.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(producer.FailAll(absl::UnavailableError("again")), 0);
}

TEST(FakeProducerTest, FailNextSendRejectsOneSendWithoutCallback) {
  FakeProducer producer;
  producer.FailNextSend(absl::ResourceExhaustedError("queue full"));
  bool called = false;
  auto callback = [&](absl::StatusOr<DeliveryReport>) { called = true; };

  EXPECT_EQ(producer.Send(Record("t", "k", "v"), callback).code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_FALSE(called);
  EXPECT_TRUE(producer.sent().empty());

  EXPECT_TRUE(producer.Send(Record("t", "k", "v"), callback).ok());
  EXPECT_TRUE(called);
  EXPECT_EQ(producer.sent().size(), 1u);
}

TEST(FakeProducerTest, FlushReturnsOnceAnotherThreadDelivers) {
  FakeProducer producer;
  producer.SetDeliveryMode(FakeProducer::DeliveryMode::kHold);
  ASSERT_TRUE(producer.Send(Record("t", "k", "v"), nullptr).ok());
  std::thread deliverer([&] {
    std::this_thread::sleep_for(20ms);
    producer.DeliverAll();
  });
  EXPECT_TRUE(producer.Flush(5s).ok());
  deliverer.join();
}

TEST(FakeProducerTest, ConcurrentSendsAreAllRecorded) {
  FakeProducer producer;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 250; ++i) (void)producer.Send(Record("t", "k", "v"), nullptr);
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(producer.sent().size(), 1000u);
}

}  // namespace
}  // namespace newsflow::kafka
