#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <absl/status/statusor.h>
#include <grpcpp/grpcpp.h>

#include "newsflow/v1/ingest.grpc.pb.h"

#include "auth.h"
#include "ingest_service.h"
#include "rate_limiter.h"

namespace newsflow::ingest {

/// The IngestService the server registers when authentication or rate limiting is on: checks
/// each call at its entry point, then hands it to the unguarded IngestServiceImpl. Health and
/// reflection are separate services and stay open for probes.
class GuardedIngestService final : public v1::IngestService::CallbackService {
 public:
  /// `authenticator` and `limiter` may be null (that check is off); both must outlive this.
  GuardedIngestService(IngestServiceImpl& inner, const Authenticator* authenticator,
                       RateLimiter* limiter);

  grpc::ServerUnaryReactor* Ingest(grpc::CallbackServerContext* context,
                                   const v1::IngestRequest* request,
                                   v1::IngestResponse* response) override;
  grpc::ServerBidiReactor<v1::IngestStreamRequest, v1::IngestStreamResponse>* IngestStream(
      grpc::CallbackServerContext* context) override;

 private:
  // The client name of an admitted call (the peer's address when authentication is off), or
  // UNAUTHENTICATED / PERMISSION_DENIED.
  absl::StatusOr<std::string> Admit(const grpc::CallbackServerContext& context,
                                    std::string_view method) const;

  IngestServiceImpl& inner_;
  const Authenticator* authenticator_;
  RateLimiter* limiter_;
};

/// RESOURCE_EXHAUSTED for a client over its rate, advising a retry after `retry_after`.
absl::Status RateLimited(const std::string& client, std::chrono::nanoseconds retry_after);

}  // namespace newsflow::ingest
