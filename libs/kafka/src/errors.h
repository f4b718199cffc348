#pragma once

#include <string_view>

#include <absl/status/status.h>
#include <librdkafka/rdkafka.h>

namespace newsflow::kafka::internal {

/// Maps a librdkafka error to a canonical Status whose message is
/// "<context>: <description> (<KAFKA_ERROR_NAME>)". NO_ERROR maps to OK. Retryable failures
/// (see IsRetryable()) are UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED or ABORTED.
absl::Status StatusFromKafkaError(rd_kafka_resp_err_t err, std::string_view context);

/// The canonical code StatusFromKafkaError() uses for `err`.
absl::StatusCode CodeForKafkaError(rd_kafka_resp_err_t err);

/// Status of a fatal error of `rk` (rd_kafka_fatal_error()), always FAILED_PRECONDITION since
/// the client instance can no longer be used; OK when `rk` has no fatal error.
absl::Status FatalErrorStatus(rd_kafka_t* rk, std::string_view context);

}  // namespace newsflow::kafka::internal
