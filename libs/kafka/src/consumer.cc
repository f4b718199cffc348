#include "newsflow/kafka/consumer.h"

#include <memory>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>

#include "client_config.h"
#include "errors.h"

namespace newsflow::kafka {
namespace {

using internal::ConfPtr;
using internal::FatalErrorStatus;
using internal::StatusFromKafkaError;

// Seek blocks until the fetcher has moved, bounded so a dead broker cannot hang the caller.
constexpr int kSeekTimeoutMs = 5000;

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

// The first per-partition error of a list returned by a commit or seek.
absl::Status FirstPartitionError(const rd_kafka_topic_partition_list_t& list,
                                 std::string_view operation) {
  for (int i = 0; i < list.cnt; ++i) {
    const rd_kafka_topic_partition_t& p = list.elems[i];
    if (p.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return StatusFromKafkaError(
          p.err, fmt::format("kafka {} {} partition {}", operation, p.topic, p.partition));
    }
  }
  return absl::OkStatus();
}

ConsumedRecord ToRecord(const rd_kafka_message_t& message) {
  ConsumedRecord record;
  record.topic = rd_kafka_topic_name(message.rkt);
  record.partition = message.partition;
  record.offset = message.offset;
  if (message.key != nullptr) {
    record.key.assign(static_cast<const char*>(message.key), message.key_len);
  }
  if (message.payload != nullptr) {
    record.value.assign(static_cast<const char*>(message.payload), message.len);
  }
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR &&
      headers != nullptr) {
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0;
         rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
      record.headers.emplace_back(
          name, value != nullptr ? std::string(static_cast<const char*>(value), size) : "");
    }
  }
  rd_kafka_timestamp_type_t timestamp_type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
  record.timestamp_ms = rd_kafka_message_timestamp(&message, &timestamp_type);
  return record;
}

class KafkaConsumer final : public Consumer {
 public:
  KafkaConsumer() = default;
  KafkaConsumer(const KafkaConsumer&) = delete;
  KafkaConsumer& operator=(const KafkaConsumer&) = delete;
  ~KafkaConsumer() override;

  absl::Status Init(const ConsumerOptions& options);

  absl::StatusOr<std::optional<ConsumedRecord>> Poll(std::chrono::milliseconds timeout) override;
  absl::Status Commit(const std::vector<CommitOffset>& offsets) override;
  absl::Status Seek(const std::string& topic, int32_t partition, int64_t offset) override;
  absl::StatusOr<std::string> GroupMetadata() override;
  void Close() override;

 private:
  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static void OnLog(const rd_kafka_t* rk, int level, const char* facility, const char* message);

  rd_kafka_t* rk_ = nullptr;
  LogSink log_sink_;
  bool closed_ = false;
};

void KafkaConsumer::OnLog(const rd_kafka_t* rk, int level, const char* facility,
                          const char* message) {
  const auto* self = static_cast<const KafkaConsumer*>(rd_kafka_opaque(rk));
  if (self != nullptr && self->log_sink_) {
    self->log_sink_(level, fmt::format("{}: {}", facility, message));
  }
}

// Errors librdkafka recovers from by itself (broker down, rebalance in progress): logged only;
// fatal ones also surface through Poll().
void KafkaConsumer::OnError(rd_kafka_t* /*rk*/, int err, const char* reason, void* opaque) {
  const auto* self = static_cast<const KafkaConsumer*>(opaque);
  if (self != nullptr && self->log_sink_) {
    self->log_sink_(
        err == RD_KAFKA_RESP_ERR__FATAL ? 3 : 4,
        fmt::format("{}: {}", rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)), reason));
  }
}

absl::Status KafkaConsumer::Init(const ConsumerOptions& options) {
  if (options.bootstrap_servers.empty()) {
    return absl::InvalidArgumentError("kafka consumer: bootstrap_servers is empty");
  }
  if (options.group_id.empty()) {
    return absl::InvalidArgumentError("kafka consumer: group_id is empty");
  }
  if (options.topics.empty()) return absl::InvalidArgumentError("kafka consumer: no topics");
  ConfPtr conf(rd_kafka_conf_new());
  const std::map<std::string, std::string> defaults = {
      {"bootstrap.servers", options.bootstrap_servers},
      {"client.id", options.client_id},
      {"group.id", options.group_id},
      // Offsets are committed explicitly, after the output of a batch is acknowledged.
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", "earliest"},
      // librdkafka's default too, written out because exactly-once output depends on it: a
      // record of an aborted transaction must never be read.
      {"isolation.level", "read_committed"},
  };
  if (absl::Status s = internal::SetProperties(conf.get(), defaults); !s.ok()) return s;
  if (absl::Status s = internal::SetProperties(conf.get(), options.properties); !s.ok()) {
    return s;
  }
  log_sink_ = options.log_sink;
  rd_kafka_conf_set_opaque(conf.get(), this);
  if (log_sink_) {
    rd_kafka_conf_set_log_cb(conf.get(), &KafkaConsumer::OnLog);
    rd_kafka_conf_set_error_cb(conf.get(), &KafkaConsumer::OnError);
  }
  // No rebalance_cb: librdkafka then applies assignments itself, with assign() for the eager
  // protocols and incremental_assign() for cooperative-sticky, which is the correct default.
  char errstr[512] = "";
  rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof(errstr));
  if (rk_ == nullptr) return absl::InvalidArgumentError(fmt::format("kafka consumer: {}", errstr));
  (void)conf.release();  // owned by rk_ now
  rd_kafka_poll_set_consumer(rk_);

  PartitionListPtr topics(
      rd_kafka_topic_partition_list_new(static_cast<int>(options.topics.size())));
  for (const std::string& topic : options.topics) {
    rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  if (rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_, topics.get());
      err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return StatusFromKafkaError(err, "kafka subscribe");
  }
  return absl::OkStatus();
}

KafkaConsumer::~KafkaConsumer() {
  if (rk_ == nullptr) return;
  Close();
  rd_kafka_destroy(rk_);
}

absl::StatusOr<std::optional<ConsumedRecord>> KafkaConsumer::Poll(
    std::chrono::milliseconds timeout) {
  if (closed_) return absl::FailedPreconditionError("kafka poll: consumer is closed");
  MessagePtr message(rd_kafka_consumer_poll(rk_, static_cast<int>(timeout.count())));
  if (message == nullptr) return std::nullopt;
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) return ToRecord(*message);

  if (message->err == RD_KAFKA_RESP_ERR__FATAL) return FatalErrorStatus(rk_, "kafka poll");
  const std::string where = message->rkt != nullptr
                                ? fmt::format("kafka poll {} partition {}",
                                              rd_kafka_topic_name(message->rkt), message->partition)
                                : std::string("kafka poll");
  absl::Status status = StatusFromKafkaError(message->err, where);
  switch (status.code()) {
    // Needs an operator: credentials, ACLs, configuration or a client bug.
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kUnimplemented:
    case absl::StatusCode::kInternal:
      return status;
    // Partition EOF, broker/connection trouble, rebalances, a topic not created yet: librdkafka
    // keeps fetching and retrying by itself.
    default:
      return std::nullopt;
  }
}

absl::Status KafkaConsumer::Commit(const std::vector<CommitOffset>& offsets) {
  if (closed_) return absl::FailedPreconditionError("kafka commit: consumer is closed");
  if (offsets.empty()) return absl::OkStatus();
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const CommitOffset& offset : offsets) {
    rd_kafka_topic_partition_list_add(list.get(), offset.topic.c_str(), offset.partition)->offset =
        offset.next_offset;
  }
  if (rd_kafka_resp_err_t err = rd_kafka_commit(rk_, list.get(), /*async=*/0);
      err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (err == RD_KAFKA_RESP_ERR__FATAL) return FatalErrorStatus(rk_, "kafka commit");
    return StatusFromKafkaError(err, "kafka commit");
  }
  return FirstPartitionError(*list, "commit");
}

absl::Status KafkaConsumer::Seek(const std::string& topic, int32_t partition, int64_t offset) {
  if (closed_) return absl::FailedPreconditionError("kafka seek: consumer is closed");
  PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition)->offset = offset;
  if (rd_kafka_error_t* error = rd_kafka_seek_partitions(rk_, list.get(), kSeekTimeoutMs)) {
    absl::Status status = StatusFromKafkaError(
        rd_kafka_error_code(error), fmt::format("kafka seek {} partition {}: {}", topic, partition,
                                                rd_kafka_error_string(error)));
    rd_kafka_error_destroy(error);
    return status;
  }
  return FirstPartitionError(*list, "seek");
}

absl::StatusOr<std::string> KafkaConsumer::GroupMetadata() {
  if (closed_) return absl::FailedPreconditionError("kafka group metadata: consumer is closed");
  rd_kafka_consumer_group_metadata_t* metadata = rd_kafka_consumer_group_metadata(rk_);
  if (metadata == nullptr) {
    return absl::FailedPreconditionError("kafka group metadata: not a group consumer");
  }
  void* buffer = nullptr;
  size_t size = 0;
  rd_kafka_error_t* error = rd_kafka_consumer_group_metadata_write(metadata, &buffer, &size);
  rd_kafka_consumer_group_metadata_destroy(metadata);
  if (error != nullptr) {
    absl::Status status =
        absl::InternalError(fmt::format("kafka group metadata: {}", rd_kafka_error_string(error)));
    rd_kafka_error_destroy(error);
    return status;
  }
  std::string serialized(static_cast<const char*>(buffer), size);
  rd_kafka_mem_free(rk_, buffer);
  return serialized;
}

void KafkaConsumer::Close() {
  if (closed_ || rk_ == nullptr) return;
  closed_ = true;
  // Leaves the group (revoking the assignment) without committing anything.
  (void)rd_kafka_consumer_close(rk_);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Consumer>> MakeKafkaConsumer(const ConsumerOptions& options) {
  auto consumer = std::make_unique<KafkaConsumer>();
  if (absl::Status s = consumer->Init(options); !s.ok()) return s;
  return std::unique_ptr<Consumer>(std::move(consumer));
}

}  // namespace newsflow::kafka
