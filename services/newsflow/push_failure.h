#pragma once

#include <string>

#include "google/rpc/status.pb.h"

namespace newsflow::cli {

/// "INVALID_ARGUMENT article.url: not absolute": the code of a per-article answer and the fields
/// of its google.rpc.BadRequest details (else its message). Field paths are those of the
/// article itself: the server names an entry of `more` by its index in the request
/// ("more[3].article.url"), which means nothing to the user, so the "more[3]." is dropped and
/// the caller names the input instead.
std::string DescribeFailure(const google::rpc::Status& status);

}  // namespace newsflow::cli
