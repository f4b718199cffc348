#include "worker_pool.h"

#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>

namespace newsflow::enricher {
namespace {

TEST(WorkerPoolTest, RunsEveryIndexExactlyOnce) {
  WorkerPool pool(4);
  for (size_t count : {0u, 1u, 7u, 1000u}) {
    std::vector<std::atomic<int>> hits(count);
    pool.ParallelFor(count, [&](size_t i) { hits[i].fetch_add(1); });
    for (size_t i = 0; i < count; ++i) EXPECT_EQ(hits[i].load(), 1) << i;
  }
}

TEST(WorkerPoolTest, UsesSeveralThreads) {
  WorkerPool pool(3);
  std::mutex mutex;
  std::set<std::thread::id> threads;
  pool.ParallelFor(64, [&](size_t) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::lock_guard<std::mutex> lock(mutex);
    threads.insert(std::this_thread::get_id());
  });
  EXPECT_GE(threads.size(), 2u);
}

TEST(WorkerPoolTest, SingleThreadPoolRunsOnCaller) {
  WorkerPool pool(1);
  const std::thread::id caller = std::this_thread::get_id();
  pool.ParallelFor(5, [&](size_t) { EXPECT_EQ(std::this_thread::get_id(), caller); });
}

}  // namespace
}  // namespace newsflow::enricher
