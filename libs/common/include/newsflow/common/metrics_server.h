#pragma once

#include <functional>
#include <memory>
#include <string>

#include <absl/status/status.h>
#include <absl/status/statusor.h>
#include <prometheus/registry.h>

namespace newsflow::common {

struct MetricsServerOptions {
  /// "host:port"; port 0 picks a free port.
  std::string listen = "127.0.0.1:0";
  std::shared_ptr<prometheus::Registry> registry;
  /// OK when the service can do its job (e.g. Kafka reachable, models loaded); the status
  /// message explains why not. Called on every /readyz request, from a server thread.
  std::function<absl::Status()> readiness;
  /// Called before each /metrics scrape to refresh gauges that are sampled, not counted.
  std::function<void()> before_scrape;
};

/// Serves /metrics (Prometheus text format), /healthz (200 while the process serves) and
/// /readyz (200 when `readiness` is OK, else 503 with the reason) over HTTP. Stops on
/// destruction. Thread-safe.
class MetricsServer {
 public:
  /// UNAVAILABLE when the address cannot be bound, INVALID_ARGUMENT when it is malformed.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(MetricsServerOptions options);
  virtual ~MetricsServer() = default;
  virtual int port() const = 0;
};

/// Registers newsflow_build_info{component,version} = 1 in `registry`.
void AddBuildInfo(prometheus::Registry& registry, const std::string& component);

}  // namespace newsflow::common
