#pragma once

#include <signal.h>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <absl/strings/str_join.h>

#include "newsflow/common/config.h"
#include "newsflow/common/logging.h"

namespace newsflow::common {

/// The start-up every service main() shares: loads the typed config with `load(args, env, out,
/// exit_requested)` (flags > env > YAML > defaults), answers --help/--version, sets up logging
/// and logs the (secret-masked) configuration. Returns the config, or sets `*exit_code` (2 for a
/// bad configuration, 0 after --help/--version) and returns nullopt. `Config` has log_level,
/// log_format and description. Call once, first thing in main().
template <typename Config, typename Loader>
std::optional<Config> StartService(const std::string& program, const std::string& component,
                                   int argc, char** argv, Loader load, int* exit_code) {
  std::string out;
  bool exit_requested = false;
  absl::StatusOr<Config> config = load(std::vector<std::string>(argv + 1, argv + argc),
                                       ProcessEnvironment(), &out, &exit_requested);
  if (!config.ok()) {
    std::cerr << program << ": " << config.status().message() << "\n";
    *exit_code = 2;
    return std::nullopt;
  }
  if (exit_requested) {
    std::cout << out;
    *exit_code = 0;
    return std::nullopt;
  }
  if (absl::Status s = InitLogging(config->log_level, config->log_format); !s.ok()) {
    std::cerr << program << ": " << s.message() << "\n";
    *exit_code = 2;
    return std::nullopt;
  }
  Logger(component)->info("starting version={} config: {}", NewsflowVersion(),
                          absl::StrJoin(config->description, " "));
  return *std::move(config);
}

/// Blocks SIGINT and SIGTERM in this thread and every thread it starts afterwards, so one thread
/// can sigwait() for them; returns the set. Call before starting any thread.
inline sigset_t BlockTerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace newsflow::common
