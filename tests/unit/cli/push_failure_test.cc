#include "push_failure.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"

namespace newsflow::cli {
namespace {

google::rpc::Status InvalidField(const std::string& field) {
  google::rpc::Status status;
  status.set_code(3);
  status.set_message("invalid article");
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field(field);
  violation->set_description("not absolute");
  status.add_details()->PackFrom(bad_request);
  return status;
}

TEST(PushFailureTest, NamesTheFieldOfTheArticleWhateverItsPlaceInTheRequest) {
  EXPECT_EQ(DescribeFailure(InvalidField("article.url")),
            "INVALID_ARGUMENT article.url: not absolute");
  EXPECT_EQ(DescribeFailure(InvalidField("more[3].article.url")),
            "INVALID_ARGUMENT article.url: not absolute");
  EXPECT_EQ(DescribeFailure(InvalidField("more[12].sequence")),
            "INVALID_ARGUMENT sequence: not absolute");
}

TEST(PushFailureTest, KeepsPathsThatAreNotAnEntryIndex) {
  EXPECT_EQ(DescribeFailure(InvalidField("more[x].article")),
            "INVALID_ARGUMENT more[x].article: not absolute");
  EXPECT_EQ(DescribeFailure(InvalidField("more[].article")),
            "INVALID_ARGUMENT more[].article: not absolute");
  EXPECT_EQ(DescribeFailure(InvalidField("more[3]")), "INVALID_ARGUMENT more[3]: not absolute");
}

TEST(PushFailureTest, WithoutFieldsTheMessageIsShown) {
  google::rpc::Status status;
  status.set_code(14);
  status.set_message("kafka did not acknowledge in time");
  EXPECT_EQ(DescribeFailure(status), "UNAVAILABLE kafka did not acknowledge in time");
}

}  // namespace
}  // namespace newsflow::cli
