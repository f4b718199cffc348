#pragma once

#include <chrono>

#include <absl/status/status.h>
#include <grpcpp/support/status.h>

#include "google/rpc/status.pb.h"

namespace newsflow::ingest {

/// `status` advising the client to retry after `delay` (rounded up to whole milliseconds, so a
/// client reading milliseconds never sees 0); ToRpcStatus() turns it into google.rpc.RetryInfo.
absl::Status WithRetryDelay(absl::Status status, std::chrono::nanoseconds delay);

/// The rich error model for `status`: code and message, plus google.rpc.BadRequest with the
/// field violations it carries (INVALID_ARGUMENT) or google.rpc.RetryInfo advising when to
/// retry (RESOURCE_EXHAUSTED, UNAVAILABLE; the WithRetryDelay() advice when given).
google::rpc::Status ToRpcStatus(const absl::Status& status);

/// `status` as a gRPC status whose binary details (grpc-status-details-bin) hold ToRpcStatus().
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace newsflow::ingest
