#include "server_credentials.h"

#include <gtest/gtest.h>

namespace newsflow::ingest {
namespace {

TEST(ServerCredentialsTest, PlaintextByDefault) {
  EXPECT_TRUE(MakeServerCredentials(IngestConfig{}).ok());
}

TEST(ServerCredentialsTest, MissingFilesAreNamedByTheirKeys) {
  IngestConfig config;
  config.tls_cert_file = "/nonexistent/server.crt";
  config.tls_key_file = "/nonexistent/server.key";
  config.tls_client_ca_file = "/nonexistent/ca.crt";
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(config);
  ASSERT_EQ(credentials.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(credentials.status().message());
  EXPECT_NE(message.find("tls.cert_file"), std::string::npos) << message;
  EXPECT_NE(message.find("tls.key_file"), std::string::npos) << message;
  EXPECT_NE(message.find("tls.client_ca_file"), std::string::npos) << message;
}

TEST(ServerCredentialsTest, KeyWithoutCertificateIsAnError) {
  IngestConfig config;
  config.tls_key_file = "server.key";
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(config);
  ASSERT_EQ(credentials.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(credentials.status().message().find("tls.key_file"), std::string_view::npos);
}

TEST(ServerCredentialsTest, CertificateWithoutKeyIsAnError) {
  IngestConfig config;
  config.tls_cert_file = "/nonexistent/server.crt";
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(config);
  ASSERT_EQ(credentials.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(credentials.status().message().find("tls.key_file: required"), std::string_view::npos);
}

}  // namespace
}  // namespace newsflow::ingest
