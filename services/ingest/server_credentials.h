#pragma once

#include <memory>

#include <absl/status/statusor.h>
#include <grpcpp/security/server_credentials.h>

#include "ingest_config.h"

namespace newsflow::ingest {

/// Credentials of the gRPC port from the tls.* keys: plaintext when tls.cert_file is empty, TLS
/// with tls.cert_file/tls.key_file, and mutual TLS (a client certificate signed by
/// tls.client_ca_file is required and verified) when tls.client_ca_file is set too.
/// INVALID_ARGUMENT naming each key whose file is missing, unreadable or not PEM, or that is set
/// without the keys it needs.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const IngestConfig& config);

}  // namespace newsflow::ingest
