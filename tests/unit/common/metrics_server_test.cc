#include "newsflow/common/metrics_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <prometheus/counter.h>

namespace newsflow::common {
namespace {

TEST(MetricsServerTest, ServesMetricsHealthAndReadiness) {
  auto registry = std::make_shared<prometheus::Registry>();
  AddBuildInfo(*registry, "test");
  auto& counter =
      prometheus::BuildCounter().Name("newsflow_test_total").Help("t").Register(*registry).Add({});
  bool ready = false;
  int scrapes = 0;
  absl::StatusOr<std::unique_ptr<MetricsServer>> server = MetricsServer::Start({
      .listen = "127.0.0.1:0",
      .registry = registry,
      .readiness =
          [&]() { return ready ? absl::OkStatus() : absl::UnavailableError("warming up"); },
      .before_scrape = [&] { ++scrapes; },
  });
  ASSERT_TRUE(server.ok()) << server.status();
  counter.Increment(3);
  httplib::Client client("127.0.0.1", (*server)->port());
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("newsflow_test_total 3"), std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("newsflow_build_info{component=\"test\""), std::string::npos);
  EXPECT_EQ(scrapes, 1);
  EXPECT_EQ(client.Get("/healthz")->status, 200);
  auto not_ready = client.Get("/readyz");
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_NE(not_ready->body.find("warming up"), std::string::npos);
  ready = true;
  EXPECT_EQ(client.Get("/readyz")->status, 200);
}

TEST(MetricsServerTest, MalformedAddressIsInvalidArgument) {
  EXPECT_EQ(MetricsServer::Start({.listen = "no-port"}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace newsflow::common
