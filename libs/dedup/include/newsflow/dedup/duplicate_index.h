#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace newsflow::dedup {

enum class Verdict {
  kNew,         ///< never seen: publish
  kNewVersion,  ///< same article_id, different content hash: publish
  kDuplicate,   ///< same article_id and content hash already published: do not publish
  kInFlight,    ///< same article_id and content hash being published right now
};

struct CheckResult {
  Verdict verdict = Verdict::kNew;
  /// article_id of an earlier article under another URL whose SimHash is within the
  /// near-duplicate distance, or empty.
  std::string near_duplicate_of;
};

struct DuplicateIndexOptions {
  /// Articles remembered (least recently published are forgotten first).
  size_t capacity = 1'000'000;
  /// SimHash Hamming distance at or below which two texts are near-duplicates.
  int near_duplicate_distance = 3;
};

/// Remembers recently published articles in memory to answer duplicates and mark
/// near-duplicates. Per process: with several ingest replicas a duplicate that reaches another
/// replica is published again with the same key (consumers and compaction absorb it).
/// Usage: Begin() before publishing; then Commit() after the broker's ack, or Abort() on failure.
/// Thread-safe.
class DuplicateIndex {
 public:
  explicit DuplicateIndex(const DuplicateIndexOptions& options = {});
  ~DuplicateIndex();
  DuplicateIndex(const DuplicateIndex&) = delete;
  DuplicateIndex& operator=(const DuplicateIndex&) = delete;

  CheckResult Begin(std::string_view article_id, std::string_view content_hash, uint64_t simhash);
  void Commit(std::string_view article_id, std::string_view content_hash, uint64_t simhash);
  void Abort(std::string_view article_id, std::string_view content_hash);
  size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsflow::dedup
