#include "newsflow/common/config.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>

#include <absl/strings/ascii.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

extern char** environ;

namespace newsflow::common {
namespace {

std::string EnvNameFor(std::string_view key) {
  std::string name = "NEWSFLOW_";
  for (char c : key) name += c == '.' ? '_' : absl::ascii_toupper(static_cast<unsigned char>(c));
  return name;
}

bool LooksSecret(std::string_view key) {
  std::string lower = absl::AsciiStrToLower(absl::string_view(key.data(), key.size()));
  for (std::string_view word : {"password", "secret", "token", "sasl.oauthbearer", ".key"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

// Flattens a YAML tree into dotted keys. Maps under a map option stay whole: the caller
// stops descending when the prefix names a map option.
void Flatten(const YAML::Node& node, const std::string& prefix,
             const std::function<bool(const std::string&)>& is_map_option,
             std::vector<std::pair<std::string, YAML::Node>>* out) {
  if (node.IsMap() && !is_map_option(prefix)) {
    for (const auto& entry : node) {
      std::string key = entry.first.as<std::string>();
      Flatten(entry.second, prefix.empty() ? key : prefix + "." + key, is_map_option, out);
    }
    return;
  }
  out->emplace_back(prefix, node);
}

}  // namespace

Environment ProcessEnvironment() {
  Environment env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    size_t eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
  }
  return env;
}

std::string_view NewsflowVersion() { return "0.1.0"; }

ConfigSchema::ConfigSchema(std::string program, std::string description)
    : program_(std::move(program)), description_(std::move(description)) {}

void ConfigSchema::AddString(std::string key, std::string* target, std::string help) {
  options_.push_back({std::move(key), Kind::kString, std::move(help), *target, target});
}

void ConfigSchema::AddInt(std::string key, int64_t* target, std::string help, int64_t min_value,
                          int64_t max_value) {
  options_.push_back({std::move(key), Kind::kInt, std::move(help), std::to_string(*target), target,
                      min_value, max_value});
}

void ConfigSchema::AddBool(std::string key, bool* target, std::string help) {
  options_.push_back(
      {std::move(key), Kind::kBool, std::move(help), *target ? "true" : "false", target});
}

void ConfigSchema::AddStringMap(std::string key, std::map<std::string, std::string>* target,
                                std::string help) {
  options_.push_back({std::move(key), Kind::kStringMap, std::move(help), "{}", target});
}

const ConfigSchema::Option* ConfigSchema::Find(std::string_view key, std::string* sub_key) const {
  for (const Option& option : options_) {
    if (option.key == key) return &option;
    if (option.kind == Kind::kStringMap && key.size() > option.key.size() + 1 &&
        key.substr(0, option.key.size()) == option.key && key[option.key.size()] == '.') {
      *sub_key = std::string(key.substr(option.key.size() + 1));
      return &option;
    }
  }
  return nullptr;
}

absl::Status ConfigSchema::Set(const Option& option, std::string_view sub_key,
                               std::string_view value, std::string_view origin) {
  auto fail = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {} (from {}, got \"{}\")", option.key, why, origin, value));
  };
  switch (option.kind) {
    case Kind::kString:
      *static_cast<std::string*>(option.target) = std::string(value);
      return absl::OkStatus();
    case Kind::kInt: {
      int64_t parsed = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (ec != std::errc() || end != value.data() + value.size()) return fail("not an integer");
      if (parsed < option.min_value || parsed > option.max_value) {
        return fail(fmt::format("must be between {} and {}", option.min_value, option.max_value));
      }
      *static_cast<int64_t*>(option.target) = parsed;
      return absl::OkStatus();
    }
    case Kind::kBool: {
      std::string lower = absl::AsciiStrToLower(absl::string_view(value.data(), value.size()));
      if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") {
        *static_cast<bool*>(option.target) = true;
      } else if (lower == "false" || lower == "0" || lower == "no" || lower == "off") {
        *static_cast<bool*>(option.target) = false;
      } else {
        return fail("not a boolean (true/false)");
      }
      return absl::OkStatus();
    }
    case Kind::kStringMap:
      if (sub_key.empty()) return fail("needs a sub-key, e.g. " + option.key + ".some.property");
      (*static_cast<std::map<std::string, std::string>*>(option.target))[std::string(sub_key)] =
          std::string(value);
      return absl::OkStatus();
  }
  return absl::InternalError("unreachable option kind");
}

absl::Status ConfigSchema::LoadYaml(const std::string& path, std::vector<std::string>* errors) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(fmt::format("config file {}: {}", path, e.what()));
  }
  if (root.IsNull()) return absl::OkStatus();
  if (!root.IsMap()) {
    return absl::InvalidArgumentError(fmt::format("config file {}: top level must be a map", path));
  }
  std::vector<std::pair<std::string, YAML::Node>> entries;
  auto is_map_option = [this](const std::string& key) {
    std::string sub;
    const Option* option = Find(key, &sub);
    return option != nullptr && option->kind == Kind::kStringMap && sub.empty();
  };
  try {
    Flatten(root, "", is_map_option, &entries);
    for (const auto& [key, node] : entries) {
      std::string sub_key;
      const Option* option = Find(key, &sub_key);
      if (option == nullptr) {
        errors->push_back(fmt::format("{}: unknown key (in {})", key, path));
        continue;
      }
      if (option->kind == Kind::kStringMap && sub_key.empty()) {
        if (!node.IsMap()) {
          errors->push_back(fmt::format("{}: must be a map (in {})", key, path));
          continue;
        }
        for (const auto& entry : node) {
          absl::Status status =
              Set(*option, entry.first.as<std::string>(), entry.second.as<std::string>(), path);
          if (!status.ok()) errors->push_back(std::string(status.message()));
        }
        continue;
      }
      if (!node.IsScalar()) {
        errors->push_back(fmt::format("{}: must be a single value (in {})", key, path));
        continue;
      }
      absl::Status status = Set(*option, sub_key, node.as<std::string>(), path);
      if (!status.ok()) errors->push_back(std::string(status.message()));
    }
  } catch (const YAML::Exception& e) {
    errors->push_back(fmt::format("config file {}: {}", path, e.what()));
  }
  return absl::OkStatus();
}

// Flags are parsed here rather than with a flags library because options are declared at run
// time, map options take arbitrary sub-keys (--kafka.properties.sasl.mechanism) and the same
// schema drives the YAML and environment layers and the --help text.
absl::Status ConfigSchema::Load(const std::vector<std::string>& args, const Environment& env,
                                std::string* out, bool* exit_requested) {
  *exit_requested = false;
  std::vector<std::string> errors;
  std::string config_path;
  if (auto it = env.find("NEWSFLOW_CONFIG"); it != env.end()) config_path = it->second;

  std::vector<std::pair<std::string, std::string>> flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      *out = HelpText();
      *exit_requested = true;
      return absl::OkStatus();
    }
    if (arg == "--version") {
      *out = fmt::format("{} {}\n", program_, NewsflowVersion());
      *exit_requested = true;
      return absl::OkStatus();
    }
    if (arg.rfind("--", 0) != 0) {
      errors.push_back(fmt::format("unexpected argument \"{}\"", arg));
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
      value = args[++i];
    } else {
      std::string sub;
      const Option* option = Find(name, &sub);
      if (option != nullptr && option->kind == Kind::kBool) {
        value = "true";
      } else {
        errors.push_back(fmt::format("--{}: missing value", name));
        continue;
      }
    }
    if (name == "config") {
      config_path = value;
    } else {
      flags.emplace_back(name, value);
    }
  }

  if (!config_path.empty()) {
    absl::Status status = LoadYaml(config_path, &errors);
    if (!status.ok()) errors.push_back(std::string(status.message()));
  }
  for (const Option& option : options_) {
    std::string env_name = EnvNameFor(option.key);
    if (option.kind == Kind::kStringMap) {
      std::string prefix = env_name + "__";
      for (const auto& [name, value] : env) {
        if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size()) continue;
        std::string sub = absl::AsciiStrToLower(name.substr(prefix.size()));
        std::replace(sub.begin(), sub.end(), '_', '.');
        absl::Status status = Set(option, sub, value, name);
        if (!status.ok()) errors.push_back(std::string(status.message()));
      }
      continue;
    }
    if (auto it = env.find(env_name); it != env.end()) {
      absl::Status status = Set(option, "", it->second, env_name);
      if (!status.ok()) errors.push_back(std::string(status.message()));
    }
  }
  for (const auto& [name, value] : flags) {
    std::string sub_key;
    const Option* option = Find(name, &sub_key);
    if (option == nullptr) {
      errors.push_back(fmt::format("--{}: unknown option (see --help)", name));
      continue;
    }
    absl::Status status = Set(*option, sub_key, value, "--" + name);
    if (!status.ok()) errors.push_back(std::string(status.message()));
  }
  if (!errors.empty()) {
    return absl::InvalidArgumentError(
        fmt::format("invalid configuration:\n  {}", fmt::join(errors, "\n  ")));
  }
  return absl::OkStatus();
}

std::string ConfigSchema::HelpText() const {
  std::string text = fmt::format("{} {}: {}\n\nUsage: {} [--config FILE] [--KEY=VALUE ...]\n\n",
                                 program_, NewsflowVersion(), description_, program_);
  text +=
      "Precedence: flag > environment > YAML file (--config or NEWSFLOW_CONFIG) > default.\n\n"
      "Options:\n";
  for (const Option& option : options_) {
    std::string flag = option.kind == Kind::kStringMap ? "--" + option.key + ".NAME=VALUE"
                                                       : "--" + option.key + "=VALUE";
    std::string env = option.kind == Kind::kStringMap ? EnvNameFor(option.key) + "__NAME"
                                                      : EnvNameFor(option.key);
    text += fmt::format("  {}\n      {}\n      default: {}   env: {}\n", flag, option.help,
                        option.default_text.empty() ? "\"\"" : option.default_text, env);
  }
  text += "  --config=FILE\n      YAML file with the options above, nested by their dots.\n";
  text += "  --help, --version\n";
  return text;
}

std::vector<std::string> ConfigSchema::Describe() const {
  std::vector<std::string> lines;
  for (const Option& option : options_) {
    switch (option.kind) {
      case Kind::kString: {
        const std::string& value = *static_cast<const std::string*>(option.target);
        lines.push_back(option.key + "=" +
                        (LooksSecret(option.key) && !value.empty() ? "***" : value));
        break;
      }
      case Kind::kInt:
        lines.push_back(option.key + "=" + std::to_string(*static_cast<int64_t*>(option.target)));
        break;
      case Kind::kBool:
        lines.push_back(option.key + "=" + (*static_cast<bool*>(option.target) ? "true" : "false"));
        break;
      case Kind::kStringMap:
        for (const auto& [sub, value] :
             *static_cast<const std::map<std::string, std::string>*>(option.target)) {
          std::string key = option.key + "." + sub;
          lines.push_back(key + "=" + (LooksSecret(key) ? "***" : value));
        }
        break;
    }
  }
  return lines;
}

}  // namespace newsflow::common
