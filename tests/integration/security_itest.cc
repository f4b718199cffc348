// TLS, mutual TLS, bearer tokens and rate limits of newsflow-ingest on loopback, with
// certificates made at test time by the openssl command-line tool.
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "harness.h"

namespace newsflow::testing {
namespace {

constexpr char kCrawlerToken[] = "crawler-a-0123456789abcdef";
constexpr char kReadOnlyToken[] = "dashboard-0123456789abcdef";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int RunShell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A CA, a server certificate for 127.0.0.1/localhost, a client certificate signed by the CA,
// and a second CA that signed nothing the server knows; made once per test program.
class Pki {
 public:
  static const Pki& Get() {
    static const Pki pki;  // removed with its files when the test program exits
    return pki;
  }
  ~Pki() {
    std::error_code ignored;
    if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
  }
  std::filesystem::path dir;
  bool ok = false;
  std::string File(const char* name) const { return (dir / name).string(); }
  std::string Pem(const char* name) const { return ReadFile(dir / name); }

 private:
  Pki() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "newsflow-security-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return;
    dir = pattern;
    const std::string d = dir.string();
    const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    std::ofstream(dir / "server.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                                      << "extendedKeyUsage=serverAuth\n";
    std::ofstream(dir / "client.ext") << "extendedKeyUsage=clientAuth\n";
    std::ofstream(dir / "tokens") << "# test clients\n"
                                  << "crawler-a " << kCrawlerToken << "\n"
                                  << "dashboard " << kReadOnlyToken << " read-only\n";
    const std::vector<std::string> commands = {
        "openssl req -x509 " + key + " -keyout " + d + "/ca.key -out " + d +
            "/ca.crt -days 1 -subj /CN=newsflow-test-ca",
        "openssl req -x509 " + key + " -keyout " + d + "/other-ca.key -out " + d +
            "/other-ca.crt -days 1 -subj /CN=other-test-ca",
        "openssl req " + key + " -keyout " + d + "/server.key -out " + d +
            "/server.csr -subj /CN=127.0.0.1",
        "openssl x509 -req -in " + d + "/server.csr -CA " + d + "/ca.crt -CAkey " + d +
            "/ca.key -CAcreateserial -out " + d + "/server.crt -days 1 -extfile " + d +
            "/server.ext",
        "openssl req " + key + " -keyout " + d + "/client.key -out " + d +
            "/client.csr -subj /CN=crawler-a",
        "openssl x509 -req -in " + d + "/client.csr -CA " + d + "/ca.crt -CAkey " + d +
            "/ca.key -CAcreateserial -out " + d + "/client.crt -days 1 -extfile " + d +
            "/client.ext",
    };
    for (const std::string& command : commands) {
      if (RunShell(command + " >/dev/null 2>&1") != 0) {
        ADD_FAILURE() << "failed: " << command;
        return;
      }
    }
    ok = true;
  }
};

v1::IngestRequest Request(const std::string& path) {
  v1::IngestRequest request;
  v1::RawArticle* article = request.mutable_article();
  article->set_url("https://news.example.jp/security/" + path);
  article->set_body("The ministry said on Tuesday that the new rules take effect next month. " +
                    path + " Officials expect the change to affect several thousand firms.");
  article->set_content_type(v1::CONTENT_TYPE_TEXT);
  return request;
}

// A channel of its own (no subchannel shared with other channels of the test).
std::unique_ptr<v1::IngestService::Stub> Stub(
    const std::string& address, const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return v1::IngestService::NewStub(grpc::CreateCustomChannel(address, credentials, args));
}

grpc::Status Ingest(v1::IngestService::Stub& stub, const std::string& path,
                    const std::string& token = "") {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  v1::IngestResponse response;
  return stub.Ingest(&context, Request(path), &response);
}

std::shared_ptr<grpc::ChannelCredentials> TlsCredentials(const std::string& ca,
                                                         bool with_client_cert = false) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ca;
  if (with_client_cert) {
    options.pem_cert_chain = Pki::Get().Pem("client.crt");
    options.pem_private_key = Pki::Get().Pem("client.key");
  }
  return grpc::SslCredentials(options);
}

PipelineHarness::Options ServerWith(std::function<void(ingest::IngestConfig&)> configure) {
  PipelineHarness::Options options;
  options.start_enricher = false;
  options.configure_ingest = std::move(configure);
  return options;
}

void UseTls(ingest::IngestConfig& config) {
  config.tls_cert_file = Pki::Get().File("server.crt");
  config.tls_key_file = Pki::Get().File("server.key");
}

// The crawler's token admits one article per second after a burst of two.
PipelineHarness::Options RateLimitedServer() {
  return ServerWith([](ingest::IngestConfig& config) {
    config.auth_tokens_file = Pki::Get().File("tokens");
    config.auth_rate_limit_per_second = 1;
  });
}

void AuthorizeAsCrawler(grpc::ClientContext& context) {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context.AddMetadata("authorization", std::string("Bearer ") + kCrawlerToken);
}

// A refusal by the rate limit tells the client when to retry: within the bucket's refill time.
void ExpectRetryWithinASecond(const google::rpc::Status& status) {
  ASSERT_EQ(status.details_size(), 1);
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(status.details(0).UnpackTo(&retry));
  const int64_t delay_ms =
      retry.retry_delay().seconds() * 1000 + retry.retry_delay().nanos() / 1'000'000;
  EXPECT_GT(delay_ms, 0);
  EXPECT_LE(delay_ms, 1000);
}

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Pki::Get().ok); }
};

TEST_F(SecurityTest, TlsClientTrustingTheCaIsServed) {
  PipelineHarness harness(ServerWith(UseTls));
  auto stub = Stub(harness.ingest_address(), TlsCredentials(Pki::Get().Pem("ca.crt")));
  grpc::Status status = Ingest(*stub, "tls-ok");
  EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
}

TEST_F(SecurityTest, PlaintextClientOfTlsServerIsUnavailable) {
  PipelineHarness harness(ServerWith(UseTls));
  auto stub = Stub(harness.ingest_address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(Ingest(*stub, "plaintext").error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecurityTest, TlsClientTrustingAnotherCaIsUnavailable) {
  PipelineHarness harness(ServerWith(UseTls));
  auto stub = Stub(harness.ingest_address(), TlsCredentials(Pki::Get().Pem("other-ca.crt")));
  EXPECT_EQ(Ingest(*stub, "other-ca").error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecurityTest, MutualTlsRequiresAClientCertificate) {
  PipelineHarness harness(ServerWith([](ingest::IngestConfig& config) {
    UseTls(config);
    config.tls_client_ca_file = Pki::Get().File("ca.crt");
  }));
  auto without = Stub(harness.ingest_address(), TlsCredentials(Pki::Get().Pem("ca.crt")));
  EXPECT_EQ(Ingest(*without, "mtls-without").error_code(), grpc::StatusCode::UNAVAILABLE);
  auto with = Stub(harness.ingest_address(), TlsCredentials(Pki::Get().Pem("ca.crt"), true));
  grpc::Status status = Ingest(*with, "mtls-with");
  EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
}

TEST_F(SecurityTest, MissingTlsFileFailsStartupNamingTheKey) {
  kafka::ProducerOptions producer_options;
  producer_options.bootstrap_servers = "127.0.0.1:1";
  std::unique_ptr<kafka::Producer> producer = *kafka::MakeKafkaProducer(producer_options);
  ingest::IngestConfig config;
  config.listen = "127.0.0.1:0";
  config.metrics_listen = "";
  UseTls(config);
  config.tls_client_ca_file = Pki::Get().File("no-such-ca.crt");
  absl::StatusOr<std::unique_ptr<ingest::IngestServer>> server =
      ingest::IngestServer::Start(config, *producer);
  ASSERT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(server.status().message().find("tls.client_ca_file"), std::string_view::npos);

  config.tls_client_ca_file.clear();
  config.auth_tokens_file = Pki::Get().File("no-such-tokens");
  server = ingest::IngestServer::Start(config, *producer);
  ASSERT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(server.status().message().find("auth.tokens_file"), std::string_view::npos);
}

TEST_F(SecurityTest, BearerTokenIsRequiredAndChecked) {
  PipelineHarness harness(ServerWith(
      [](ingest::IngestConfig& config) { config.auth_tokens_file = Pki::Get().File("tokens"); }));
  auto stub = Stub(harness.ingest_address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(Ingest(*stub, "no-token").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Ingest(*stub, "wrong-token", "crawler-a-0123456789abcdeX").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", std::string("Basic ") + kCrawlerToken);
    v1::IngestResponse response;
    EXPECT_EQ(stub->Ingest(&context, Request("basic"), &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  EXPECT_EQ(Ingest(*stub, "read-only", kReadOnlyToken).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status status = Ingest(*stub, "right-token", kCrawlerToken);
  EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
}

TEST_F(SecurityTest, StreamWithoutTokenIsUnauthenticated) {
  PipelineHarness harness(ServerWith(
      [](ingest::IngestConfig& config) { config.auth_tokens_file = Pki::Get().File("tokens"); }));
  auto stub = Stub(harness.ingest_address(), grpc::InsecureChannelCredentials());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub->IngestStream(&context);
  v1::IngestStreamRequest request;
  request.set_sequence(1);
  *request.mutable_article() = Request("stream").article();
  stream->Write(request);
  stream->WritesDone();
  v1::IngestStreamResponse response;
  EXPECT_FALSE(stream->Read(&response));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SecurityTest, HealthCheckNeedsNoToken) {
  PipelineHarness harness(ServerWith(
      [](ingest::IngestConfig& config) { config.auth_tokens_file = Pki::Get().File("tokens"); }));
  grpc::Status status;
  EXPECT_EQ(harness.HealthStatus(&status), 1)
      << status.error_code() << " " << status.error_message();
}

TEST_F(SecurityTest, OverTheRateLimitIsResourceExhaustedWithRetryInfo) {
  PipelineHarness harness(RateLimitedServer());
  auto stub = Stub(harness.ingest_address(), grpc::InsecureChannelCredentials());
  ASSERT_TRUE(Ingest(*stub, "rate-1", kCrawlerToken).ok());
  // The bucket refills while acks are awaited, so a slow machine may admit a few more; the
  // refusal must come within a few calls of the burst all the same.
  grpc::Status status;
  for (int i = 2; i <= 6 && status.ok(); ++i) {
    status = Ingest(*stub, "rate-" + std::to_string(i), kCrawlerToken);
  }
  ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ExpectRetryWithinASecond(details);
}

TEST_F(SecurityTest, StreamArticlesOverTheRateLimitAreRefusedOneByOne) {
  PipelineHarness harness(RateLimitedServer());
  auto stub = Stub(harness.ingest_address(), grpc::InsecureChannelCredentials());
  grpc::ClientContext context;
  AuthorizeAsCrawler(context);
  auto stream = stub->IngestStream(&context);
  for (int i = 0; i < 5; ++i) {
    v1::IngestStreamRequest request;
    request.set_sequence(i);
    *request.mutable_article() = Request("stream-rate-" + std::to_string(i)).article();
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  int ok = 0;
  int limited = 0;
  v1::IngestStreamResponse response;
  while (stream->Read(&response)) {
    if (response.status().code() == grpc::StatusCode::OK) {
      ++ok;
    } else {
      EXPECT_EQ(response.status().code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
      ExpectRetryWithinASecond(response.status());
      ++limited;
    }
  }
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_GE(ok, 2);  // the burst
  EXPECT_LE(ok, 3);  // plus at most one refilled token while the stream ran
  EXPECT_EQ(ok + limited, 5);
}

TEST_F(SecurityTest, EachArticleOfABatchedRequestTakesItsOwnRateToken) {
  PipelineHarness harness(RateLimitedServer());
  auto stub = Stub(harness.ingest_address(), grpc::InsecureChannelCredentials());
  grpc::ClientContext context;
  AuthorizeAsCrawler(context);
  auto stream = stub->IngestStream(&context);
  // One message with five articles: the burst admits two of them, not the whole message.
  v1::IngestStreamRequest request;
  request.set_sequence(0);
  *request.mutable_article() = Request("batch-rate-0").article();
  for (int i = 1; i < 5; ++i) {
    v1::IngestStreamRequest* entry = request.add_more();
    entry->set_sequence(i);
    *entry->mutable_article() = Request("batch-rate-" + std::to_string(i)).article();
  }
  ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  std::set<uint64_t> answered;
  int ok = 0;
  v1::IngestStreamResponse response;
  while (stream->Read(&response)) {
    EXPECT_TRUE(answered.insert(response.sequence()).second) << response.sequence();
    if (response.status().code() == grpc::StatusCode::OK) {
      ++ok;
    } else {
      EXPECT_EQ(response.status().code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
      ExpectRetryWithinASecond(response.status());
    }
  }
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(answered.size(), 5u);
  EXPECT_GE(ok, 2);  // the burst
  EXPECT_LE(ok, 3);  // plus at most one refilled token while the message was admitted
}

TEST_F(SecurityTest, PushWithCaAndTokenIsServedAndWithoutTokenFails) {
  const std::string push = std::string(NEWSFLOW_BINARY_DIR) + "/services/newsflow/newsflow";
  ASSERT_TRUE(std::filesystem::exists(push)) << "build the newsflow target first";
  PipelineHarness harness(ServerWith([](ingest::IngestConfig& config) {
    UseTls(config);
    config.auth_tokens_file = Pki::Get().File("tokens");
  }));
  const std::filesystem::path article = Pki::Get().dir / "push-article.txt";
  std::ofstream(article) << Request("push").article().body() << "\n";
  const std::string common = push + " push --quiet --retries 0 --server " +
                             harness.ingest_address() + " --tls-ca " + Pki::Get().File("ca.crt") +
                             " " + article.string() + " >/dev/null 2>&1";
  EXPECT_EQ(RunShell("NEWSFLOW_TOKEN=" + std::string(kCrawlerToken) + " " + common), 0);
  EXPECT_NE(RunShell("env -u NEWSFLOW_TOKEN " + common), 0);
  EXPECT_NE(RunShell("env -u NEWSFLOW_TOKEN " + common + " --token wrong-token-0123456789"), 0);
}

}  // namespace
}  // namespace newsflow::testing
