#include "stream_ack_queue.h"

#include <set>

#include <gtest/gtest.h>

namespace newsflow::ingest {
namespace {

v1::IngestStreamResponse Ack(uint64_t sequence, int code = 0) {
  v1::IngestStreamResponse ack;
  ack.set_sequence(sequence);
  ack.mutable_status()->set_code(code);
  if (code == 0) ack.mutable_result()->set_article_id("id" + std::to_string(sequence));
  return ack;
}

// The answers a message carries, in order: its own, then those in `more`.
std::vector<uint64_t> Sequences(const v1::IngestStreamResponse& message) {
  std::vector<uint64_t> sequences = {message.sequence()};
  for (const v1::IngestStreamResponse& ack : message.more()) {
    EXPECT_EQ(ack.more_size(), 0);
    sequences.push_back(ack.sequence());
  }
  return sequences;
}

TEST(StreamAckQueueTest, UnbatchedStreamsGetOneAnswerPerMessage) {
  StreamAckQueue queue;
  for (uint64_t s = 1; s <= 3; ++s) queue.Push(Ack(s));
  v1::IngestStreamResponse message;
  for (uint64_t s = 1; s <= 3; ++s) {
    ASSERT_EQ(queue.TakeMessage(&message), 1u);
    EXPECT_EQ(Sequences(message), std::vector<uint64_t>{s});
    EXPECT_EQ(message.result().article_id(), "id" + std::to_string(s));
  }
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.TakeMessage(&message), 0u);
}

TEST(StreamAckQueueTest, BatchedStreamsGetEveryQueuedAnswerInOneMessage) {
  StreamAckQueue queue;
  queue.set_batched(true);
  queue.Push(Ack(7));
  queue.Push(Ack(8, /*code=*/3));
  queue.Push(Ack(9));
  v1::IngestStreamResponse message;
  ASSERT_EQ(queue.TakeMessage(&message), 3u);
  EXPECT_EQ(Sequences(message), (std::vector<uint64_t>{7, 8, 9}));
  EXPECT_EQ(message.result().article_id(), "id7");
  EXPECT_EQ(message.more(0).status().code(), 3);
  EXPECT_FALSE(message.more(0).has_result());
  EXPECT_EQ(message.more(1).result().article_id(), "id9");
  EXPECT_TRUE(queue.empty());

  // A message taken later holds only what was queued since: nothing of the previous one.
  queue.Push(Ack(10));
  ASSERT_EQ(queue.TakeMessage(&message), 1u);
  EXPECT_EQ(Sequences(message), std::vector<uint64_t>{10});
}

TEST(StreamAckQueueTest, BatchesAreCappedAndEveryAnswerIsTakenOnce) {
  StreamAckQueue queue;
  queue.set_batched(true);
  const size_t count = 2 * StreamAckQueue::kMaxAcksPerMessage + 5;
  for (uint64_t s = 0; s < count; ++s) queue.Push(Ack(s));
  std::vector<size_t> sizes;
  std::set<uint64_t> seen;
  v1::IngestStreamResponse message;
  while (size_t n = queue.TakeMessage(&message)) {
    sizes.push_back(n);
    const std::vector<uint64_t> sequences = Sequences(message);
    ASSERT_EQ(sequences.size(), n);
    for (uint64_t s : sequences) EXPECT_TRUE(seen.insert(s).second) << s;
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{StreamAckQueue::kMaxAcksPerMessage,
                                        StreamAckQueue::kMaxAcksPerMessage, 5}));
  EXPECT_EQ(seen.size(), count);
}

}  // namespace
}  // namespace newsflow::ingest
