#include "push_checkpoint.h"

#include <fstream>

#include <nlohmann/json.hpp>

namespace newsflow::cli {

std::set<std::string> ReadCheckpoint(const std::string& path) {
  std::set<std::string> labels;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (entry.is_object() && entry.contains("label") && entry["label"].is_string()) {
      labels.insert(entry["label"].get<std::string>());
    }
  }
  return labels;
}

}  // namespace newsflow::cli
