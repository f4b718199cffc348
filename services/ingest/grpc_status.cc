#include "grpc_status.h"

#include <string>

#include <absl/strings/cord.h>
#include <absl/strings/numbers.h>
#include <absl/types/optional.h>

#include "newsflow/common/field_error.h"

#include "google/rpc/error_details.pb.h"

namespace newsflow::ingest {
namespace {

// Debian's Abseil has its own string_view, hence a C string.
constexpr char kRetryDelayPayload[] = "newsflow.retry_delay_ms";

// Default retry advice: a full queue drains in tens of milliseconds; an unreachable broker takes
// longer.
int64_t RetryDelayMillis(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kResourceExhausted:
      return 200;
    case absl::StatusCode::kUnavailable:
      return 1000;
    default:
      return 0;
  }
}

int64_t RetryDelayMillis(const absl::Status& status) {
  if (absl::optional<absl::Cord> advised = status.GetPayload(kRetryDelayPayload)) {
    int64_t millis = 0;
    if (absl::SimpleAtoi(std::string(*advised), &millis)) return millis;
  }
  return RetryDelayMillis(status.code());
}

}  // namespace

absl::Status WithRetryDelay(absl::Status status, std::chrono::nanoseconds delay) {
  const int64_t millis = std::chrono::ceil<std::chrono::milliseconds>(delay).count();
  status.SetPayload(kRetryDelayPayload, absl::Cord(std::to_string(millis)));
  return status;
}

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  google::rpc::Status rpc;
  rpc.set_code(static_cast<int32_t>(status.code()));
  rpc.set_message(std::string(status.message()));
  std::vector<common::FieldViolation> violations = common::FieldViolationsOf(status);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const common::FieldViolation& v : violations) {
      google::rpc::BadRequest::FieldViolation* out = bad_request.add_field_violations();
      out->set_field(v.field);
      out->set_description(v.description);
    }
    rpc.add_details()->PackFrom(bad_request);
  }
  if (int64_t delay = RetryDelayMillis(status); delay > 0) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(delay / 1000);
    retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>(delay % 1000) * 1'000'000);
    rpc.add_details()->PackFrom(retry);
  }
  return rpc;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      ToRpcStatus(status).SerializeAsString());
}

}  // namespace newsflow::ingest
