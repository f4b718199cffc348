#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <absl/status/status.h>

#include "newsflow/kafka/consumer.h"
#include "newsflow/kafka/producer.h"
#include "newsflow/kafka/transactions.h"

#include "enrich.h"
#include "worker_pool.h"

namespace newsflow::enricher {

struct Topics {
  std::string normalized = "newsflow.articles.normalized.v1";
  std::string enriched = "newsflow.articles.enriched.v1";
  std::string dlq = "newsflow.articles.dlq.v1";
  /// When set, each enriched record is also published here as JSON (a view for quick looks; the
  /// Protobuf topic stays the contract).
  std::string enriched_json;
};

struct ConsumeLoopOptions {
  Topics topics;
  /// Records enriched and published together before their offsets are committed.
  int max_batch_records = 256;
  std::chrono::milliseconds max_batch_wait{50};
  /// How long to wait for Kafka to acknowledge a batch's output before giving up on it.
  std::chrono::milliseconds delivery_timeout{60'000};
  /// Pause after a failed batch before it is consumed again.
  std::chrono::milliseconds retry_backoff{500};
  /// Called from the worker threads with the stage timings of each enriched record (metrics).
  std::function<void(const StageTimings&)> on_enriched;
};

/// Counters the shell exports as metrics.
struct ConsumeCounters {
  std::atomic<int64_t> consumed{0};
  std::atomic<int64_t> enriched{0};
  std::atomic<int64_t> dead_lettered{0};
  std::atomic<int64_t> batches_failed{0};
  std::atomic<int64_t> commits{0};
  std::atomic<int64_t> transactions_aborted{0};
  std::atomic<int64_t> enrich_micros{0};
};

/// The consume-transform-produce loop: polls a batch, enriches it in parallel, publishes the
/// results (or dead letters) and commits the batch's offsets only after Kafka acknowledged every
/// output record. On a failed publication nothing is committed and the partitions are rewound
/// to the batch's first offsets (where the last commit left them), so the batch is consumed
/// again. Runs on the calling thread.
///
/// Without `transactions` this is at-least-once: a crash between publication and commit
/// publishes the batch again. With `transactions` (the producer's, exactly-once) each batch is
/// one transaction: begin, publish, send the offsets to the transaction, commit; a failure
/// aborts it before the batch is consumed again, and a fatal one (a fenced producer) stops the
/// loop.
class ConsumeLoop {
 public:
  ConsumeLoop(kafka::Consumer& consumer, kafka::Producer& producer,
              const EnrichResources& resources, WorkerPool& workers, ConsumeLoopOptions options,
              kafka::Transactions* transactions = nullptr);

  /// Runs until `stop` becomes true, then finishes the current batch and commits it.
  /// Returns a non-retryable error (e.g. a fatal producer error) if one stops the loop.
  absl::Status Run(const std::atomic<bool>& stop);

  const ConsumeCounters& counters() const { return counters_; }

 private:
  std::vector<kafka::ConsumedRecord> PollBatch(const std::atomic<bool>& stop);
  absl::Status ProcessBatch(const std::vector<kafka::ConsumedRecord>& batch);
  absl::Status CommitInTransaction(const std::vector<kafka::CommitOffset>& offsets);
  // Aborts the open transaction after `cause`; returns `cause`, or a fatal error if aborting
  // is impossible (the next producer with the same transactional.id then aborts it).
  absl::Status AbortTransaction(absl::Status cause);
  void Rewind(const std::vector<kafka::ConsumedRecord>& batch);

  kafka::Consumer& consumer_;
  kafka::Producer& producer_;
  kafka::Transactions* transactions_;
  const EnrichResources& resources_;
  WorkerPool& workers_;
  const ConsumeLoopOptions options_;
  ConsumeCounters counters_;
};

/// The DLQ record for a consumed record that could not be processed.
v1::DeadLetter MakeDeadLetter(const kafka::ConsumedRecord& record, const absl::Status& status,
                              std::string_view enricher_version, absl::Time now);

}  // namespace newsflow::enricher
