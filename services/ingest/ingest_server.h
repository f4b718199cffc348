#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include <absl/status/statusor.h>
#include <grpcpp/grpcpp.h>

#include "newsflow/common/metrics_server.h"
#include "newsflow/dedup/duplicate_index.h"
#include "newsflow/kafka/producer.h"

#include "auth.h"
#include "guarded_ingest_service.h"
#include "ingest_config.h"
#include "ingest_pipeline.h"
#include "ingest_service.h"
#include "ingest_stats.h"
#include "rate_limiter.h"

namespace newsflow::ingest {

/// The assembled ingest server: pipeline, gRPC service, health checking and reflection.
/// Used by main() and by the integration tests, which give it their own producer.
class IngestServer {
 public:
  /// Builds and starts the server on config.listen with the tls.* and auth.* settings.
  /// INVALID_ARGUMENT naming the key when a TLS or tokens file is missing or malformed;
  /// UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<IngestServer>> Start(const IngestConfig& config,
                                                             kafka::Producer& producer);
  ~IngestServer();

  /// The bound gRPC port (useful with port 0).
  int port() const { return port_; }
  /// The bound metrics port, or 0 when metrics are disabled.
  int metrics_port() const { return metrics_ != nullptr ? metrics_->port() : 0; }
  const IngestPipeline& pipeline() const { return *pipeline_; }
  const IngestServiceImpl& service() const { return *service_; }
  /// Clients of the tokens file (0 when authentication is off).
  size_t auth_clients() const { return authenticator_ != nullptr ? authenticator_->size() : 0; }

  /// Marks the server NOT_SERVING for health checks, stops accepting calls, waits up to
  /// `grace` for in-flight calls (then cancels them), and flushes the producer.
  void Shutdown(std::chrono::milliseconds grace);

 private:
  IngestServer() = default;

  kafka::Producer* producer_ = nullptr;
  std::unique_ptr<dedup::DuplicateIndex> index_;
  std::unique_ptr<IngestPipeline> pipeline_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<IngestStats> stats_;
  std::unique_ptr<IngestServiceImpl> service_;
  std::unique_ptr<Authenticator> authenticator_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  std::unique_ptr<GuardedIngestService> guarded_service_;
  std::unique_ptr<common::MetricsServer> metrics_;
  std::atomic<bool> draining_{false};
  // Broker reachability, probed every few seconds by broker_watch_; gRPC health and /readyz
  // report NOT_SERVING while no broker answers, so load balancers send crawlers elsewhere.
  void WatchBrokers();
  std::atomic<bool> broker_reachable_{true};
  std::mutex watch_mutex_;
  std::condition_variable watch_stop_;
  bool stop_watch_ = false;
  std::thread broker_watch_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace newsflow::ingest
