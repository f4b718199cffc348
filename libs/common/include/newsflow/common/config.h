#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/status.h>

namespace newsflow::common {

/// Environment variables as name -> value (tests pass their own; main() passes environ).
using Environment = std::map<std::string, std::string>;

/// The process environment.
Environment ProcessEnvironment();

/// Declares the options of one service and loads them with the precedence
/// flag > environment > YAML file > default. Keys are dotted paths ("kafka.bootstrap_servers");
/// the YAML file nests them, the environment spells them NEWSFLOW_KAFKA_BOOTSTRAP_SERVERS and the
/// flags --kafka.bootstrap_servers=VALUE. Map options ("kafka.properties") take any sub-key:
/// NEWSFLOW_KAFKA_PROPERTIES__SASL_MECHANISM (double underscore, dots as single underscores are
/// ambiguous for map keys, so the sub-key after "__" keeps "_" as ".") and
/// --kafka.properties.sasl.mechanism=PLAIN. Not thread-safe; used once at start-up.
class ConfigSchema {
 public:
  ConfigSchema(std::string program, std::string description);

  void AddString(std::string key, std::string* target, std::string help);
  void AddInt(std::string key, int64_t* target, std::string help, int64_t min_value,
              int64_t max_value);
  void AddBool(std::string key, bool* target, std::string help);
  void AddStringMap(std::string key, std::map<std::string, std::string>* target, std::string help);

  /// Loads `--config FILE` (or NEWSFLOW_CONFIG), the environment and the flags into the
  /// targets. Every error is reported at once in one INVALID_ARGUMENT naming each key.
  /// Sets `*exit_requested` after printing --help or --version text to `out`.
  absl::Status Load(const std::vector<std::string>& args, const Environment& env, std::string* out,
                    bool* exit_requested);

  /// Usage text listing every option with its default and environment variable.
  std::string HelpText() const;

  /// "key=value" lines of the loaded configuration; values of keys that look secret
  /// (password, secret, token, key) are masked. For logging at start-up.
  std::vector<std::string> Describe() const;

 private:
  enum class Kind { kString, kInt, kBool, kStringMap };
  struct Option {
    std::string key;
    Kind kind;
    std::string help;
    std::string default_text;
    void* target;
    int64_t min_value = 0;
    int64_t max_value = 0;
  };
  absl::Status Set(const Option& option, std::string_view sub_key, std::string_view value,
                   std::string_view origin);
  const Option* Find(std::string_view key, std::string* sub_key) const;
  absl::Status LoadYaml(const std::string& path, std::vector<std::string>* errors);

  std::string program_;
  std::string description_;
  std::vector<Option> options_;
};

/// Version string of the build, e.g. "0.1.0".
std::string_view NewsflowVersion();

}  // namespace newsflow::common
