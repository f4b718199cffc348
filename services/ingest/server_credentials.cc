#include "server_credentials.h"

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <absl/strings/match.h>
#include <absl/strings/str_join.h>
#include <grpcpp/security/server_credentials.h>

namespace newsflow::ingest {
namespace {

// The PEM text of `path`, or nullopt after adding an error naming `key` to `errors`. Checked here
// so that a wrong path fails at start-up with the key's name instead of as "cannot listen".
std::optional<std::string> ReadPem(const std::string& key, const std::string& path,
                                   std::vector<std::string>* errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors->push_back(key + ": cannot read " + path);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!absl::StrContains(text.str(), "-----BEGIN ")) {
    errors->push_back(key + ": " + path + " is not a PEM file");
    return std::nullopt;
  }
  return text.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const IngestConfig& config) {
  std::vector<std::string> errors;
  if (config.tls_cert_file.empty()) {
    if (!config.tls_key_file.empty()) errors.push_back("tls.key_file: set without tls.cert_file");
    if (!config.tls_client_ca_file.empty()) {
      errors.push_back("tls.client_ca_file: set without tls.cert_file");
    }
    if (!errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(errors, "; "));
    return grpc::InsecureServerCredentials();
  }
  if (config.tls_key_file.empty()) errors.push_back("tls.key_file: required with tls.cert_file");
  std::optional<std::string> cert = ReadPem("tls.cert_file", config.tls_cert_file, &errors);
  std::optional<std::string> key;
  if (!config.tls_key_file.empty()) key = ReadPem("tls.key_file", config.tls_key_file, &errors);
  std::optional<std::string> client_ca;
  if (!config.tls_client_ca_file.empty()) {
    client_ca = ReadPem("tls.client_ca_file", config.tls_client_ca_file, &errors);
  }
  if (!errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(errors, "; "));

  grpc::SslServerCredentialsOptions options(
      client_ca.has_value() ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                            : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  if (client_ca.has_value()) options.pem_root_certs = *std::move(client_ca);
  options.pem_key_cert_pairs.push_back(
      {.private_key = *std::move(key), .cert_chain = *std::move(cert)});
  return grpc::SslServerCredentials(options);
}

}  // namespace newsflow::ingest
