#include "worker_pool.h"

namespace newsflow::enricher {

WorkerPool::WorkerPool(size_t threads) {
  for (size_t i = 1; i < threads; ++i) threads_.emplace_back([this] { WorkerMain(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::RunItems(std::unique_lock<std::mutex>& lock) {
  ++active_;
  while (next_ < count_) {
    const size_t index = next_++;
    lock.unlock();
    (*fn_)(index);
    lock.lock();
  }
  if (--active_ == 0) work_done_.notify_all();
}

void WorkerPool::WorkerMain() {
  uint64_t seen = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    work_ready_.wait(lock, [&] { return stopping_ || generation_ != seen; });
    if (stopping_) return;
    seen = generation_;
    RunItems(lock);
  }
}

void WorkerPool::ParallelFor(size_t count, const std::function<void(size_t)>& fn) {
  if (count == 0) return;
  std::unique_lock<std::mutex> lock(mutex_);
  fn_ = &fn;
  count_ = count;
  next_ = 0;
  ++generation_;
  work_ready_.notify_all();
  RunItems(lock);
  work_done_.wait(lock, [&] { return active_ == 0; });
  fn_ = nullptr;
}

}  // namespace newsflow::enricher
