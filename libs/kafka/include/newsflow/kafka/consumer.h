#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include "newsflow/kafka/log_sink.h"
#include "newsflow/kafka/record.h"

namespace newsflow::kafka {

/// Offset to commit: the offset of the next record to read in `partition` of `topic`.
struct CommitOffset {
  std::string topic;
  int32_t partition = -1;
  int64_t next_offset = -1;
};

/// Consumer-group consumer; the seam in front of librdkafka.
class Consumer {
 public:
  virtual ~Consumer() = default;

  /// Next record, or nullopt when none arrived within `timeout`. Errors that librdkafka
  /// recovers from by itself are not returned. Not thread-safe: one polling thread.
  virtual absl::StatusOr<std::optional<ConsumedRecord>> Poll(std::chrono::milliseconds timeout) = 0;

  /// Synchronously commits offsets. Same thread as Poll().
  virtual absl::Status Commit(const std::vector<CommitOffset>& offsets) = 0;

  /// Rewinds `partition` so the next Poll() returns the record at `offset` again. Used after a
  /// retryable failure so no record is skipped. Same thread as Poll().
  virtual absl::Status Seek(const std::string& topic, int32_t partition, int64_t offset) = 0;

  /// The consumer's group metadata (group id, generation, member id), serialized, for
  /// Transactions::SendOffsetsToTransaction(). Same thread as Poll().
  virtual absl::StatusOr<std::string> GroupMetadata() = 0;

  /// Leaves the group cleanly (commits nothing by itself).
  virtual void Close() = 0;
};

struct ConsumerOptions {
  std::string bootstrap_servers;
  std::string group_id;
  std::vector<std::string> topics;
  std::string client_id = "newsflow";
  /// librdkafka properties passed verbatim (override the defaults: auto commit off,
  /// auto.offset.reset=earliest, isolation.level=read_committed).
  std::map<std::string, std::string> properties;
  /// Where librdkafka logs go (stderr when unset).
  LogSink log_sink;
};

/// A librdkafka KafkaConsumer subscribed to `topics` with auto commit disabled. It reads
/// committed records only: records of aborted transactions are skipped and those of open ones
/// wait for their commit, while records produced outside transactions are read as they come.
absl::StatusOr<std::unique_ptr<Consumer>> MakeKafkaConsumer(const ConsumerOptions& options);

}  // namespace newsflow::kafka
