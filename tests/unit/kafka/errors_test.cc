#include "newsflow/kafka/errors.h"

#include <absl/status/status.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include "errors.h"

namespace newsflow::kafka {
namespace {

using internal::CodeForKafkaError;
using internal::StatusFromKafkaError;

TEST(IsRetryableTest, TransientCodesAreRetryable) {
  EXPECT_TRUE(IsRetryable(absl::UnavailableError("x")));
  EXPECT_TRUE(IsRetryable(absl::ResourceExhaustedError("x")));
  EXPECT_TRUE(IsRetryable(absl::DeadlineExceededError("x")));
  EXPECT_TRUE(IsRetryable(absl::AbortedError("x")));
}

TEST(IsRetryableTest, PermanentCodesAndOkAreNot) {
  EXPECT_FALSE(IsRetryable(absl::OkStatus()));
  EXPECT_FALSE(IsRetryable(absl::InvalidArgumentError("x")));
  EXPECT_FALSE(IsRetryable(absl::PermissionDeniedError("x")));
  EXPECT_FALSE(IsRetryable(absl::FailedPreconditionError("x")));
  EXPECT_FALSE(IsRetryable(absl::InternalError("x")));
  EXPECT_FALSE(IsRetryable(absl::AlreadyExistsError("x")));
}

TEST(StatusFromKafkaErrorTest, NoErrorIsOk) {
  EXPECT_TRUE(StatusFromKafkaError(RD_KAFKA_RESP_ERR_NO_ERROR, "ctx").ok());
}

TEST(StatusFromKafkaErrorTest, MessageNamesContextAndKafkaError) {
  absl::Status status = StatusFromKafkaError(RD_KAFKA_RESP_ERR__QUEUE_FULL, "kafka produce to t");
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(status.message().find("kafka produce to t"), std::string_view::npos) << status;
  EXPECT_NE(status.message().find("_QUEUE_FULL"), std::string_view::npos) << status;
}

TEST(StatusFromKafkaErrorTest, UndeliveredRecordIsUnavailableNotDeadlineExceeded) {
  EXPECT_EQ(StatusFromKafkaError(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, "ctx").code(),
            absl::StatusCode::kUnavailable);
}

TEST(StatusFromKafkaErrorTest, TransientErrorsAreRetryable) {
  for (rd_kafka_resp_err_t err :
       {RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
        RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__QUEUE_FULL,
        RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS}) {
    EXPECT_TRUE(IsRetryable(StatusFromKafkaError(err, "ctx"))) << rd_kafka_err2name(err);
  }
}

TEST(StatusFromKafkaErrorTest, PermanentErrorsAreNotRetryable) {
  struct Case {
    rd_kafka_resp_err_t err;
    absl::StatusCode code;
  };
  for (const Case& c : {
           Case{RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, absl::StatusCode::kInvalidArgument},
           Case{RD_KAFKA_RESP_ERR_INVALID_RECORD, absl::StatusCode::kInvalidArgument},
           Case{RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, absl::StatusCode::kPermissionDenied},
           Case{RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, absl::StatusCode::kUnauthenticated},
           Case{RD_KAFKA_RESP_ERR__FATAL, absl::StatusCode::kFailedPrecondition},
           Case{RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER,
                absl::StatusCode::kFailedPrecondition},
           Case{RD_KAFKA_RESP_ERR_PRODUCER_FENCED, absl::StatusCode::kFailedPrecondition},
           Case{RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, absl::StatusCode::kNotFound},
           Case{RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS, absl::StatusCode::kAlreadyExists},
           Case{RD_KAFKA_RESP_ERR__PURGE_QUEUE, absl::StatusCode::kCancelled},
       }) {
    absl::Status status = StatusFromKafkaError(c.err, "ctx");
    EXPECT_EQ(status.code(), c.code) << status;
    EXPECT_FALSE(IsRetryable(status)) << status;
  }
}

TEST(StatusFromKafkaErrorTest, EveryKnownErrorExceptNoErrorIsNotOk) {
  const rd_kafka_err_desc* descs = nullptr;
  size_t count = 0;
  rd_kafka_get_err_descs(&descs, &count);
  int checked = 0;
  for (size_t i = 0; i < count; ++i) {
    if (descs[i].name == nullptr) continue;  // holes in the table
    const auto err = static_cast<rd_kafka_resp_err_t>(descs[i].code);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    EXPECT_NE(CodeForKafkaError(err), absl::StatusCode::kOk) << descs[i].name;
    ++checked;
  }
  EXPECT_GT(checked, 150);
}

TEST(StatusFromKafkaErrorTest, CodeOutsideTheEnumIsUnknown) {
  // A broker newer than the library can send codes librdkafka does not define.
  EXPECT_EQ(CodeForKafkaError(static_cast<rd_kafka_resp_err_t>(4242)), absl::StatusCode::kUnknown);
}

}  // namespace
}  // namespace newsflow::kafka
