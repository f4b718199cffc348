#include "newsflow/kafka/dev_broker.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "client_config.h"
#include "errors.h"

namespace newsflow::kafka {
namespace {

using internal::StatusFromKafkaError;

// librdkafka's mock cluster speaks the Kafka protocol (Produce, Fetch, Metadata, consumer
// groups, InitProducerId for the idempotent producer, ...) on one loopback listener per mock
// broker: it binds 127.0.0.1 on an ephemeral port, never 0.0.0.0. Limitations: no
// durability, no TLS/SASL, only the classic group protocol, transactions accepted but offsets
// sent to a transaction never stored and no abort markers written (docs/reliability.md), and a
// group that a member left stays "joining" for that member's session.timeout.ms - 1 s before
// the next member is admitted (a real broker rebalances at once).
// A topic a client names before it was created is auto-created by the mock with its default
// partition count (4 in librdkafka 2.0.2) and replication factor min(brokers, 3).
class MockDevBroker final : public DevBroker {
 public:
  MockDevBroker(rd_kafka_t* rk, rd_kafka_mock_cluster_t* cluster, int brokers)
      : rk_(rk), cluster_(cluster), brokers_(brokers) {}
  MockDevBroker(const MockDevBroker&) = delete;
  MockDevBroker& operator=(const MockDevBroker&) = delete;
  ~MockDevBroker() override {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(rk_);
  }

  std::string BootstrapServers() const override {
    return rd_kafka_mock_cluster_bootstraps(cluster_);
  }

  absl::Status CreateTopic(const TopicSpec& topic) override {
    if (topic.name.empty() || topic.partitions <= 0) {
      return absl::InvalidArgumentError(
          fmt::format("dev broker: topic needs a name and partitions > 0 (got \"{}\", {})",
                      topic.name, topic.partitions));
    }
    return StatusFromKafkaError(rd_kafka_mock_topic_create(cluster_, topic.name.c_str(),
                                                           topic.partitions, std::min(brokers_, 3)),
                                fmt::format("dev broker: create topic {}", topic.name));
  }

  absl::Status SetBrokerDown(int broker_id) override {
    return StatusFromKafkaError(rd_kafka_mock_broker_set_down(cluster_, broker_id),
                                fmt::format("dev broker: set broker {} down", broker_id));
  }

  absl::Status SetBrokerUp(int broker_id) override {
    return StatusFromKafkaError(rd_kafka_mock_broker_set_up(cluster_, broker_id),
                                fmt::format("dev broker: set broker {} up", broker_id));
  }

  absl::Status SetBrokerRtt(int broker_id, int rtt_ms) override {
    return StatusFromKafkaError(rd_kafka_mock_broker_set_rtt(cluster_, broker_id, rtt_ms),
                                fmt::format("dev broker: set broker {} rtt", broker_id));
  }

  absl::Status SetPartitionLeader(const std::string& topic, int partition, int broker_id) override {
    return StatusFromKafkaError(
        rd_kafka_mock_partition_set_leader(cluster_, topic.c_str(), partition, broker_id),
        fmt::format("dev broker: set leader of {} partition {}", topic, partition));
  }

  void PushRequestErrors(int api_key, int kafka_error_code, int count) override {
    if (count <= 0) return;
    const std::vector<rd_kafka_resp_err_t> errors(
        static_cast<size_t>(count), static_cast<rd_kafka_resp_err_t>(kafka_error_code));
    rd_kafka_mock_push_request_errors_array(cluster_, static_cast<int16_t>(api_key), errors.size(),
                                            errors.data());
  }

 private:
  rd_kafka_t* rk_;
  rd_kafka_mock_cluster_t* cluster_;
  int brokers_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<DevBroker>> DevBroker::Start(const DevBrokerOptions& options) {
  if (options.brokers <= 0) {
    return absl::InvalidArgumentError(
        fmt::format("dev broker: brokers must be > 0 (got {})", options.brokers));
  }
  internal::ConfPtr conf(rd_kafka_conf_new());
  // This client only owns the mock cluster and never connects anywhere; without brokers it
  // would warn "No bootstrap.servers configured", so only errors are logged.
  if (absl::Status s = internal::SetProperties(conf.get(), {{"log_level", "3"}}); !s.ok()) {
    return s;
  }
  char errstr[512] = "";
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof(errstr));
  if (rk == nullptr) return absl::InternalError(fmt::format("dev broker: {}", errstr));
  (void)conf.release();  // owned by rk now
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(rk, options.brokers);
  if (cluster == nullptr) {
    rd_kafka_destroy(rk);
    return absl::UnavailableError("dev broker: could not start the mock cluster listeners");
  }
  auto broker = std::make_unique<MockDevBroker>(rk, cluster, options.brokers);
  for (const TopicSpec& topic : options.topics) {
    if (absl::Status s = broker->CreateTopic(topic); !s.ok()) return s;
  }
  return std::unique_ptr<DevBroker>(std::move(broker));
}

}  // namespace newsflow::kafka
