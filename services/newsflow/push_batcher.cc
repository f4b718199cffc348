#include "push_batcher.h"

#include <algorithm>
#include <cassert>
#include <iterator>

#include <grpcpp/support/status_code_enum.h>

namespace newsflow::cli {

bool IsRetryableCode(int code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
         code == grpc::StatusCode::DEADLINE_EXCEEDED || code == grpc::StatusCode::ABORTED;
}

PushBatcher::PushBatcher(PushBatchOptions options) : options_(options) {
  assert(options_.articles_per_request >= 1 && options_.window >= 1);
}

int PushBatcher::BatchSize() const {
  return std::min(options_.articles_per_request, options_.window);
}

int PushBatcher::DueRetries(Clock::time_point now) const {
  return static_cast<int>(std::distance(retries_.begin(), retries_.upper_bound(now)));
}

int PushBatcher::NewArticlesWanted(Clock::time_point now) const {
  const int ready = DueRetries(now) + static_cast<int>(waiting_.size());
  return std::max(0, std::min(BatchSize(), Room()) - ready);
}

void PushBatcher::AddNew(PushItem item) {
  const auto bytes = static_cast<int64_t>(item.article.ByteSizeLong());
  waiting_.push_back(Pending{.item = std::move(item), .bytes = bytes});
}

bool PushBatcher::ShouldSend(Clock::time_point now, bool more_to_come) const {
  if (more_to_come && Room() >= BatchSize()) return true;
  return Room() > 0 && (!waiting_.empty() || DueRetries(now) > 0);
}

std::optional<v1::IngestStreamRequest> PushBatcher::TakeRequest(Clock::time_point now) {
  const int capacity = std::min(BatchSize(), Room());
  v1::IngestStreamRequest request;
  int count = 0;
  int64_t bytes = 0;
  // One article of the request: the request's own fields for the first, an entry of `more`
  // for the others. False when the request is full (by count or size).
  auto add = [&](Pending& pending) {
    if (count >= capacity || (count > 0 && bytes + pending.bytes > options_.max_request_bytes)) {
      return false;
    }
    v1::IngestStreamRequest* entry = count == 0 ? &request : request.add_more();
    entry->set_sequence(next_sequence_++);
    *entry->mutable_article() = pending.item.article;
    ++pending.attempts;
    ++count;
    bytes += pending.bytes;
    in_flight_.emplace(entry->sequence(), std::move(pending));
    return true;
  };
  // Retries first: they waited longest and their inputs were read long ago.
  while (!retries_.empty() && retries_.begin()->first <= now && add(retries_.begin()->second)) {
    retries_.erase(retries_.begin());
  }
  while (!waiting_.empty() && add(waiting_.front())) waiting_.pop_front();
  if (count == 0) return std::nullopt;
  return request;
}

std::optional<PushBatcher::Answered> PushBatcher::Answer(uint64_t sequence, int code,
                                                         Clock::time_point now) {
  auto it = in_flight_.find(sequence);
  if (it == in_flight_.end()) return std::nullopt;
  Pending pending = std::move(it->second);
  in_flight_.erase(it);
  Answered answered{.fate = PushFate::kAcked, .label = pending.item.label};
  if (code == grpc::StatusCode::OK) return answered;
  if (IsRetryableCode(code) && pending.attempts <= options_.retries) {
    // Exponential backoff from 100 ms; retries are safe because article ids are idempotent.
    const auto backoff = std::chrono::milliseconds(100 << std::min(pending.attempts - 1, 6));
    retries_.emplace(now + backoff, std::move(pending));
    answered.fate = PushFate::kRetrying;
    return answered;
  }
  answered.fate = PushFate::kFailed;
  return answered;
}

std::optional<PushBatcher::Clock::time_point> PushBatcher::NextRetryDue() const {
  if (retries_.empty()) return std::nullopt;
  return retries_.begin()->first;
}

}  // namespace newsflow::cli
