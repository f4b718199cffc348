#pragma once

#include <cstdint>
#include <unordered_set>

#include <absl/status/status.h>

#include "stream_articles.h"

namespace newsflow::ingest {

/// Admission of the articles one IngestStream reads, counted one by one however many share a
/// request: the sequences in flight and the window of articles read and not yet answered.
/// Not thread-safe: the stream's mutex guards it.
class StreamWindow {
 public:
  /// `max_unanswered` > 0: the window (IngestServiceOptions.max_in_flight_per_stream).
  explicit StreamWindow(int64_t max_unanswered) : max_unanswered_(max_unanswered) {}

  /// Counts `article` as read and unanswered and decides its fate: OK when it may go to the
  /// pipeline (its sequence is then in flight until Release()), otherwise the answer to give it
  /// at once, with fields named from the request: the entry's own malformation,
  /// INVALID_ARGUMENT "sequence" when its sequence is in flight, RESOURCE_EXHAUSTED when the
  /// window was already full when it was read (possible for the entries of a request read
  /// while the window had room for fewer).
  absl::Status Admit(const StreamArticle& article);

  /// The pipeline answered the admitted article with `sequence`: the sequence may be reused.
  void Release(uint64_t sequence) { in_flight_.erase(sequence); }

  /// `count` answers went into a write (or were dropped because the client is gone).
  void Answered(int64_t count) { unanswered_ -= count; }

  /// Whether the stream may read another request.
  bool HasRoom() const { return unanswered_ < max_unanswered_; }

  /// Articles read whose answers are not yet in a write or dropped.
  int64_t unanswered() const { return unanswered_; }

 private:
  const int64_t max_unanswered_;
  std::unordered_set<uint64_t> in_flight_;  // sequences of admitted articles not yet answered
  int64_t unanswered_ = 0;
};

}  // namespace newsflow::ingest
