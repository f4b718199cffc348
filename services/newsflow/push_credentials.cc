#include "push_credentials.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>

namespace newsflow::cli {
namespace {

bool ReadFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *text = buffer.str();
  return true;
}

}  // namespace

std::shared_ptr<grpc::ChannelCredentials> MakeCredentials(const PushArgs& args) {
  if (!args.tls && args.tls_ca.empty() && args.tls_cert.empty()) {
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  for (const auto& [flag, path, target] :
       {std::tuple{"--tls-ca", &args.tls_ca, &options.pem_root_certs},
        std::tuple{"--tls-cert", &args.tls_cert, &options.pem_cert_chain},
        std::tuple{"--tls-key", &args.tls_key, &options.pem_private_key}}) {
    if (!path->empty() && !ReadFile(*path, target)) {
      std::fprintf(stderr, "newsflow push: %s: cannot read %s\n", flag, path->c_str());
      return nullptr;
    }
  }
  return grpc::SslCredentials(options);
}

}  // namespace newsflow::cli
