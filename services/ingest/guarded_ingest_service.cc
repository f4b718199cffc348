#include "guarded_ingest_service.h"

#include <vector>

#include "grpc_status.h"

namespace newsflow::ingest {
namespace {

// A stream refused at its start: finishes at once with the refusal.
class RefusedStream final
    : public grpc::ServerBidiReactor<v1::IngestStreamRequest, v1::IngestStreamResponse> {
 public:
  explicit RefusedStream(grpc::Status status) { Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

// "ipv4:10.0.0.7:53122" -> "ipv4:10.0.0.7": one bucket per host, not per connection.
std::string PeerHost(const std::string& peer) {
  const size_t colon = peer.rfind(':');
  return colon == std::string::npos || colon < peer.find(':') + 1 ? peer : peer.substr(0, colon);
}

}  // namespace

GuardedIngestService::GuardedIngestService(IngestServiceImpl& inner,
                                           const Authenticator* authenticator, RateLimiter* limiter)
    : inner_(inner), authenticator_(authenticator), limiter_(limiter) {}

absl::StatusOr<std::string> GuardedIngestService::Admit(const grpc::CallbackServerContext& context,
                                                        std::string_view method) const {
  if (authenticator_ == nullptr) return PeerHost(context.peer());
  std::vector<std::string_view> authorization;
  auto [begin, end] = context.client_metadata().equal_range("authorization");
  for (auto it = begin; it != end; ++it) {
    authorization.emplace_back(it->second.data(), it->second.size());
  }
  absl::StatusOr<AuthenticatedClient> client = authenticator_->Authenticate(authorization);
  if (!client.ok()) return client.status();
  if (absl::Status allowed = Authenticator::Authorize(*client, method); !allowed.ok()) {
    return allowed;
  }
  return std::move(client->name);
}

grpc::ServerUnaryReactor* GuardedIngestService::Ingest(grpc::CallbackServerContext* context,
                                                       const v1::IngestRequest* request,
                                                       v1::IngestResponse* response) {
  absl::StatusOr<std::string> client = Admit(*context, "Ingest");
  grpc::Status refusal;
  if (!client.ok()) {
    refusal = ToGrpcStatus(client.status());
  } else if (limiter_ != nullptr) {
    if (std::optional<std::chrono::nanoseconds> wait = limiter_->TryAcquire(*client)) {
      refusal = ToGrpcStatus(RateLimited(*client, *wait));
    }
  }
  if (!refusal.ok()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(refusal);
    return reactor;
  }
  return inner_.Ingest(context, request, response);
}

grpc::ServerBidiReactor<v1::IngestStreamRequest, v1::IngestStreamResponse>*
GuardedIngestService::IngestStream(grpc::CallbackServerContext* context) {
  absl::StatusOr<std::string> client = Admit(*context, "IngestStream");
  if (!client.ok()) return new RefusedStream(ToGrpcStatus(client.status()));
  if (limiter_ == nullptr) return inner_.IngestStream(context);
  // Each article of the stream costs one token; one over the rate is answered on its own.
  return inner_.StartStream([limiter = limiter_, name = *std::move(client)]() -> absl::Status {
    if (std::optional<std::chrono::nanoseconds> wait = limiter->TryAcquire(name)) {
      return RateLimited(name, *wait);
    }
    return absl::OkStatus();
  });
}

absl::Status RateLimited(const std::string& client, std::chrono::nanoseconds retry_after) {
  return WithRetryDelay(
      absl::ResourceExhaustedError("rate limit of client " + client + " exceeded"), retry_after);
}

}  // namespace newsflow::ingest
