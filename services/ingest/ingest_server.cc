#include "ingest_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "newsflow/common/logging.h"

#include "server_credentials.h"

namespace newsflow::ingest {

absl::StatusOr<std::unique_ptr<IngestServer>> IngestServer::Start(const IngestConfig& config,
                                                                  kafka::Producer& producer) {
  // Files first: a wrong path fails before anything starts, naming its key.
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(config);
  if (!credentials.ok()) return credentials.status();
  std::optional<std::vector<ClientToken>> tokens;
  if (!config.auth_tokens_file.empty()) {
    absl::StatusOr<std::vector<ClientToken>> read = ReadClientTokensFile(config.auth_tokens_file);
    // The message names the file and its bad lines, never a token.
    if (!read.ok()) {
      return absl::InvalidArgumentError("auth.tokens_file: " +
                                        std::string(read.status().message()));
    }
    tokens = *std::move(read);
  }

  std::unique_ptr<IngestServer> server(new IngestServer());
  server->producer_ = &producer;
  server->index_ = std::make_unique<dedup::DuplicateIndex>(dedup::DuplicateIndexOptions{
      .capacity = static_cast<size_t>(config.dedup_capacity),
      .near_duplicate_distance = static_cast<int>(config.near_duplicate_distance)});
  IngestPipelineOptions pipeline_options;
  pipeline_options.topic = config.topic_normalized;
  pipeline_options.limits.max_body_bytes = static_cast<size_t>(config.max_body_bytes);
  pipeline_options.limits.max_url_bytes = static_cast<size_t>(config.max_url_bytes);
  pipeline_options.max_in_flight = config.max_in_flight;
  server->pipeline_ =
      std::make_unique<IngestPipeline>(producer, *server->index_, std::move(pipeline_options));
  server->registry_ = std::make_shared<prometheus::Registry>();
  common::AddBuildInfo(*server->registry_, "ingest");
  server->stats_ = std::make_unique<IngestStats>(*server->registry_);
  server->service_ = std::make_unique<IngestServiceImpl>(
      *server->pipeline_, *server->stats_,
      IngestServiceOptions{.max_in_flight_per_stream =
                               static_cast<int>(config.max_in_flight_per_stream)});

  if (tokens.has_value()) server->authenticator_ = std::make_unique<Authenticator>(*tokens);
  if (config.auth_rate_limit_per_second > 0) {
    server->rate_limiter_ =
        std::make_unique<RateLimiter>(static_cast<double>(config.auth_rate_limit_per_second));
  }
  if (server->authenticator_ != nullptr || server->rate_limiter_ != nullptr) {
    server->guarded_service_ = std::make_unique<GuardedIngestService>(
        *server->service_, server->authenticator_.get(), server->rate_limiter_.get());
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen, *credentials, &server->port_);
  if (server->guarded_service_ != nullptr) {
    builder.RegisterService(server->guarded_service_.get());
  } else {
    builder.RegisterService(server->service_.get());
  }
  // A request holds one body plus its small fields; anything larger is rejected by gRPC before
  // it is buffered, so an oversized message costs no memory.
  const int64_t max_message = config.max_body_bytes + 64 * 1024;
  builder.SetMaxReceiveMessageSize(static_cast<int>(std::min<int64_t>(max_message, INT32_MAX)));
  // Without these a client opening many calls makes the server buffer each call's request
  // before any limit of the pipeline sees it: calls per connection are capped by HTTP/2, and
  // each call's receive window stays at its initial size. BDP probing would grow the windows to
  // megabytes per connection under a flood of large bodies (tests/integration/overload_itest.py
  // measured peak RSS 249 MiB with it, 80 MiB without); the quota is the last resort for all
  // connections together.
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONCURRENT_STREAMS,
      static_cast<int>(std::min<int64_t>(config.max_concurrent_calls_per_connection, INT32_MAX)));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  // A connection that never finishes its TLS handshake (a plaintext client, a stalled peer)
  // holds the listener, and Shutdown() waits for it: gRPC's default allows 120 s.
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS, 10'000);
  grpc::ResourceQuota quota("newsflow-ingest");
  quota.Resize(static_cast<size_t>(config.grpc_memory_bytes));
  builder.SetResourceQuota(quota);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError("cannot listen on " + config.listen);
  }
  server->server_->GetHealthCheckService()->SetServingStatus(true);
  server->broker_watch_ = std::thread([self = server.get()] { self->WatchBrokers(); });

  if (!config.metrics_listen.empty()) {
    IngestServer* self = server.get();
    absl::StatusOr<std::unique_ptr<common::MetricsServer>> metrics = common::MetricsServer::Start({
        .listen = config.metrics_listen,
        .registry = server->registry_,
        .readiness = [self]() -> absl::Status {
          if (self->draining_.load()) return absl::UnavailableError("shutting down");
          if (!self->broker_reachable_.load()) {
            return absl::UnavailableError("no Kafka broker reachable");
          }
          return absl::OkStatus();
        },
        .before_scrape =
            [self] {
              self->stats_->SetInFlight(self->pipeline_->counters().in_flight.load());
              self->stats_->SetProducerQueueDepth(self->producer_->QueueLength());
              self->stats_->SetOpenStreams(self->service_->open_streams());
            },
    });
    if (!metrics.ok()) return metrics.status();
    server->metrics_ = *std::move(metrics);
  }
  return server;
}

void IngestServer::WatchBrokers() {
  constexpr std::chrono::seconds kInterval{2};
  constexpr std::chrono::milliseconds kTimeout{1500};
  auto log = common::Logger("ingest");
  std::unique_lock<std::mutex> lock(watch_mutex_);
  while (!watch_stop_.wait_for(lock, kInterval, [this] { return stop_watch_; })) {
    lock.unlock();
    const absl::Status reachable = producer_->CheckBrokers(kTimeout);
    lock.lock();
    if (stop_watch_) break;
    if (reachable.ok() != broker_reachable_.load()) {
      if (reachable.ok()) {
        log->info("kafka reachable again: serving");
      } else {
        log->warn("not serving: {}", reachable.ToString());
      }
      broker_reachable_.store(reachable.ok());
      if (!draining_.load()) server_->GetHealthCheckService()->SetServingStatus(reachable.ok());
    }
  }
}

void IngestServer::Shutdown(std::chrono::milliseconds grace) {
  if (shut_down_) return;
  shut_down_ = true;
  {
    std::lock_guard<std::mutex> lock(watch_mutex_);
    stop_watch_ = true;
  }
  watch_stop_.notify_all();
  if (broker_watch_.joinable()) broker_watch_.join();
  draining_.store(true);
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
  (void)producer_->Flush(grace);
}

IngestServer::~IngestServer() {
  if (server_ != nullptr) Shutdown(std::chrono::milliseconds(0));
}

}  // namespace newsflow::ingest
