#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <absl/status/status.h>

#include "newsflow/kafka/producer.h"
#include "newsflow/kafka/record.h"

namespace newsflow::kafka {

/// In-memory Producer for unit tests of pipelines: records every accepted Send() and
/// acknowledges it with a fake partition (0) and a per-topic offset counting from 0.
/// Callbacks run on the thread that delivers (Send(), DeliverAll() or FailAll()), never
/// under the fake's lock. Thread-safe.
class FakeProducer : public Producer {
 public:
  enum class DeliveryMode {
    /// Send() runs the callback before returning (the default).
    kImmediate,
    /// Callbacks wait for DeliverAll() or FailAll().
    kHold,
  };

  FakeProducer() = default;
  FakeProducer(const FakeProducer&) = delete;
  FakeProducer& operator=(const FakeProducer&) = delete;

  /// Records `record` and delivers it per the mode; returns the status set by
  /// FailNextSend() instead (once), in which case nothing is recorded or called.
  absl::Status Send(OutgoingRecord record, DeliveryCallback on_delivery) override;

  /// Delivers nothing by itself: OK once no delivery is held (another thread may call
  /// DeliverAll()), DEADLINE_EXCEEDED if some still are after `timeout`.
  absl::Status Flush(std::chrono::milliseconds timeout) override;

  /// Deliveries held in kHold mode.
  int QueueLength() const override;

  /// Switches mode; held deliveries stay held until DeliverAll() or FailAll().
  void SetDeliveryMode(DeliveryMode mode);

  /// Makes the next Send() return `status` (e.g. RESOURCE_EXHAUSTED for a full queue).
  void FailNextSend(absl::Status status);

  /// Acknowledges every held record in send order, as one DeliveryBatch; returns how many.
  int DeliverAll();

  /// Fails every held record with `status` (not OK) in send order, as one DeliveryBatch;
  /// returns how many.
  int FailAll(const absl::Status& status);

  /// Copies of every record accepted so far, in send order.
  std::vector<OutgoingRecord> sent() const;

 private:
  struct Held {
    DeliveryReport report;
    DeliveryCallback on_delivery;
  };
  std::vector<Held> TakeHeld();

  mutable std::mutex mutex_;
  std::condition_variable held_changed_;
  DeliveryMode mode_ = DeliveryMode::kImmediate;
  std::optional<absl::Status> next_send_status_;
  std::vector<OutgoingRecord> sent_;
  std::map<std::string, int64_t> next_offset_;
  std::vector<Held> held_;
};

}  // namespace newsflow::kafka
