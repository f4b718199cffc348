#include "word_clusters.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <absl/status/status.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>

namespace newsflow::entities::internal {
namespace {

constexpr std::string_view kHeader = "# newsflow word clusters v1";

absl::Status LineError(std::string_view name, size_t line_number, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("entities: word clusters ", std::string(name), ":",
                                                 line_number, ": ", std::string(what)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<WordClusters>> WordClusters::Parse(std::string_view text,
                                                                  std::string_view name) {
  std::unique_ptr<WordClusters> clusters(new WordClusters());
  // One word per line: sized once instead of rehashing as it grows.
  clusters->ids_.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')));
  size_t line_number = 0;
  bool comments = true;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number == 1) {
      if (line != kHeader)
        return LineError(name, 1, absl::StrCat("expected \"", std::string(kHeader), "\""));
      continue;
    }
    if (comments && !line.empty() && line[0] == '#') continue;
    comments = false;
    const size_t tab = line.find('\t');
    if (tab == 0 || tab == std::string_view::npos) {
      return LineError(name, line_number, "expected word<TAB>cluster id");
    }
    const std::string_view word = line.substr(0, tab);
    const std::string_view id_text = line.substr(tab + 1);
    uint32_t id = 0;
    if (!absl::SimpleAtoi(absl::string_view(id_text.data(), id_text.size()), &id) ||
        id_text.empty() || id_text[0] < '0' || id_text[0] > '9' || id >= kClusters) {
      return LineError(name, line_number,
                       absl::StrCat("cluster id must be an integer below ", kClusters));
    }
    if (!clusters->ids_.emplace(std::string(word), static_cast<uint16_t>(id)).second) {
      return LineError(name, line_number, absl::StrCat("word '", std::string(word), "' twice"));
    }
  }
  if (line_number == 0)
    return LineError(name, 1, absl::StrCat("expected \"", std::string(kHeader), "\""));
  return clusters;
}

absl::StatusOr<std::unique_ptr<WordClusters>> WordClusters::Load(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("entities: cannot read word clusters ", path));
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return Parse(bytes.str(), path);
}

}  // namespace newsflow::entities::internal
