#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "newsflow/kafka/consumer.h"
#include "newsflow/kafka/dev_broker.h"
#include "newsflow/kafka/producer.h"
#include "newsflow/kafka/transactions.h"
#include "newsflow/v1/ingest.grpc.pb.h"

#include "consume_loop.h"
#include "enrich.h"
#include "ingest_server.h"

namespace newsflow::testing {

/// The whole pipeline in one process on loopback: an embedded broker, the real ingest gRPC server
/// with a real producer, and the real enricher loop with a real consumer and producer.
class PipelineHarness {
 public:
  struct Options {
    bool start_enricher = true;
    /// Runs the enricher with a transactional producer (delivery.mode=exactly_once).
    bool exactly_once = false;
    int delivery_timeout_ms = 10'000;
    int64_t max_body_bytes = 1 << 20;
    /// Brokers of the embedded cluster (topics are replicated over up to three of them).
    int brokers = 1;
    /// Adjusts the ingest configuration before the server starts (TLS, tokens, rate limits).
    std::function<void(ingest::IngestConfig&)> configure_ingest;
  };

  PipelineHarness() : PipelineHarness(Options{}) {}
  explicit PipelineHarness(const Options& options);
  ~PipelineHarness();

  kafka::DevBroker& broker() { return *broker_; }
  ingest::IngestServer& ingest() { return *ingest_; }
  std::unique_ptr<v1::IngestService::Stub> NewStub() const;
  std::string ingest_address() const;
  /// grpc.health.v1.Health/Check of the whole server: 1 SERVING, 2 NOT_SERVING; -1 when the
  /// call failed (its status in `*error` when given).
  int HealthStatus(grpc::Status* error = nullptr) const;

  /// Every record of `topic` from the beginning; waits until `expected` arrived or `timeout`.
  std::vector<kafka::ConsumedRecord> ReadTopic(const std::string& topic, size_t expected,
                                               std::chrono::milliseconds timeout) const;

  /// Stops the enricher loop (so a test can produce to its input first, for example).
  void StopEnricher();
  const enricher::ConsumeCounters* enricher_counters() const;

  static constexpr const char* kNormalized = "newsflow.articles.normalized.v1";
  static constexpr const char* kEnriched = "newsflow.articles.enriched.v1";
  static constexpr const char* kDlq = "newsflow.articles.dlq.v1";

 private:
  std::unique_ptr<kafka::DevBroker> broker_;
  std::unique_ptr<kafka::Producer> ingest_producer_;
  std::unique_ptr<ingest::IngestServer> ingest_;
  std::unique_ptr<kafka::Producer> enricher_producer_;
  kafka::Transactions* enricher_transactions_ = nullptr;
  std::unique_ptr<kafka::Consumer> enricher_consumer_;
  std::unique_ptr<enricher::EnrichResources> resources_;
  std::unique_ptr<enricher::WorkerPool> workers_;
  std::unique_ptr<enricher::ConsumeLoop> loop_;
  std::atomic<bool> stop_{false};
  std::thread loop_thread_;
};

/// The enrichment models and tables from the source tree's data/ folder, loaded once per process.
const enricher::EnrichResources& SharedResources();

/// Reads a file of the source tree (path relative to the repository root).
std::string ReadSourceFile(const std::string& relative_path);

/// The folder of sample seeds (`../shared/seeds` beside the repository), or empty when absent.
std::string SeedsDir();

/// `text` between code-point offsets [begin, end).
std::string CodePointSlice(const std::string& text, uint32_t begin, uint32_t end);

}  // namespace newsflow::testing
