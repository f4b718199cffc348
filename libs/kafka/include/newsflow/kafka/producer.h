#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include "newsflow/kafka/log_sink.h"
#include "newsflow/kafka/record.h"

namespace newsflow::kafka {

using DeliveryCallback = std::function<void(absl::StatusOr<DeliveryReport>)>;

/// Produces records; the seam in front of librdkafka so pipelines can be tested with a fake.
class Producer {
 public:
  virtual ~Producer() = default;

  /// Queues `record`. `on_delivery` runs exactly once, on a producer thread, with the broker's
  /// acknowledgement or the final error (after librdkafka's own retries); the callbacks of one
  /// poll run inside one DeliveryBatch (newsflow/kafka/delivery_batch.h). Returns
  /// RESOURCE_EXHAUSTED when the local queue is full and INVALID_ARGUMENT for an oversize
  /// record, in which case `on_delivery` is never called. Thread-safe.
  virtual absl::Status Send(OutgoingRecord record, DeliveryCallback on_delivery) = 0;

  /// Waits until every queued record has been delivered or failed. DEADLINE_EXCEEDED when
  /// records remain after `timeout`. Thread-safe.
  virtual absl::Status Flush(std::chrono::milliseconds timeout) = 0;

  /// Records queued and not yet acknowledged.
  virtual int QueueLength() const = 0;

  /// OK when a broker of the cluster answers a metadata request within `timeout`, UNAVAILABLE
  /// otherwise: what readiness checks report. A producer without a cluster (a fake) is always
  /// reachable.
  virtual absl::Status CheckBrokers(std::chrono::milliseconds /*timeout*/) {
    return absl::OkStatus();
  }
};

struct ProducerOptions {
  std::string bootstrap_servers;
  std::string client_id = "newsflow";
  /// Time librdkafka keeps retrying one record before reporting failure.
  int delivery_timeout_ms = 30'000;
  /// librdkafka properties passed verbatim; they override the settings above and the
  /// durable defaults (acks=all, enable.idempotence=true, linger.ms=5, compression lz4).
  std::map<std::string, std::string> properties;
  /// Where librdkafka logs go (stderr when unset).
  LogSink log_sink;
};

/// A librdkafka producer with acks=all and the idempotent producer enabled. Runs its own
/// poll thread that delivers callbacks. INVALID_ARGUMENT names a bad property.
absl::StatusOr<std::unique_ptr<Producer>> MakeKafkaProducer(const ProducerOptions& options);

}  // namespace newsflow::kafka
