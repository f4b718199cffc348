#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace newsflow::bench {

/// A log-bucketed latency histogram in the manner of HdrHistogram: each power of two of
/// nanoseconds is split into kSubBuckets linear sub-buckets, so any recorded value is reported
/// within 1/kSubBuckets (< 1%) of itself, from 1 ns to about 39 hours, in fixed memory and
/// with an O(1) Record(). Written here because Debian ships no HdrHistogram package for C/C++,
/// and percentiles over a few million samples do not justify keeping every sample.
/// Not thread-safe: give each thread its own and Merge() them at the end.
class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 7;
  static constexpr int kSubBuckets = 1 << kSubBucketBits;
  static constexpr int kMaxExponent = 40;  // values of 2^47 ns (~39 h) and more are clamped

  /// Adds one sample of `nanos` nanoseconds (negative counts as 0).
  void Record(int64_t nanos) {
    const uint64_t value = nanos < 0 ? 0 : static_cast<uint64_t>(nanos);
    ++counts_[Index(value)];
    ++total_;
    if (value > max_) max_ = value;
  }

  void Merge(const LatencyHistogram& other) {
    for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    if (other.max_ > max_) max_ = other.max_;
  }

  uint64_t Count() const { return total_; }
  uint64_t MaxNanos() const { return max_; }

  /// Value (ns) at `percentile` in [0, 100]: the middle of the bucket holding that rank.
  /// 0 when empty.
  uint64_t PercentileNanos(double percentile) const {
    if (total_ == 0) return 0;
    uint64_t rank = static_cast<uint64_t>(percentile / 100.0 * static_cast<double>(total_) + 0.5);
    if (rank < 1) rank = 1;
    if (rank > total_) rank = total_;
    uint64_t seen = 0;
    for (size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) {
        const uint64_t middle = (LowestOf(i) + HighestOf(i)) / 2;
        return middle > max_ ? max_ : middle;
      }
    }
    return max_;
  }

 private:
  // Values below kSubBuckets get one bucket each (exponent 0); above, bucket = (exponent, the
  // kSubBucketBits bits after the leading one).
  static size_t Index(uint64_t value) {
    if (value < kSubBuckets) return static_cast<size_t>(value);
    int exponent = std::bit_width(value) - 1 - kSubBucketBits + 1;  // >= 1
    if (exponent > kMaxExponent) return kSize - 1;
    const uint64_t sub = (value >> (exponent - 1)) - kSubBuckets;  // in [0, kSubBuckets)
    return static_cast<size_t>(exponent) * kSubBuckets + static_cast<size_t>(sub);
  }
  static uint64_t LowestOf(size_t index) {
    const size_t exponent = index / kSubBuckets;
    const uint64_t sub = index % kSubBuckets;
    if (exponent == 0) return sub;
    return (kSubBuckets + sub) << (exponent - 1);
  }
  static uint64_t HighestOf(size_t index) {
    const size_t exponent = index / kSubBuckets;
    if (exponent == 0) return LowestOf(index);
    return LowestOf(index) + (uint64_t{1} << (exponent - 1)) - 1;
  }

  static constexpr size_t kSize = (kMaxExponent + 1) * kSubBuckets;
  std::array<uint64_t, kSize> counts_{};
  uint64_t total_ = 0;
  uint64_t max_ = 0;
};

}  // namespace newsflow::bench
