#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace newsflow::ingest {

/// Token buckets per client: `rate_per_second` articles per second with a burst of twice that.
/// A new client starts with a full bucket. Thread-safe.
class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  /// `rate_per_second` > 0. `clock` is replaceable for tests.
  explicit RateLimiter(double rate_per_second, Clock clock = std::chrono::steady_clock::now);

  /// Takes one token of `client`'s bucket: nullopt when allowed, otherwise how long until a
  /// token will be available (the retry advice for RESOURCE_EXHAUSTED).
  std::optional<std::chrono::nanoseconds> TryAcquire(std::string_view client);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
  };

  const double rate_;
  const double burst_;
  const Clock clock_;
  std::mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;  // clients come from the tokens file
};

}  // namespace newsflow::ingest
