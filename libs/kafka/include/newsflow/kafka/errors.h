#pragma once

#include <absl/status/status.h>

namespace newsflow::kafka {

/// True for the transient codes a caller should back off and retry: UNAVAILABLE,
/// RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED and ABORTED. Everything else (INVALID_ARGUMENT,
/// PERMISSION_DENIED, FAILED_PRECONDITION, ...) is permanent, and OK is not retryable.
/// Thread-safe.
bool IsRetryable(const absl::Status& status);

}  // namespace newsflow::kafka
