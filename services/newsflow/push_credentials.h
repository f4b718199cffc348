#pragma once

#include <memory>

#include <grpcpp/security/credentials.h>

#include "commands.h"

namespace newsflow::cli {

/// Plaintext, TLS or mutual TLS channel credentials from push's flags (--tls, --tls-ca,
/// --tls-cert, --tls-key); null after printing which file cannot be read.
std::shared_ptr<grpc::ChannelCredentials> MakeCredentials(const PushArgs& args);

}  // namespace newsflow::cli
