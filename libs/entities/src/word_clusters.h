#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/status/status.h>
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

  /// What IndexOf() returns for a word not in the file.
  static constexpr uint32_t kNoWord = UINT32_MAX;

  /// The line order (0-based, among the word lines) of a normalized word, or kNoWord.
  uint32_t IndexOf(std::string_view word) const {
    auto it = index_.find(absl::string_view(word.data(), word.size()));
    return it == index_.end() ? kNoWord : it->second;
  }
  /// The finest cluster id of the word at `index` (kUnknown for kNoWord).
  uint32_t ClusterOf(uint32_t index) const {
    return index == kNoWord ? kUnknown : clusters_[index];
  }
  /// The finest cluster id of a normalized word, or kUnknown.
  uint32_t Find(std::string_view word) const { return ClusterOf(IndexOf(word)); }
  size_t size() const { return clusters_.size(); }

  /// Attaches the word vectors of data/entities/en.vectors.bin (written with the clusters by
  /// scripts/make_word_clusters.sh): magic "NFWRDVEC", format version (uint32, 1), word count
  /// and dimensions (uint32), then one int8 vector per word in the order of the clusters
  /// file's lines, then an FNV-1a 64 checksum of everything before it (all little-endian).
  /// INVALID_ARGUMENT naming `name` on a bad magic or version, a truncated or oversized file, a
  /// checksum mismatch, dimensions outside [1, 256] or a word count other than size().
  absl::Status ParseVectors(std::string_view bytes, std::string_view name);
  /// NOT_FOUND when `path` cannot be read; otherwise as ParseVectors().
  absl::Status LoadVectors(const std::string& path);

  /// The vector's dimensions, 0 while none are attached.
  uint32_t vector_dims() const { return vector_dims_; }
  /// The vector of the word at `index`: vector_dims() values, or null for kNoWord or when no
  /// vectors are attached.
  const int8_t* VectorOf(uint32_t index) const {
    if (index == kNoWord || vector_dims_ == 0) return nullptr;
    return &vectors_[static_cast<size_t>(index) * vector_dims_];
  }

 private:
  WordClusters() = default;
  absl::flat_hash_map<std::string, uint32_t> index_;
  std::vector<uint16_t> clusters_;  ///< by line order
  uint32_t vector_dims_ = 0;
  std::vector<int8_t> vectors_;  ///< index * vector_dims_ + dimension
};

}  // namespace newsflow::entities::internal
