#include "newsflow/kafka/fake_producer.h"

#include <utility>

#include "newsflow/kafka/delivery_batch.h"

namespace newsflow::kafka {

absl::Status FakeProducer::Send(OutgoingRecord record, DeliveryCallback on_delivery) {
  Held delivery;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (next_send_status_.has_value()) {
      absl::Status status = *std::move(next_send_status_);
      next_send_status_.reset();
      return status;
    }
    delivery.report = {
        .topic = record.topic, .partition = 0, .offset = next_offset_[record.topic]++};
    delivery.on_delivery = std::move(on_delivery);
    sent_.push_back(std::move(record));
    if (mode_ == DeliveryMode::kHold) {
      held_.push_back(std::move(delivery));
      return absl::OkStatus();
    }
  }
  if (delivery.on_delivery) delivery.on_delivery(std::move(delivery.report));
  return absl::OkStatus();
}

absl::Status FakeProducer::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (held_changed_.wait_for(lock, timeout, [this] { return held_.empty(); })) {
    return absl::OkStatus();
  }
  return absl::DeadlineExceededError(std::to_string(held_.size()) +
                                     " records held by the fake producer after the flush timeout");
}

int FakeProducer::QueueLength() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(held_.size());
}

void FakeProducer::SetDeliveryMode(DeliveryMode mode) {
  std::lock_guard<std::mutex> lock(mutex_);
  mode_ = mode;
}

void FakeProducer::FailNextSend(absl::Status status) {
  std::lock_guard<std::mutex> lock(mutex_);
  next_send_status_ = std::move(status);
}

std::vector<FakeProducer::Held> FakeProducer::TakeHeld() {
  std::vector<Held> held;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    held.swap(held_);
  }
  held_changed_.notify_all();
  return held;
}

int FakeProducer::DeliverAll() {
  std::vector<Held> held = TakeHeld();
  DeliveryBatch batch;  // as one poll of a real producer
  for (Held& delivery : held) {
    if (delivery.on_delivery) delivery.on_delivery(std::move(delivery.report));
  }
  return static_cast<int>(held.size());
}

int FakeProducer::FailAll(const absl::Status& status) {
  // A delivery that "fails" with OK would read as acknowledged.
  const absl::Status failure =
      status.ok() ? absl::UnknownError("FailAll called with an OK status") : status;
  std::vector<Held> held = TakeHeld();
  DeliveryBatch batch;
  for (Held& delivery : held) {
    if (delivery.on_delivery) delivery.on_delivery(failure);
  }
  return static_cast<int>(held.size());
}

std::vector<OutgoingRecord> FakeProducer::sent() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sent_;
}

}  // namespace newsflow::kafka
