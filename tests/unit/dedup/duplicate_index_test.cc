#include "newsflow/dedup/duplicate_index.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace newsflow::dedup {
namespace {

constexpr uint64_t kSimhash = 0x0123456789ABCDEFULL;
constexpr uint64_t kFarSimhash = ~kSimhash;

TEST(DuplicateIndexTest, VerdictSequence) {
  DuplicateIndex index;
  EXPECT_EQ(index.Begin("a", "h1", kSimhash).verdict, Verdict::kNew);
  // While publishing, the same version is in flight.
  EXPECT_EQ(index.Begin("a", "h1", kSimhash).verdict, Verdict::kInFlight);
  EXPECT_EQ(index.size(), 0u);
  index.Commit("a", "h1", kSimhash);
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(index.Begin("a", "h1", kSimhash).verdict, Verdict::kDuplicate);
  // Another content hash for the same article is a new version.
  EXPECT_EQ(index.Begin("a", "h2", kSimhash).verdict, Verdict::kNewVersion);
  EXPECT_EQ(index.Begin("a", "h2", kSimhash).verdict, Verdict::kInFlight);
  index.Commit("a", "h2", kSimhash);
  EXPECT_EQ(index.Begin("a", "h2", kSimhash).verdict, Verdict::kDuplicate);
  EXPECT_EQ(index.Begin("a", "h1", kSimhash).verdict, Verdict::kNewVersion);
  EXPECT_EQ(index.size(), 1u);
}

TEST(DuplicateIndexTest, AbortForgetsTheAttempt) {
  DuplicateIndex index;
  EXPECT_EQ(index.Begin("a", "h1", kSimhash).verdict, Verdict::kNew);
  index.Abort("a", "h1");
  EXPECT_EQ(index.Begin("a", "h1", kSimhash).verdict, Verdict::kNew);
  index.Commit("a", "h1", kSimhash);
  EXPECT_EQ(index.Begin("a", "h2", kSimhash).verdict, Verdict::kNewVersion);
  index.Abort("a", "h2");
  // The committed version is still known; the aborted one can be retried.
  EXPECT_EQ(index.Begin("a", "h1", kSimhash).verdict, Verdict::kDuplicate);
  EXPECT_EQ(index.Begin("a", "h2", kSimhash).verdict, Verdict::kNewVersion);
}

TEST(DuplicateIndexTest, EvictsLeastRecentlyUsed) {
  DuplicateIndex index({.capacity = 2});
  index.Commit("a", "ha", 1);
  index.Commit("b", "hb", 2);
  // Seeing "a" again makes "b" the least recently used.
  EXPECT_EQ(index.Begin("a", "ha", 1).verdict, Verdict::kDuplicate);
  index.Commit("c", "hc", 3);
  EXPECT_EQ(index.size(), 2u);
  EXPECT_EQ(index.Begin("a", "ha", 1).verdict, Verdict::kDuplicate);
  EXPECT_EQ(index.Begin("c", "hc", 3).verdict, Verdict::kDuplicate);
  EXPECT_EQ(index.Begin("b", "hb", 2).verdict, Verdict::kNew);
}

TEST(DuplicateIndexTest, MarksNearDuplicateUnderAnotherId) {
  DuplicateIndex index;
  index.Commit("original", "h1", kSimhash);

  // Three differing bits, each in a different 16-bit block: still found.
  const uint64_t close = kSimhash ^ (1ULL << 0) ^ (1ULL << 20) ^ (1ULL << 40);
  CheckResult near = index.Begin("copy", "h2", close);
  EXPECT_EQ(near.verdict, Verdict::kNew);
  EXPECT_EQ(near.near_duplicate_of, "original");

  // Four differing bits are beyond the default distance of 3.
  const uint64_t farther = close ^ (1ULL << 60);
  EXPECT_EQ(index.Begin("other", "h3", farther).near_duplicate_of, "");
  EXPECT_EQ(index.Begin("unrelated", "h4", kFarSimhash).near_duplicate_of, "");

  // A new version of the same article is not a near-duplicate of itself.
  EXPECT_EQ(index.Begin("original", "h5", kSimhash).near_duplicate_of, "");
}

// The index keeps 32-hex-digit ids (the pipeline's) and 64-hex-digit content hashes as
// fingerprints; the ids come back verbatim and other spellings stay distinct.
TEST(DuplicateIndexTest, HexIdsAndHashesRoundTrip) {
  const std::string hex_id = "0123456789abcdef00ff00ff00ff00ff";
  const std::string upper_id = "0123456789ABCDEF00FF00FF00FF00FF";
  const std::string hash_a(64, 'a');
  const std::string hash_b = std::string(63, 'a') + "b";  // differs after the first 32 digits
  DuplicateIndex index;
  index.Commit(hex_id, hash_a, kSimhash);
  EXPECT_EQ(index.Begin("copy", "h", kSimhash ^ 1).near_duplicate_of, hex_id);
  EXPECT_EQ(index.Begin(hex_id, hash_a, kSimhash).verdict, Verdict::kDuplicate);
  EXPECT_EQ(index.Begin(upper_id, hash_a, kSimhash).verdict, Verdict::kNew);
  index.Commit(upper_id, hash_a, kFarSimhash);
  EXPECT_EQ(index.Begin("copy2", "h", kFarSimhash ^ 1).near_duplicate_of, upper_id);
  // Content hashes are compared on their first 128 bits, which for SHA-256 digests is exact in
  // practice; a hash spelled otherwise is compared on all of its text.
  EXPECT_EQ(index.Begin(hex_id, hash_b, kSimhash).verdict, Verdict::kDuplicate);
  EXPECT_EQ(index.Begin(hex_id, "short", kSimhash).verdict, Verdict::kNewVersion);
  EXPECT_EQ(index.size(), 2u);
}

TEST(DuplicateIndexTest, NearDuplicateDistanceIsConfigurable) {
  DuplicateIndex index({.near_duplicate_distance = 1});
  index.Commit("original", "h1", kSimhash);
  EXPECT_EQ(index.Begin("one-bit", "h2", kSimhash ^ 1).near_duplicate_of, "original");
  EXPECT_EQ(index.Begin("two-bits", "h3", kSimhash ^ 3).near_duplicate_of, "");
}

TEST(DuplicateIndexTest, EvictedArticlesAreNoLongerNearDuplicates) {
  DuplicateIndex index({.capacity = 1});
  index.Commit("a", "ha", kSimhash);
  index.Commit("b", "hb", kFarSimhash);  // evicts "a"
  EXPECT_EQ(index.Begin("c", "hc", kSimhash).near_duplicate_of, "");
  EXPECT_EQ(index.Begin("d", "hd", kFarSimhash ^ 1).near_duplicate_of, "b");
}

TEST(DuplicateIndexTest, NewVersionReplacesSimhash) {
  DuplicateIndex index;
  index.Commit("a", "h1", kSimhash);
  index.Commit("a", "h2", kFarSimhash);
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(index.Begin("x", "hx", kSimhash).near_duplicate_of, "");
  EXPECT_EQ(index.Begin("y", "hy", kFarSimhash).near_duplicate_of, "a");
}

TEST(DuplicateIndexTest, EachArticleIsNewExactlyOnceAcrossThreads) {
  DuplicateIndex index;
  constexpr int kThreads = 8;
  constexpr int kArticles = 2000;
  std::atomic<int> new_count{0};
  std::atomic<int> other_count{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&index, &new_count, &other_count, t] {
      for (int i = 0; i < kArticles; ++i) {
        // Threads walk the ids in different orders so that they collide.
        const int n = (i * 7 + t * 131) % kArticles;
        const std::string id = "article-" + std::to_string(n);
        const uint64_t simhash = static_cast<uint64_t>(n) * 0x9E3779B97F4A7C15ULL;
        CheckResult result = index.Begin(id, "hash", simhash);
        if (result.verdict == Verdict::kNew) {
          new_count.fetch_add(1);
          index.Commit(id, "hash", simhash);
        } else {
          EXPECT_TRUE(result.verdict == Verdict::kInFlight ||
                      result.verdict == Verdict::kDuplicate);
          other_count.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(new_count.load(), kArticles);
  EXPECT_EQ(other_count.load(), kArticles * (kThreads - 1));
  EXPECT_EQ(index.size(), static_cast<size_t>(kArticles));
}

TEST(DuplicateIndexTest, StaysBoundedUnderConcurrentEviction) {
  DuplicateIndex index({.capacity = 100});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&index, t] {
      for (int i = 0; i < 5000; ++i) {
        const std::string id = std::to_string(t) + "-" + std::to_string(i);
        const uint64_t simhash = static_cast<uint64_t>(i % 50) * 0xFFFF0000FFFFULL;
        index.Begin(id, "h", simhash);
        if (i % 3 == 0) {
          index.Abort(id, "h");
        } else {
          index.Commit(id, "h", simhash);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(index.size(), 100u);
}

}  // namespace
}  // namespace newsflow::dedup
