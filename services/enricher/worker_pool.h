#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace newsflow::enricher {

/// A fixed set of threads that run one parallel loop at a time. Enrichment is CPU-bound and
/// per-record independent, so a plain parallel-for over a batch is all the scheduling needed.
class WorkerPool {
 public:
  explicit WorkerPool(size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Calls fn(i) for every i in [0, count) across the pool and the calling thread; returns when
  /// all calls returned. Not reentrant: one caller at a time.
  void ParallelFor(size_t count, const std::function<void(size_t)>& fn);

 private:
  void WorkerMain();
  // Takes items until none are left; `lock` holds mutex_ on entry and exit.
  void RunItems(std::unique_lock<std::mutex>& lock);

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  const std::function<void(size_t)>* fn_ = nullptr;
  size_t count_ = 0;
  size_t next_ = 0;
  size_t active_ = 0;
  uint64_t generation_ = 0;
  bool stopping_ = false;
};

}  // namespace newsflow::enricher
