#pragma once

#include <string>

namespace newsflow::cli {

/// "INVALID_ARGUMENT" for 3 and so on: the canonical name of a gRPC status code, or the number
/// for a code outside the canonical set.
std::string GrpcCodeName(int code);

}  // namespace newsflow::cli
