#include "stream_ack_queue.h"

#include <algorithm>

namespace newsflow::ingest {

size_t StreamAckQueue::TakeMessage(v1::IngestStreamResponse* message) {
  message->Clear();
  if (acks_.empty()) return 0;
  *message = std::move(acks_.front());
  acks_.pop_front();
  if (!batched_) return 1;
  const size_t extra = std::min(acks_.size(), kMaxAcksPerMessage - 1);
  message->mutable_more()->Reserve(static_cast<int>(extra));
  for (size_t i = 0; i < extra; ++i) {
    *message->add_more() = std::move(acks_.front());
    acks_.pop_front();
  }
  return 1 + extra;
}

}  // namespace newsflow::ingest
