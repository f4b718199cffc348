#include "rate_limiter.h"

#include <gtest/gtest.h>

namespace newsflow::ingest {
namespace {

using std::chrono::milliseconds;

class RateLimiterTest : public ::testing::Test {
 protected:
  RateLimiter::Clock FakeClock() {
    return [this] { return now_; };
  }
  std::chrono::steady_clock::time_point now_ =
      std::chrono::steady_clock::time_point(std::chrono::hours(1));
};

TEST_F(RateLimiterTest, AllowsBurstOfTwiceTheRateThenRefuses) {
  RateLimiter limiter(5, FakeClock());
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(limiter.TryAcquire("a").has_value()) << i;
  std::optional<std::chrono::nanoseconds> wait = limiter.TryAcquire("a");
  ASSERT_TRUE(wait.has_value());
  // One token comes back every 200 ms at 5/s.
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(*wait).count(), 200);
}

TEST_F(RateLimiterTest, RefillsAtTheRate) {
  RateLimiter limiter(5, FakeClock());
  for (int i = 0; i < 10; ++i) ASSERT_FALSE(limiter.TryAcquire("a").has_value());
  ASSERT_TRUE(limiter.TryAcquire("a").has_value());
  now_ += milliseconds(100);  // half a token
  std::optional<std::chrono::nanoseconds> wait = limiter.TryAcquire("a");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(*wait).count(), 100);
  now_ += milliseconds(100);
  EXPECT_FALSE(limiter.TryAcquire("a").has_value());
  EXPECT_TRUE(limiter.TryAcquire("a").has_value());
}

TEST_F(RateLimiterTest, RefillStopsAtTheBurst) {
  RateLimiter limiter(2, FakeClock());
  now_ += std::chrono::hours(1);
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(limiter.TryAcquire("a").has_value()) << i;
  EXPECT_TRUE(limiter.TryAcquire("a").has_value());
}

TEST_F(RateLimiterTest, ClientsHaveTheirOwnBuckets) {
  RateLimiter limiter(1, FakeClock());
  EXPECT_FALSE(limiter.TryAcquire("a").has_value());
  EXPECT_FALSE(limiter.TryAcquire("a").has_value());
  EXPECT_TRUE(limiter.TryAcquire("a").has_value());
  EXPECT_FALSE(limiter.TryAcquire("b").has_value());
}

TEST_F(RateLimiterTest, ClockGoingBackDoesNotAddTokens) {
  RateLimiter limiter(1, FakeClock());
  ASSERT_FALSE(limiter.TryAcquire("a").has_value());
  ASSERT_FALSE(limiter.TryAcquire("a").has_value());
  now_ -= std::chrono::seconds(10);
  EXPECT_TRUE(limiter.TryAcquire("a").has_value());
}

}  // namespace
}  // namespace newsflow::ingest
