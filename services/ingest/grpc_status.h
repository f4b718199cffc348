#pragma once

#include <absl/status/status.h>
#include <grpcpp/support/status.h>

#include "google/rpc/status.pb.h"

namespace newsflow::ingest {

/// The rich error model for `status`: code and message, plus google.rpc.BadRequest with the
/// field violations it carries (INVALID_ARGUMENT) or google.rpc.RetryInfo advising when to
/// retry (RESOURCE_EXHAUSTED, UNAVAILABLE).
google::rpc::Status ToRpcStatus(const absl::Status& status);

/// `status` as a gRPC status whose binary details (grpc-status-details-bin) hold ToRpcStatus().
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace newsflow::ingest
