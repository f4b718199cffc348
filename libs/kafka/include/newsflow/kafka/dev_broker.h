#pragma once

#include <memory>
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

namespace newsflow::kafka {

struct TopicSpec {
  std::string name;
  int partitions = 3;
};

struct DevBrokerOptions {
  int brokers = 1;
  std::vector<TopicSpec> topics;
};

/// An in-memory Kafka-protocol broker on 127.0.0.1 (librdkafka's mock cluster) for
/// development and tests: real wire protocol, no durability. Topics a client names before
/// CreateTopic() are auto-created with 4 partitions. Thread-safe.
class DevBroker {
 public:
  static absl::StatusOr<std::unique_ptr<DevBroker>> Start(const DevBrokerOptions& options);
  virtual ~DevBroker() = default;

  /// "127.0.0.1:port,..." for bootstrap.servers.
  virtual std::string BootstrapServers() const = 0;
  virtual absl::Status CreateTopic(const TopicSpec& topic) = 0;

  /// Fault injection.
  virtual absl::Status SetBrokerDown(int broker_id) = 0;
  virtual absl::Status SetBrokerUp(int broker_id) = 0;
  virtual absl::Status SetBrokerRtt(int broker_id, int rtt_ms) = 0;
  virtual absl::Status SetPartitionLeader(const std::string& topic, int partition,
                                          int broker_id) = 0;
  /// Makes the next `count` requests of Kafka API `api_key` fail with `kafka_error_code`.
  virtual void PushRequestErrors(int api_key, int kafka_error_code, int count) = 0;
};

}  // namespace newsflow::kafka
