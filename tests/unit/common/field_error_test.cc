#include "newsflow/common/field_error.h"

#include <gtest/gtest.h>

namespace newsflow::common {
namespace {

TEST(FieldErrorTest, InvalidFieldCarriesFieldAndDescription) {
  absl::Status status = InvalidField("url", "must be absolute");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "url");
  EXPECT_EQ(violations[0].description, "must be absolute");
}

TEST(FieldErrorTest, PlainStatusHasNoViolations) {
  EXPECT_TRUE(FieldViolationsOf(absl::InvalidArgumentError("x")).empty());
  EXPECT_TRUE(FieldViolationsOf(absl::OkStatus()).empty());
}

TEST(FieldErrorTest, PrefixFieldsQualifiesEveryField) {
  absl::Status status = PrefixFields(InvalidField("body", "empty"), "article.");
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "article.body");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
}

TEST(FieldErrorTest, TabsAndNewlinesInTextCannotForgeViolations) {
  absl::Status status = InvalidField("url", "bad\tvalue\nfake\tviolation");
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "url");
}

}  // namespace
}  // namespace newsflow::common
