#include "harness.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

namespace newsflow::testing {

const enricher::EnrichResources& SharedResources() {
  static const enricher::EnrichResources* resources = [] {
    absl::StatusOr<enricher::EnrichResources> loaded =
        enricher::LoadResources({.data_dir = std::string(NEWSFLOW_SOURCE_DIR) + "/data"});
    if (!loaded.ok()) {
      ADD_FAILURE() << "cannot load enrichment resources: " << loaded.status();
      return new enricher::EnrichResources();
    }
    return new enricher::EnrichResources(*std::move(loaded));
  }();
  return *resources;
}

std::string ReadSourceFile(const std::string& relative_path) {
  std::ifstream in(std::string(NEWSFLOW_SOURCE_DIR) + "/" + relative_path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string SeedsDir() {
  std::filesystem::path dir =
      std::filesystem::path(NEWSFLOW_SOURCE_DIR) / ".." / "shared" / "seeds";
  return std::filesystem::is_directory(dir) ? dir.string() : std::string();
}

std::string CodePointSlice(const std::string& text, uint32_t begin, uint32_t end) {
  size_t byte = 0;
  uint32_t index = 0;
  size_t begin_byte = std::string::npos;
  while (byte <= text.size()) {
    if (index == begin) begin_byte = byte;
    if (index == end)
      return begin_byte == std::string::npos ? "" : text.substr(begin_byte, byte - begin_byte);
    if (byte == text.size()) break;
    const unsigned char lead = static_cast<unsigned char>(text[byte]);
    byte += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    ++index;
  }
  return "";
}

PipelineHarness::PipelineHarness(const Options& options) {
  absl::StatusOr<std::unique_ptr<kafka::DevBroker>> broker = kafka::DevBroker::Start(
      {.brokers = options.brokers, .topics = {{kNormalized, 3}, {kEnriched, 3}, {kDlq, 1}}});
  if (!broker.ok()) {
    ADD_FAILURE() << broker.status();
    return;
  }
  broker_ = *std::move(broker);

  kafka::ProducerOptions producer_options;
  producer_options.bootstrap_servers = broker_->BootstrapServers();
  producer_options.delivery_timeout_ms = options.delivery_timeout_ms;
  ingest_producer_ = *kafka::MakeKafkaProducer(producer_options);

  ingest::IngestConfig config;
  config.listen = "127.0.0.1:0";
  config.metrics_listen = "127.0.0.1:0";
  config.kafka_bootstrap_servers = broker_->BootstrapServers();
  config.max_body_bytes = options.max_body_bytes;
  if (options.configure_ingest) options.configure_ingest(config);
  absl::StatusOr<std::unique_ptr<ingest::IngestServer>> server =
      ingest::IngestServer::Start(config, *ingest_producer_);
  if (!server.ok()) {
    ADD_FAILURE() << server.status();
    return;
  }
  ingest_ = *std::move(server);
  if (!options.start_enricher) return;

  if (options.exactly_once) {
    absl::StatusOr<std::unique_ptr<kafka::TransactionalProducer>> transactional =
        kafka::MakeTransactionalKafkaProducer(producer_options, "newsflow-enricher-test-0",
                                              std::chrono::milliseconds(10'000));
    if (!transactional.ok()) {
      ADD_FAILURE() << transactional.status();
      return;
    }
    enricher_transactions_ = transactional->get();
    enricher_producer_ = *std::move(transactional);
  } else {
    enricher_producer_ = *kafka::MakeKafkaProducer(producer_options);
  }
  kafka::ConsumerOptions consumer_options;
  consumer_options.bootstrap_servers = broker_->BootstrapServers();
  consumer_options.group_id = "newsflow-enricher-test";
  consumer_options.topics = {kNormalized};
  enricher_consumer_ = *kafka::MakeKafkaConsumer(consumer_options);
  workers_ = std::make_unique<enricher::WorkerPool>(2);
  enricher::ConsumeLoopOptions loop_options;
  loop_options.max_batch_wait = std::chrono::milliseconds(20);
  loop_options.retry_backoff = std::chrono::milliseconds(100);
  loop_ = std::make_unique<enricher::ConsumeLoop>(*enricher_consumer_, *enricher_producer_,
                                                  SharedResources(), *workers_, loop_options,
                                                  enricher_transactions_);
  loop_thread_ = std::thread([this] { (void)loop_->Run(stop_); });
}

void PipelineHarness::StopEnricher() {
  stop_.store(true);
  if (loop_thread_.joinable()) loop_thread_.join();
}

const enricher::ConsumeCounters* PipelineHarness::enricher_counters() const {
  return loop_ != nullptr ? &loop_->counters() : nullptr;
}

PipelineHarness::~PipelineHarness() {
  StopEnricher();
  if (enricher_consumer_ != nullptr) enricher_consumer_->Close();
  if (ingest_ != nullptr) ingest_->Shutdown(std::chrono::milliseconds(2000));
}

std::string PipelineHarness::ingest_address() const {
  return "127.0.0.1:" + std::to_string(ingest_->port());
}

int PipelineHarness::HealthStatus(grpc::Status* error) const {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto channel =
      grpc::CreateCustomChannel(ingest_address(), grpc::InsecureChannelCredentials(), args);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  // Without the health proto's generated classes: HealthCheckRequest{service: ""} is empty on
  // the wire, and HealthCheckResponse is field 1 (varint) = the status.
  grpc::GenericStub generic(channel);
  grpc::CompletionQueue queue;
  grpc::Slice empty;
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  auto call = generic.PrepareUnaryCall(&context, "/grpc.health.v1.Health/Check", request, &queue);
  call->StartCall();
  call->Finish(&response, &status, &queue);
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  if (error != nullptr) *error = status;
  if (!status.ok()) return -1;
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return -1;
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  if (bytes.empty()) return 0;  // UNKNOWN, the default value, is not written
  return bytes.size() == 2 && bytes[0] == 0x08 ? bytes[1] : -1;
}

std::unique_ptr<v1::IngestService::Stub> PipelineHarness::NewStub() const {
  return v1::IngestService::NewStub(
      grpc::CreateChannel(ingest_address(), grpc::InsecureChannelCredentials()));
}

std::vector<kafka::ConsumedRecord> PipelineHarness::ReadTopic(
    const std::string& topic, size_t expected, std::chrono::milliseconds timeout) const {
  static std::atomic<int> reader_id{0};
  kafka::ConsumerOptions options;
  options.bootstrap_servers = broker_->BootstrapServers();
  options.group_id = "test-reader-" + std::to_string(reader_id.fetch_add(1));
  options.topics = {topic};
  std::unique_ptr<kafka::Consumer> consumer = *kafka::MakeKafkaConsumer(options);
  std::vector<kafka::ConsumedRecord> records;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (records.size() < expected && std::chrono::steady_clock::now() < deadline) {
    absl::StatusOr<std::optional<kafka::ConsumedRecord>> polled =
        consumer->Poll(std::chrono::milliseconds(100));
    if (polled.ok() && polled->has_value()) records.push_back(std::move(**polled));
  }
  // Anything beyond `expected` (a duplicate, say) arrives shortly after: give it a moment.
  const auto settle = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  while (std::chrono::steady_clock::now() < settle) {
    absl::StatusOr<std::optional<kafka::ConsumedRecord>> polled =
        consumer->Poll(std::chrono::milliseconds(100));
    if (polled.ok() && polled->has_value()) records.push_back(std::move(**polled));
  }
  consumer->Close();
  return records;
}

}  // namespace newsflow::testing
