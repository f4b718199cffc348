#include "rate_limiter.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace newsflow::ingest {

RateLimiter::RateLimiter(double rate_per_second, Clock clock)
    : rate_(rate_per_second), burst_(2 * rate_per_second), clock_(std::move(clock)) {
  assert(rate_per_second > 0);
}

std::optional<std::chrono::nanoseconds> RateLimiter::TryAcquire(std::string_view client) {
  const std::chrono::steady_clock::time_point now = clock_();
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    it = buckets_.emplace(std::string(client), Bucket{.tokens = burst_, .updated = now}).first;
  }
  Bucket& bucket = it->second;
  if (now > bucket.updated) {
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed * rate_);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::nullopt;
  }
  const double wait_seconds = (1 - bucket.tokens) / rate_;
  return std::chrono::nanoseconds(static_cast<int64_t>(std::ceil(wait_seconds * 1e9)));
}

}  // namespace newsflow::ingest
