#include "newsflow/kafka/delivery_batch.h"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "newsflow/kafka/fake_producer.h"

namespace newsflow::kafka {
namespace {

TEST(DeliveryBatchTest, WithoutABatchWorkRunsRightAway) {
  EXPECT_FALSE(DeliveryBatch::Open());
  int runs = 0;
  DeliveryBatch::Defer([&] { ++runs; });
  EXPECT_EQ(runs, 1);
}

TEST(DeliveryBatchTest, DeferredWorkRunsAtTheEndInOrder) {
  std::vector<std::string> log;
  {
    DeliveryBatch batch;
    EXPECT_TRUE(DeliveryBatch::Open());
    DeliveryBatch::Defer([&] { log.push_back("first"); });
    log.push_back("callback");
    DeliveryBatch::Defer([&] { log.push_back("second"); });
    EXPECT_EQ(log, std::vector<std::string>{"callback"});
  }
  EXPECT_EQ(log, (std::vector<std::string>{"callback", "first", "second"}));
  EXPECT_FALSE(DeliveryBatch::Open());
}

TEST(DeliveryBatchTest, WorkDeferredByDeferredWorkRunsInTheSameFlush) {
  std::vector<int> log;
  {
    DeliveryBatch batch;
    DeliveryBatch::Defer([&] {
      log.push_back(1);
      DeliveryBatch::Defer([&] { log.push_back(3); });
    });
    DeliveryBatch::Defer([&] { log.push_back(2); });
  }
  EXPECT_EQ(log, (std::vector<int>{1, 2, 3}));
  // Nothing is left over for the next batch.
  { DeliveryBatch next; }
  EXPECT_EQ(log.size(), 3u);
}

TEST(DeliveryBatchTest, NestedBatchesFlushAtTheOutermostEnd) {
  int runs = 0;
  {
    DeliveryBatch outer;
    {
      DeliveryBatch inner;
      DeliveryBatch::Defer([&] { ++runs; });
    }
    EXPECT_EQ(runs, 0);
    EXPECT_TRUE(DeliveryBatch::Open());
  }
  EXPECT_EQ(runs, 1);
}

TEST(DeliveryBatchTest, ABatchBelongsToItsThread) {
  DeliveryBatch batch;
  int runs = 0;
  std::thread other([&] {
    EXPECT_FALSE(DeliveryBatch::Open());
    DeliveryBatch::Defer([&] { ++runs; });  // no batch open there: runs now
  });
  other.join();
  EXPECT_EQ(runs, 1);
}

TEST(DeliveryBatchTest, FakeProducerDeliversHeldRecordsAsOneBatch) {
  FakeProducer producer;
  producer.SetDeliveryMode(FakeProducer::DeliveryMode::kHold);
  std::vector<std::string> log;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(producer
                    .Send({.topic = "t", .key = "k", .value = "v"},
                          [&log, i](absl::StatusOr<DeliveryReport> report) {
                            log.push_back("delivered " + std::to_string(i));
                            DeliveryBatch::Defer([&log, ok = report.ok()] {
                              log.push_back(ok ? "end of batch" : "end of failed batch");
                            });
                          })
                    .ok());
  }
  EXPECT_EQ(producer.DeliverAll(), 3);
  EXPECT_EQ(log, (std::vector<std::string>{"delivered 0", "delivered 1", "delivered 2",
                                           "end of batch", "end of batch", "end of batch"}));
}

}  // namespace
}  // namespace newsflow::kafka
