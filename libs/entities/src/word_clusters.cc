#include "word_clusters.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include <absl/status/status.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>

#include "text_util.h"

namespace newsflow::entities::internal {
namespace {

constexpr std::string_view kHeader = "# newsflow word clusters v1";

constexpr std::string_view kVectorsMagic = "NFWRDVEC";
constexpr uint32_t kVectorsVersion = 1;
constexpr uint32_t kMaxVectorDims = 256;

uint32_t ReadLe32(std::string_view bytes) {
  uint32_t value = 0;
  for (size_t b = 0; b < 4; ++b) {
    value |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[b])) << (8 * b);
  }
  return value;
}

absl::Status LineError(std::string_view name, size_t line_number, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("entities: word clusters ", std::string(name), ":",
                                                 line_number, ": ", std::string(what)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<WordClusters>> WordClusters::Parse(std::string_view text,
                                                                  std::string_view name) {
  std::unique_ptr<WordClusters> clusters(new WordClusters());
  // One word per line: sized once instead of rehashing as it grows.
  const auto lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  clusters->index_.reserve(lines);
  clusters->clusters_.reserve(lines);
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
    const auto index = static_cast<uint32_t>(clusters->clusters_.size());
    if (!clusters->index_.emplace(std::string(word), index).second) {
      return LineError(name, line_number, absl::StrCat("word '", std::string(word), "' twice"));
    }
    clusters->clusters_.push_back(static_cast<uint16_t>(id));
  }
  if (line_number == 0)
    return LineError(name, 1, absl::StrCat("expected \"", std::string(kHeader), "\""));
  return clusters;
}

absl::Status WordClusters::ParseVectors(std::string_view bytes, std::string_view name) {
  auto error = [&](std::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("entities: word vectors ", std::string(name), ": ", std::string(what)));
  };
  constexpr size_t kHeaderBytes = kVectorsMagic.size() + 3 * sizeof(uint32_t);
  constexpr size_t kChecksumBytes = sizeof(uint64_t);
  if (bytes.size() < kHeaderBytes + kChecksumBytes) return error("truncated header");
  if (bytes.substr(0, kVectorsMagic.size()) != kVectorsMagic) return error("bad magic");
  const uint32_t version = ReadLe32(bytes.substr(kVectorsMagic.size()));
  if (version != kVectorsVersion) {
    return error(absl::StrCat("unsupported format version ", version));
  }
  const uint32_t words = ReadLe32(bytes.substr(kVectorsMagic.size() + 4));
  const uint32_t dims = ReadLe32(bytes.substr(kVectorsMagic.size() + 8));
  if (dims == 0 || dims > kMaxVectorDims) {
    return error(absl::StrCat("dimensions ", dims, " outside [1, ", kMaxVectorDims, "]"));
  }
  if (words != size()) {
    return error(absl::StrCat(words, " vectors for ", size(), " words of the clusters"));
  }
  const size_t body = static_cast<size_t>(words) * dims;
  if (bytes.size() != kHeaderBytes + body + kChecksumBytes) {
    return error(
        absl::StrCat(bytes.size(), " bytes, expected ", kHeaderBytes + body + kChecksumBytes));
  }
  const std::string_view checked = bytes.substr(0, kHeaderBytes + body);
  uint64_t stored = 0;
  for (size_t b = 0; b < kChecksumBytes; ++b) {
    stored |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[checked.size() + b]))
              << (8 * b);
  }
  if (stored != Fnv1a64(checked)) return error("checksum mismatch");
  vectors_.resize(body);
  std::memcpy(vectors_.data(), bytes.data() + kHeaderBytes, body);
  vector_dims_ = dims;
  return absl::OkStatus();
}

absl::Status WordClusters::LoadVectors(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("entities: cannot read word vectors ", path));
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return ParseVectors(bytes.str(), path);
}

absl::StatusOr<std::unique_ptr<WordClusters>> WordClusters::Load(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("entities: cannot read word clusters ", path));
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return Parse(bytes.str(), path);
}

}  // namespace newsflow::entities::internal
