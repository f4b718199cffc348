#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <absl/container/flat_hash_map.h>
#include <absl/status/statusor.h>

namespace newsflow::entities::internal {

/// English word clusters derived from pretrained word embeddings (data/entities/en.clusters.tsv,
/// written by scripts/make_word_clusters.sh): each known word has a cluster id in [0, 1024),
/// nested so that id >> 2 is its cluster among 256 and id >> 4 among 64. Words are keyed as the
/// English features normalize them (ASCII lower case, every digit 0). Immutable; thread-safe.
class WordClusters {
 public:
  static constexpr uint32_t kClusters = 1024;
  /// What Find() returns for a word without a cluster.
  static constexpr uint32_t kUnknown = kClusters;

  /// Parses the file's text: the line "# newsflow word clusters v1", then "#" comment lines,
  /// then one "word<TAB>id" line per word. INVALID_ARGUMENT naming `name` and the line on a
  /// missing header, a malformed line, an id out of range or a word given twice.
  static absl::StatusOr<std::unique_ptr<WordClusters>> Parse(std::string_view text,
                                                             std::string_view name);
  /// NOT_FOUND when `path` cannot be read; otherwise as Parse().
  static absl::StatusOr<std::unique_ptr<WordClusters>> Load(const std::string& path);

  /// The finest cluster id of a normalized word, or kUnknown.
  uint32_t Find(std::string_view word) const {
    auto it = ids_.find(absl::string_view(word.data(), word.size()));
    return it == ids_.end() ? kUnknown : it->second;
  }
  size_t size() const { return ids_.size(); }

 private:
  WordClusters() = default;
  absl::flat_hash_map<std::string, uint16_t> ids_;
};

}  // namespace newsflow::entities::internal
