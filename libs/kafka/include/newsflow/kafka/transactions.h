#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include "newsflow/kafka/consumer.h"
#include "newsflow/kafka/producer.h"

namespace newsflow::kafka {

/// Kafka transactions of one producer: the records it sends between BeginTransaction() and
/// CommitTransaction(), and the consumer offsets given to SendOffsetsToTransaction(), become
/// visible together or not at all. Errors come in three kinds, told apart by code:
/// ABORTED (the transaction must be aborted, after which the producer can go on),
/// FAILED_PRECONDITION (fatal: fenced by a newer producer with the same transactional.id, or
/// a protocol error; the producer must be recreated) and any other code for a call that may
/// simply be retried (e.g. DEADLINE_EXCEEDED). Not thread-safe: one thread drives transactions
/// (Send() of the producer stays thread-safe).
class Transactions {
 public:
  virtual ~Transactions() = default;

  virtual absl::Status BeginTransaction() = 0;

  /// Adds `offsets` (next offsets to read) to the transaction, committed for the consumer group
  /// described by `group_metadata` (Consumer::GroupMetadata()) when the transaction commits.
  virtual absl::Status SendOffsetsToTransaction(const std::vector<CommitOffset>& offsets,
                                                const std::string& group_metadata,
                                                std::chrono::milliseconds timeout) = 0;

  /// Flushes the transaction's records and commits it.
  virtual absl::Status CommitTransaction(std::chrono::milliseconds timeout) = 0;

  /// Aborts the open transaction: its records are marked aborted (hidden from read_committed
  /// consumers) and its offsets are dropped.
  virtual absl::Status AbortTransaction(std::chrono::milliseconds timeout) = 0;
};

/// A producer whose Send() calls belong to the open transaction.
class TransactionalProducer : public Producer, public Transactions {};

/// A librdkafka producer with `transactional_id` set (idempotent, acks=all), after
/// InitTransactions, which also fences older producers with the same id and aborts their
/// open transaction. INVALID_ARGUMENT for an empty id or a bad property; the error of
/// InitTransactions (e.g. DEADLINE_EXCEEDED when no broker answers within `init_timeout`).
absl::StatusOr<std::unique_ptr<TransactionalProducer>> MakeTransactionalKafkaProducer(
    const ProducerOptions& options, const std::string& transactional_id,
    std::chrono::milliseconds init_timeout);

}  // namespace newsflow::kafka
