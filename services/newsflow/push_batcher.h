#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "newsflow/v1/ingest.pb.h"

#include "article_source.h"

namespace newsflow::cli {

struct PushBatchOptions {
  int articles_per_request = 16;  ///< >= 1: the request's own article plus up to N-1 in `more`
  int window = 256;               ///< >= 1: articles sent and not yet answered, at most
  int retries = 5;                ///< retries of a retryable failure per article
  /// Articles are added to a request while it stays under this size; a single larger article
  /// still goes alone (the server's message limit is limits.max_body_bytes + 64 KiB).
  int64_t max_request_bytes = 1 << 20;
};

/// What became of an answered article.
enum class PushFate { kAcked, kRetrying, kFailed };

/// The grouping and retry bookkeeping of `newsflow push`, without I/O or threads: articles
/// wait (new ones, then retries when due), are grouped into IngestStreamRequests of up to
/// `articles_per_request` articles each with its own sequence, count against the window until
/// answered, and are answered exactly once: acked, failed, or queued again alone for a retry
/// (which may share a later request with others). Not thread-safe: the caller locks.
class PushBatcher {
 public:
  using Clock = std::chrono::steady_clock;

  explicit PushBatcher(PushBatchOptions options);

  /// Articles per request aimed at: articles_per_request, or the whole window when smaller.
  int BatchSize() const;

  /// How many new articles the next request can take now (0 = none): room in the window and the
  /// batch, less the retries due at `now` and the new articles already waiting.
  int NewArticlesWanted(Clock::time_point now) const;

  /// Queues a new article for the next request.
  void AddNew(PushItem item);

  /// Whether a request should be sent now: the window has room for a full batch and
  /// `more_to_come` (the source may yield more), or it has room and articles are ready (due
  /// retries or queued new ones).
  bool ShouldSend(Clock::time_point now, bool more_to_come) const;

  /// The next request (due retries first, then new articles), or nullopt when none is ready or
  /// the window is full. Its articles count as in flight until Answer().
  std::optional<v1::IngestStreamRequest> TakeRequest(Clock::time_point now);

  struct Answered {
    PushFate fate;
    std::string label;  ///< the input the article came from ("file.html", "list.jsonl:12")
  };
  /// Books the answer `code` (a google.rpc code) to `sequence`: a retryable code with retries
  /// left queues the article for a retry after a backoff. nullopt for a sequence not in flight
  /// (already answered, or never sent), which changes nothing.
  std::optional<Answered> Answer(uint64_t sequence, int code, Clock::time_point now);

  /// When the earliest queued retry falls due (nullopt: none queued).
  std::optional<Clock::time_point> NextRetryDue() const;

  /// Nothing in flight, waiting or queued for a retry.
  bool Idle() const { return in_flight_.empty() && waiting_.empty() && retries_.empty(); }
  int64_t in_flight() const { return static_cast<int64_t>(in_flight_.size()); }
  /// Articles taken in and not answered for good: in flight, waiting or queued for a retry.
  int64_t unanswered() const {
    return static_cast<int64_t>(in_flight_.size() + waiting_.size() + retries_.size());
  }

 private:
  struct Pending {
    PushItem item;
    int64_t bytes = 0;  // encoded size of the article
    int attempts = 0;   // requests that carried it so far
  };

  int Room() const { return options_.window - static_cast<int>(in_flight_.size()); }
  int DueRetries(Clock::time_point now) const;

  const PushBatchOptions options_;
  std::deque<Pending> waiting_;                        // new articles not yet sent
  std::multimap<Clock::time_point, Pending> retries_;  // by not_before
  std::map<uint64_t, Pending> in_flight_;
  uint64_t next_sequence_ = 1;
};

/// UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED and ABORTED: worth sending again.
bool IsRetryableCode(int code);

}  // namespace newsflow::cli
