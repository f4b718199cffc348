#include "newsflow/kafka/producer.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>

#include "newsflow/kafka/delivery_batch.h"
#include "newsflow/kafka/transactions.h"

#include "client_config.h"
#include "errors.h"

namespace newsflow::kafka {
namespace {

using internal::ConfPtr;
using internal::FatalErrorStatus;
using internal::StatusFromKafkaError;

// What librdkafka borrows until the delivery report: the value is produced without a copy
// (no RD_KAFKA_MSG_F_COPY) because this struct keeps it alive until then, and the callback.
struct InFlight {
  std::string value;
  DeliveryCallback on_delivery;
};

// Owns rd_kafka_error_t objects returned by the transactional API.
struct ErrorDeleter {
  void operator()(rd_kafka_error_t* error) const { rd_kafka_error_destroy(error); }
};
using ErrorPtr = std::unique_ptr<rd_kafka_error_t, ErrorDeleter>;

// Sorts a transactional API error into the three kinds Transactions documents: fatal
// (FAILED_PRECONDITION), abortable (ABORTED) or retriable as is (any other code).
absl::Status StatusFromTransactionError(ErrorPtr error, std::string_view operation) {
  if (error == nullptr) return absl::OkStatus();
  const std::string message =
      fmt::format("kafka {}: {} ({})", operation, rd_kafka_error_string(error.get()),
                  rd_kafka_error_name(error.get()));
  if (rd_kafka_error_is_fatal(error.get())) {
    return absl::FailedPreconditionError(
        fmt::format("{}: fatal, the producer must be recreated", message));
  }
  if (rd_kafka_error_txn_requires_abort(error.get())) return absl::AbortedError(message);
  if (rd_kafka_error_is_retriable(error.get())) {
    return rd_kafka_error_code(error.get()) == RD_KAFKA_RESP_ERR__TIMED_OUT
               ? absl::DeadlineExceededError(message)
               : absl::UnavailableError(message);
  }
  // Wrong state or not configured: a bug of the caller, retrying cannot help.
  return absl::FailedPreconditionError(message);
}

class KafkaProducer final : public TransactionalProducer {
 public:
  KafkaProducer() = default;
  KafkaProducer(const KafkaProducer&) = delete;
  KafkaProducer& operator=(const KafkaProducer&) = delete;
  ~KafkaProducer() override;

  absl::Status Init(const ProducerOptions& options);

  absl::Status Send(OutgoingRecord record, DeliveryCallback on_delivery) override;
  absl::Status Flush(std::chrono::milliseconds timeout) override;
  int QueueLength() const override { return undelivered_.load(std::memory_order_acquire); }
  absl::Status CheckBrokers(std::chrono::milliseconds timeout) override;

  absl::Status InitTransactions(std::chrono::milliseconds timeout);
  absl::Status BeginTransaction() override;
  absl::Status SendOffsetsToTransaction(const std::vector<CommitOffset>& offsets,
                                        const std::string& group_metadata,
                                        std::chrono::milliseconds timeout) override;
  absl::Status CommitTransaction(std::chrono::milliseconds timeout) override;
  absl::Status AbortTransaction(std::chrono::milliseconds timeout) override;

 private:
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);
  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static void OnLog(const rd_kafka_t* rk, int level, const char* facility, const char* message);
  // Waits until librdkafka holds no message and no undelivered report, or `timeout` passes.
  bool WaitForEmptyQueue(std::chrono::milliseconds timeout);

  rd_kafka_t* rk_ = nullptr;
  bool transactional_ = false;  // InitTransactions() succeeded
  LogSink log_sink_;
  std::atomic<bool> stop_{false};
  std::thread poll_thread_;
  std::mutex mutex_;
  std::condition_variable delivered_;
  // Records accepted by Send() whose delivery callback has not run yet. Counted here rather
  // than read from rd_kafka_outq_len(), which also counts librdkafka's own queued events.
  std::atomic<int> undelivered_{0};
};

absl::Status KafkaProducer::Init(const ProducerOptions& options) {
  if (options.bootstrap_servers.empty()) {
    return absl::InvalidArgumentError("kafka producer: bootstrap_servers is empty");
  }
  ConfPtr conf(rd_kafka_conf_new());
  const std::map<std::string, std::string> defaults = {
      {"bootstrap.servers", options.bootstrap_servers},
      {"client.id", options.client_id},
      {"acks", "all"},
      {"enable.idempotence", "true"},
      {"linger.ms", "5"},
      {"compression.type", "lz4"},
      {"message.timeout.ms", std::to_string(options.delivery_timeout_ms)},
  };
  if (absl::Status s = internal::SetProperties(conf.get(), defaults); !s.ok()) return s;
  if (absl::Status s = internal::SetProperties(conf.get(), options.properties); !s.ok()) {
    return s;
  }
  rd_kafka_conf_set_opaque(conf.get(), this);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaProducer::OnDelivery);
  rd_kafka_conf_set_error_cb(conf.get(), &KafkaProducer::OnError);
  log_sink_ = options.log_sink;
  if (log_sink_) rd_kafka_conf_set_log_cb(conf.get(), &KafkaProducer::OnLog);

  char errstr[512] = "";
  rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof(errstr));
  if (rk_ == nullptr) {
    // Conflicting settings (say acks=1 with idempotence) are only detected here.
    return absl::InvalidArgumentError(fmt::format("kafka producer: {}", errstr));
  }
  (void)conf.release();  // owned by rk_ now
  poll_thread_ = std::thread([this] {
    while (!stop_.load(std::memory_order_acquire)) {
      // The reports of one poll are one DeliveryBatch.
      DeliveryBatch batch;
      rd_kafka_poll(rk_, 50);
    }
  });
  return absl::OkStatus();
}

KafkaProducer::~KafkaProducer() {
  if (rk_ == nullptr) return;
  if (!WaitForEmptyQueue(std::chrono::milliseconds(3000))) {
    // Whatever is left fails with CANCELLED (purged) so every callback still runs once.
    rd_kafka_purge(rk_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    (void)WaitForEmptyQueue(std::chrono::milliseconds(2000));
  }
  stop_.store(true, std::memory_order_release);
  poll_thread_.join();
  rd_kafka_poll(rk_, 0);
  rd_kafka_destroy(rk_);
}

absl::Status KafkaProducer::Send(OutgoingRecord record, DeliveryCallback on_delivery) {
  auto in_flight = std::make_unique<InFlight>();
  in_flight->value = std::move(record.value);
  in_flight->on_delivery = std::move(on_delivery);

  rd_kafka_headers_t* headers = nullptr;
  if (!record.headers.empty()) {
    headers = rd_kafka_headers_new(record.headers.size());
    for (const auto& [name, value] : record.headers) {
      rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                          static_cast<ssize_t>(value.size()));
    }
  }
  // An empty key is sent as a null key (spread over partitions); an empty value stays an
  // empty value, never a null tombstone.
  void* key = record.key.empty() ? nullptr : record.key.data();
  const rd_kafka_resp_err_t err = rd_kafka_producev(
      rk_, RD_KAFKA_V_TOPIC(record.topic.c_str()), RD_KAFKA_V_KEY(key, record.key.size()),
      RD_KAFKA_V_VALUE(in_flight->value.data(), in_flight->value.size()), RD_KAFKA_V_MSGFLAGS(0),
      RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(in_flight.get()), RD_KAFKA_V_END);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (headers != nullptr) rd_kafka_headers_destroy(headers);  // not taken on failure
    if (err == RD_KAFKA_RESP_ERR__FATAL) return FatalErrorStatus(rk_, "kafka produce");
    if (err == RD_KAFKA_RESP_ERR__STATE && transactional_) {
      // Not fatal (that is __FATAL): the open transaction failed (say, a partition could not
      // join it) and takes no records until it is aborted.
      return absl::AbortedError(fmt::format(
          "kafka produce to {}: the transaction failed and must be aborted", record.topic));
    }
    return StatusFromKafkaError(err, fmt::format("kafka produce to {}", record.topic));
  }
  undelivered_.fetch_add(1, std::memory_order_acq_rel);
  (void)in_flight.release();  // freed in OnDelivery
  return absl::OkStatus();
}

absl::Status KafkaProducer::CheckBrokers(std::chrono::milliseconds timeout) {
  // Metadata of no topic: the cheapest request a broker must answer.
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(rk_, /*all_topics=*/0, nullptr, &metadata,
                                                    static_cast<int>(timeout.count()));
  if (metadata != nullptr) rd_kafka_metadata_destroy(metadata);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return absl::OkStatus();
  return absl::UnavailableError(fmt::format("no Kafka broker answered within {} ms: {}",
                                            timeout.count(), rd_kafka_err2str(err)));
}

absl::Status KafkaProducer::Flush(std::chrono::milliseconds timeout) {
  if (WaitForEmptyQueue(timeout)) return absl::OkStatus();
  return absl::DeadlineExceededError(fmt::format(
      "kafka flush: {} records not delivered after {} ms", QueueLength(), timeout.count()));
}

bool KafkaProducer::WaitForEmptyQueue(std::chrono::milliseconds timeout) {
  // Callbacks run only on the poll thread, so this waits for it instead of calling
  // rd_kafka_flush() (which would serve them on the caller's thread).
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mutex_);
  while (undelivered_.load(std::memory_order_acquire) > 0) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    // Woken by each delivery; the periodic wake-up only bounds a missed notification.
    delivered_.wait_for(lock, std::min<std::chrono::steady_clock::duration>(
                                  deadline - now, std::chrono::milliseconds(10)));
  }
  return true;
}

absl::Status KafkaProducer::InitTransactions(std::chrono::milliseconds timeout) {
  absl::Status status = StatusFromTransactionError(
      ErrorPtr(rd_kafka_init_transactions(rk_, static_cast<int>(timeout.count()))),
      "init transactions");
  transactional_ = status.ok();
  return status;
}

absl::Status KafkaProducer::BeginTransaction() {
  return StatusFromTransactionError(ErrorPtr(rd_kafka_begin_transaction(rk_)), "begin transaction");
}

absl::Status KafkaProducer::SendOffsetsToTransaction(const std::vector<CommitOffset>& offsets,
                                                     const std::string& group_metadata,
                                                     std::chrono::milliseconds timeout) {
  rd_kafka_consumer_group_metadata_t* metadata = nullptr;
  if (ErrorPtr error(rd_kafka_consumer_group_metadata_read(&metadata, group_metadata.data(),
                                                           group_metadata.size()));
      error != nullptr) {
    return absl::InvalidArgumentError(fmt::format("kafka send offsets: bad group metadata: {}",
                                                  rd_kafka_error_string(error.get())));
  }
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
  for (const CommitOffset& offset : offsets) {
    rd_kafka_topic_partition_list_add(list, offset.topic.c_str(), offset.partition)->offset =
        offset.next_offset;
  }
  ErrorPtr error(
      rd_kafka_send_offsets_to_transaction(rk_, list, metadata, static_cast<int>(timeout.count())));
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_consumer_group_metadata_destroy(metadata);
  return StatusFromTransactionError(std::move(error), "send offsets to transaction");
}

absl::Status KafkaProducer::CommitTransaction(std::chrono::milliseconds timeout) {
  return StatusFromTransactionError(
      ErrorPtr(rd_kafka_commit_transaction(rk_, static_cast<int>(timeout.count()))),
      "commit transaction");
}

absl::Status KafkaProducer::AbortTransaction(std::chrono::milliseconds timeout) {
  return StatusFromTransactionError(
      ErrorPtr(rd_kafka_abort_transaction(rk_, static_cast<int>(timeout.count()))),
      "abort transaction");
}

void KafkaProducer::OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque) {
  std::unique_ptr<InFlight> in_flight(static_cast<InFlight*>(message->_private));
  auto* self = static_cast<KafkaProducer*>(opaque);
  const std::string topic = rd_kafka_topic_name(message->rkt);
  absl::StatusOr<DeliveryReport> result;
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    // Only a broker acknowledgement (acks=all) counts as delivered.
    result =
        DeliveryReport{.topic = topic, .partition = message->partition, .offset = message->offset};
  } else if (absl::Status fatal = FatalErrorStatus(rk, "kafka delivery"); !fatal.ok()) {
    result = std::move(fatal);
  } else {
    result = StatusFromKafkaError(
        message->err, fmt::format("kafka delivery to {} partition {}", topic, message->partition));
  }
  if (in_flight != nullptr && in_flight->on_delivery) in_flight->on_delivery(std::move(result));
  {
    std::lock_guard<std::mutex> lock(self->mutex_);
    self->undelivered_.fetch_sub(1, std::memory_order_acq_rel);
  }
  self->delivered_.notify_all();
}

void KafkaProducer::OnLog(const rd_kafka_t* rk, int level, const char* facility,
                          const char* message) {
  const auto* self = static_cast<const KafkaProducer*>(rd_kafka_opaque(rk));
  if (self != nullptr && self->log_sink_) {
    self->log_sink_(level, fmt::format("{}: {}", facility, message));
  }
}

void KafkaProducer::OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  const auto* self = static_cast<const KafkaProducer*>(opaque);
  if (self != nullptr && self->log_sink_) {
    self->log_sink_(
        err == RD_KAFKA_RESP_ERR__FATAL ? 3 : 4,
        fmt::format("{}: {}", rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)), reason));
  }
  if (err != RD_KAFKA_RESP_ERR__FATAL) return;  // informational: librdkafka keeps retrying
  // Nothing queued can be delivered any more: fail it now (each report carries the fatal
  // error) rather than after message.timeout.ms.
  rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Producer>> MakeKafkaProducer(const ProducerOptions& options) {
  auto producer = std::make_unique<KafkaProducer>();
  if (absl::Status s = producer->Init(options); !s.ok()) return s;
  return std::unique_ptr<Producer>(std::move(producer));
}

absl::StatusOr<std::unique_ptr<TransactionalProducer>> MakeTransactionalKafkaProducer(
    const ProducerOptions& options, const std::string& transactional_id,
    std::chrono::milliseconds init_timeout) {
  if (transactional_id.empty()) {
    return absl::InvalidArgumentError("kafka producer: transactional_id is empty");
  }
  ProducerOptions transactional = options;
  transactional.properties["transactional.id"] = transactional_id;
  auto producer = std::make_unique<KafkaProducer>();
  if (absl::Status s = producer->Init(transactional); !s.ok()) return s;
  if (absl::Status s = producer->InitTransactions(init_timeout); !s.ok()) return s;
  return std::unique_ptr<TransactionalProducer>(std::move(producer));
}

}  // namespace newsflow::kafka
