#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <absl/status/status.h>
#include <spdlog/logger.h>

namespace newsflow::common {

/// Configures spdlog for a service: level ("trace".."critical"), and "text" or "json" lines on
/// stderr. INVALID_ARGUMENT for an unknown level or format. Call once at start-up.
absl::Status InitLogging(std::string_view level, std::string_view format);

/// The named component logger ("ingest", "kafka", ...), created on first use. Thread-safe.
std::shared_ptr<spdlog::logger> Logger(const std::string& component);

}  // namespace newsflow::common
