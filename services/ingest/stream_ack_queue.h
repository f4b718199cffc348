#pragma once

#include <cstddef>
#include <deque>

#include "newsflow/v1/ingest.pb.h"

namespace newsflow::ingest {

/// The answers of one IngestStream waiting to be written. gRPC allows one write outstanding per
/// stream, so answers that complete during a write wait here; on a stream that asked for
/// batched responses (IngestStreamRequest.batch_responses) the next write then carries all of
/// them (up to a limit) in one message, else one each. Not thread-safe: the reactor's mutex
/// guards it.
class StreamAckQueue {
 public:
  /// At most this many answers go into one message.
  static constexpr size_t kMaxAcksPerMessage = 256;

  void set_batched(bool batched) { batched_ = batched; }
  bool batched() const { return batched_; }

  void Push(v1::IngestStreamResponse ack) { acks_.push_back(std::move(ack)); }

  bool empty() const { return acks_.empty(); }
  /// Answers queued and not yet taken into a message.
  size_t size() const { return acks_.size(); }

  /// Moves the answers of the next message out of the queue into `message` (overwritten): the
  /// oldest in the message's own fields and, when batched, the next ones in `more`. Returns how
  /// many answers it holds (0 when the queue is empty).
  size_t TakeMessage(v1::IngestStreamResponse* message);

  void Clear() { acks_.clear(); }

 private:
  std::deque<v1::IngestStreamResponse> acks_;
  bool batched_ = false;
};

}  // namespace newsflow::ingest
