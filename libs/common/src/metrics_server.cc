#include "newsflow/common/metrics_server.h"

#include <thread>

#include <fmt/format.h>
#include <httplib.h>
#include <prometheus/gauge.h>
#include <prometheus/text_serializer.h>

#include "newsflow/common/config.h"

namespace newsflow::common {
namespace {

class HttpMetricsServer final : public MetricsServer {
 public:
  explicit HttpMetricsServer(MetricsServerOptions options) : options_(std::move(options)) {}

  ~HttpMetricsServer() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  absl::Status Start() {
    const size_t colon = options_.listen.rfind(':');
    if (colon == std::string::npos) {
      return absl::InvalidArgumentError(
          fmt::format("metrics.listen: \"{}\" is not host:port", options_.listen));
    }
    std::string host = options_.listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    int port = 0;
    try {
      port = std::stoi(options_.listen.substr(colon + 1));
    } catch (const std::exception&) {
      return absl::InvalidArgumentError(
          fmt::format("metrics.listen: bad port in \"{}\"", options_.listen));
    }
    server_.Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
      if (options_.before_scrape) options_.before_scrape();
      prometheus::TextSerializer serializer;
      response.set_content(serializer.Serialize(options_.registry->Collect()),
                           "text/plain; version=0.0.4; charset=utf-8");
    });
    server_.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("ok\n", "text/plain");
    });
    server_.Get("/readyz", [this](const httplib::Request&, httplib::Response& response) {
      absl::Status ready = options_.readiness ? options_.readiness() : absl::OkStatus();
      if (ready.ok()) {
        response.set_content("ready\n", "text/plain");
      } else {
        response.status = 503;
        response.set_content(std::string(ready.message()) + "\n", "text/plain");
      }
    });
    if (port == 0) {
      port_ = server_.bind_to_any_port(host);
    } else {
      port_ = server_.bind_to_port(host, port) ? port : -1;
    }
    if (port_ <= 0) {
      return absl::UnavailableError(fmt::format("metrics: cannot listen on {}", options_.listen));
    }
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    return absl::OkStatus();
  }

  int port() const override { return port_; }

 private:
  MetricsServerOptions options_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(MetricsServerOptions options) {
  if (options.registry == nullptr) options.registry = std::make_shared<prometheus::Registry>();
  auto server = std::make_unique<HttpMetricsServer>(std::move(options));
  if (absl::Status status = server->Start(); !status.ok()) return status;
  return server;
}

void AddBuildInfo(prometheus::Registry& registry, const std::string& component) {
  prometheus::BuildGauge()
      .Name("newsflow_build_info")
      .Help("Build of the running newsflow component; always 1")
      .Register(registry)
      .Add({{"component", component}, {"version", std::string(NewsflowVersion())}})
      .Set(1);
}

}  // namespace newsflow::common
