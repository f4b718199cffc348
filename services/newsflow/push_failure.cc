#include "push_failure.h"

#include <fmt/format.h>

#include "google/rpc/error_details.pb.h"
#include "grpc_code_name.h"

namespace newsflow::cli {
namespace {

// "article.url" for "more[3].article.url"; any other path as it is.
std::string FieldOfArticle(const std::string& field) {
  constexpr std::string_view kPrefix = "more[";
  if (field.rfind(kPrefix, 0) != 0) return field;
  const size_t close = field.find("].", kPrefix.size());
  if (close == std::string::npos || close == kPrefix.size()) return field;
  for (size_t i = kPrefix.size(); i < close; ++i) {
    if (field[i] < '0' || field[i] > '9') return field;
  }
  return field.substr(close + 2);
}

}  // namespace

std::string DescribeFailure(const google::rpc::Status& status) {
  std::string text = GrpcCodeName(status.code());
  bool has_fields = false;
  for (const google::protobuf::Any& detail : status.details()) {
    google::rpc::BadRequest bad_request;
    if (detail.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        text += fmt::format(" {}: {}", FieldOfArticle(violation.field()), violation.description());
        has_fields = true;
      }
    }
  }
  if (!has_fields) text += " " + status.message();
  return text;
}

}  // namespace newsflow::cli
