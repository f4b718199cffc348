#include "consume_loop.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <absl/strings/str_cat.h>
#include <fmt/format.h>

#include "newsflow/common/logging.h"
#include "newsflow/kafka/errors.h"

namespace newsflow::enricher {
namespace {

constexpr std::string_view kEnrichedContentType =
    "application/x-protobuf; proto=newsflow.v1.EnrichedArticle";
constexpr std::string_view kDeadLetterContentType =
    "application/x-protobuf; proto=newsflow.v1.DeadLetter";
constexpr std::string_view kEnrichedJsonContentType =
    "application/json; proto=newsflow.v1.EnrichedArticle";

// Counts outstanding deliveries of one batch and keeps the first failure.
class BatchDeliveries {
 public:
  void Add() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++pending_;
  }
  void Done(const absl::Status& status) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!status.ok() && first_error_.ok()) first_error_ = status;
    if (--pending_ == 0) all_done_.notify_all();
  }
  absl::Status Wait(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!all_done_.wait_for(lock, timeout, [&] { return pending_ == 0; })) {
      return absl::DeadlineExceededError(
          fmt::format("{} output records not acknowledged in time", pending_));
    }
    return first_error_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable all_done_;
  int64_t pending_ = 0;
  absl::Status first_error_;
};

// Queues `out`, waiting while the producer queue is full (earlier records of the batch drain it).
// On success `deliveries` counts the record until its delivery report arrives.
absl::Status SendWhenQueueHasRoom(kafka::Producer& producer, const kafka::OutgoingRecord& out,
                                  BatchDeliveries& deliveries) {
  while (true) {
    deliveries.Add();
    absl::Status queued =
        producer.Send(out, [&deliveries](absl::StatusOr<kafka::DeliveryReport> report) {
          deliveries.Done(report.status());
        });
    if (queued.ok()) return queued;
    deliveries.Done(absl::OkStatus());  // never queued: not pending
    if (queued.code() != absl::StatusCode::kResourceExhausted) return queued;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Publishes the JSON view of `enriched` (its key and headers, JSON content type) to the mirror
// topic. The mirror is a convenience: a record too large for it is skipped with a warning instead
// of failing the batch.
absl::Status SendJsonMirror(kafka::Producer& producer, const std::string& topic,
                            const kafka::OutgoingRecord& enriched, std::string json,
                            BatchDeliveries& deliveries) {
  kafka::OutgoingRecord mirror{.topic = topic, .key = enriched.key, .value = std::move(json)};
  mirror.headers = enriched.headers;
  for (auto& [name, value] : mirror.headers) {
    if (name == "content-type") value = std::string(kEnrichedJsonContentType);
  }
  absl::Status queued = SendWhenQueueHasRoom(producer, mirror, deliveries);
  if (queued.code() == absl::StatusCode::kInvalidArgument) {
    common::Logger("enricher")
        ->warn("json mirror skipped key={} reason={}", enriched.key, queued.ToString());
    return absl::OkStatus();
  }
  return queued;
}

}  // namespace

v1::DeadLetter MakeDeadLetter(const kafka::ConsumedRecord& record, const absl::Status& status,
                              std::string_view enricher_version, absl::Time now) {
  v1::DeadLetter letter;
  letter.set_source_topic(record.topic);
  letter.set_source_partition(record.partition);
  letter.set_source_offset(record.offset);
  letter.set_key(record.key);
  letter.set_value(record.value);
  letter.set_error_code(absl::StatusCodeToString(status.code()));
  letter.set_reason(std::string(status.message()));
  const int64_t micros = absl::ToUnixMicros(now);
  letter.mutable_failed_time()->set_seconds(micros / 1'000'000);
  letter.mutable_failed_time()->set_nanos(static_cast<int32_t>(micros % 1'000'000) * 1000);
  letter.set_enricher_version(std::string(enricher_version));
  return letter;
}

ConsumeLoop::ConsumeLoop(kafka::Consumer& consumer, kafka::Producer& producer,
                         const EnrichResources& resources, WorkerPool& workers,
                         ConsumeLoopOptions options, kafka::Transactions* transactions)
    : consumer_(consumer),
      producer_(producer),
      transactions_(transactions),
      resources_(resources),
      workers_(workers),
      options_(std::move(options)) {}

std::vector<kafka::ConsumedRecord> ConsumeLoop::PollBatch(const std::atomic<bool>& stop) {
  std::vector<kafka::ConsumedRecord> batch;
  auto log = common::Logger("enricher");
  const auto started = std::chrono::steady_clock::now();
  while (!stop.load() && static_cast<int>(batch.size()) < options_.max_batch_records) {
    std::chrono::milliseconds wait(100);
    if (!batch.empty()) {
      auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      if (elapsed >= options_.max_batch_wait) break;
      wait = options_.max_batch_wait - elapsed;
    }
    absl::StatusOr<std::optional<kafka::ConsumedRecord>> polled = consumer_.Poll(wait);
    if (!polled.ok()) {
      log->warn("poll failed error={}", polled.status().ToString());
      break;
    }
    if (!polled->has_value()) {
      if (!batch.empty()) break;
      continue;
    }
    batch.push_back(std::move(**polled));
  }
  return batch;
}

absl::Status ConsumeLoop::ProcessBatch(const std::vector<kafka::ConsumedRecord>& batch) {
  std::vector<absl::StatusOr<v1::EnrichedArticle>> results(batch.size(),
                                                           absl::UnknownError("not processed"));
  const bool mirror_json = !options_.topics.enriched_json.empty();
  std::vector<std::string> json(mirror_json ? batch.size() : 0);
  const auto started = std::chrono::steady_clock::now();
  const absl::Time now = absl::Now();
  workers_.ParallelFor(batch.size(), [&](size_t i) {
    StageTimings timings;
    results[i] = Enrich(batch[i].value, resources_, now, options_.on_enriched ? &timings : nullptr);
    if (options_.on_enriched && results[i].ok()) options_.on_enriched(timings);
    if (mirror_json && results[i].ok()) json[i] = EnrichedArticleJson(*results[i]);
  });
  counters_.enrich_micros.fetch_add(std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::steady_clock::now() - started)
                                        .count(),
                                    std::memory_order_relaxed);

  if (transactions_ != nullptr) {
    if (absl::Status begun = transactions_->BeginTransaction(); !begun.ok()) return begun;
  }
  BatchDeliveries deliveries;
  auto log = common::Logger("enricher");
  for (size_t i = 0; i < batch.size(); ++i) {
    const kafka::ConsumedRecord& record = batch[i];
    kafka::OutgoingRecord out;
    out.key = record.key;
    std::string trace_id = kafka::HeaderValue(record.headers, "newsflow-trace-id");
    if (results[i].ok()) {
      out.topic = options_.topics.enriched;
      out.value = results[i]->SerializeAsString();
      out.headers = {{"content-type", std::string(kEnrichedContentType)},
                     {"newsflow-producer", resources_.version}};
      counters_.enriched.fetch_add(1, std::memory_order_relaxed);
    } else {
      log->error("dead-lettering topic={} partition={} offset={} trace_id={} reason={}",
                 record.topic, record.partition, record.offset, trace_id,
                 results[i].status().ToString());
      out.topic = options_.topics.dlq;
      out.value =
          MakeDeadLetter(record, results[i].status(), resources_.version, now).SerializeAsString();
      out.headers = {{"content-type", std::string(kDeadLetterContentType)},
                     {"newsflow-producer", resources_.version}};
      counters_.dead_lettered.fetch_add(1, std::memory_order_relaxed);
    }
    if (!trace_id.empty()) out.headers.emplace_back("newsflow-trace-id", std::move(trace_id));

    absl::Status queued = SendWhenQueueHasRoom(producer_, out, deliveries);
    if (queued.code() == absl::StatusCode::kInvalidArgument && out.topic != options_.topics.dlq) {
      // The output itself is unpublishable (e.g. larger than the broker accepts): the input
      // goes to the DLQ with that reason instead of stopping the loop.
      log->error("dead-lettering topic={} partition={} offset={} reason={}", record.topic,
                 record.partition, record.offset, queued.ToString());
      out.topic = options_.topics.dlq;
      out.value = MakeDeadLetter(record, queued, resources_.version, now).SerializeAsString();
      out.headers[0].second = std::string(kDeadLetterContentType);
      counters_.dead_lettered.fetch_add(1, std::memory_order_relaxed);
      queued = SendWhenQueueHasRoom(producer_, out, deliveries);
    }
    if (queued.ok() && mirror_json && out.topic == options_.topics.enriched) {
      queued = SendJsonMirror(producer_, options_.topics.enriched_json, out, std::move(json[i]),
                              deliveries);
    }
    if (!queued.ok()) {
      // Nothing more of this batch can be published; the batch is consumed again.
      (void)deliveries.Wait(options_.delivery_timeout);
      return transactions_ != nullptr ? AbortTransaction(queued) : queued;
    }
  }
  absl::Status delivered = deliveries.Wait(options_.delivery_timeout);
  if (!delivered.ok()) {
    // Deliveries still pending reference `deliveries`; they must finish before it goes away.
    (void)producer_.Flush(options_.delivery_timeout);
    (void)deliveries.Wait(options_.delivery_timeout);
    return transactions_ != nullptr ? AbortTransaction(delivered) : delivered;
  }

  std::map<std::pair<std::string, int32_t>, int64_t> next_offsets;
  for (const kafka::ConsumedRecord& record : batch) {
    int64_t& next = next_offsets[{record.topic, record.partition}];
    next = std::max(next, record.offset + 1);
  }
  std::vector<kafka::CommitOffset> commits;
  for (const auto& [partition, next] : next_offsets) {
    commits.push_back({partition.first, partition.second, next});
  }
  if (transactions_ != nullptr) return CommitInTransaction(commits);
  if (absl::Status committed = consumer_.Commit(commits); !committed.ok()) {
    // The output is published; after a rebalance the new owner consumes these records again and
    // republishes them with the same keys (at-least-once).
    log->warn("commit failed records={} error={}", batch.size(), committed.ToString());
  } else {
    counters_.commits.fetch_add(1, std::memory_order_relaxed);
  }
  return absl::OkStatus();
}

absl::Status ConsumeLoop::CommitInTransaction(const std::vector<kafka::CommitOffset>& offsets) {
  absl::StatusOr<std::string> group_metadata = consumer_.GroupMetadata();
  if (!group_metadata.ok()) return AbortTransaction(group_metadata.status());
  if (absl::Status sent = transactions_->SendOffsetsToTransaction(offsets, *group_metadata,
                                                                  options_.delivery_timeout);
      !sent.ok()) {
    return AbortTransaction(sent);
  }
  if (absl::Status committed = transactions_->CommitTransaction(options_.delivery_timeout);
      !committed.ok()) {
    return AbortTransaction(committed);
  }
  counters_.commits.fetch_add(1, std::memory_order_relaxed);
  return absl::OkStatus();
}

absl::Status ConsumeLoop::AbortTransaction(absl::Status cause) {
  // A fatal error leaves nothing to abort with: the producer is unusable.
  if (cause.code() == absl::StatusCode::kFailedPrecondition) return cause;
  if (absl::Status aborted = transactions_->AbortTransaction(options_.delivery_timeout);
      !aborted.ok()) {
    return absl::FailedPreconditionError(fmt::format(
        "transaction could not be aborted after [{}]: {}", cause.ToString(), aborted.ToString()));
  }
  counters_.transactions_aborted.fetch_add(1, std::memory_order_relaxed);
  if (cause.code() == absl::StatusCode::kCancelled) {
    // librdkafka purges the queued records of a transaction that failed (say, a partition
    // could not join it), so their deliveries report CANCELLED rather than the reason. The
    // transaction is aborted now and the batch can be redone.
    return absl::AbortedError(absl::StrCat("transaction aborted: ", cause.message()));
  }
  return cause;
}

void ConsumeLoop::Rewind(const std::vector<kafka::ConsumedRecord>& batch) {
  std::map<std::pair<std::string, int32_t>, int64_t> first_offsets;
  for (const kafka::ConsumedRecord& record : batch) {
    auto [it, inserted] =
        first_offsets.try_emplace({record.topic, record.partition}, record.offset);
    if (!inserted) it->second = std::min(it->second, record.offset);
  }
  auto log = common::Logger("enricher");
  for (const auto& [partition, offset] : first_offsets) {
    if (absl::Status s = consumer_.Seek(partition.first, partition.second, offset); !s.ok()) {
      log->warn("seek failed topic={} partition={} offset={} error={}", partition.first,
                partition.second, offset, s.ToString());
    }
  }
}

absl::Status ConsumeLoop::Run(const std::atomic<bool>& stop) {
  auto log = common::Logger("enricher");
  while (!stop.load()) {
    std::vector<kafka::ConsumedRecord> batch = PollBatch(stop);
    if (batch.empty()) continue;
    counters_.consumed.fetch_add(static_cast<int64_t>(batch.size()), std::memory_order_relaxed);
    absl::Status status = ProcessBatch(batch);
    if (status.ok()) continue;
    counters_.batches_failed.fetch_add(1, std::memory_order_relaxed);
    if (!kafka::IsRetryable(status)) {
      if (transactions_ != nullptr && status.code() == absl::StatusCode::kFailedPrecondition) {
        // Typically fenced: another producer started with the same transactional.id. Exiting
        // lets the orchestrator restart this replica with a fresh producer.
        log->critical(
            "stopping: the transactional producer failed fatally (fenced by a newer producer "
            "with the same transactional.id, or a broker protocol error): {}",
            status.ToString());
      } else {
        log->critical("stopping: publishing failed with a permanent error: {}", status.ToString());
      }
      return status;
    }
    log->warn("batch not published, will consume it again records={} error={}", batch.size(),
              status.ToString());
    Rewind(batch);
    std::this_thread::sleep_for(options_.retry_backoff);
  }
  return absl::OkStatus();
}

}  // namespace newsflow::enricher
