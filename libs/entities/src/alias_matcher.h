#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "newsflow/entities/alias_table.h"

#include "text_util.h"

namespace newsflow::entities::internal {

/// One occurrence of an alias in a text, in code points [begin, end).
struct AliasMatch {
  uint32_t begin = 0;
  uint32_t end = 0;
  const CanonicalEntity* entity = nullptr;  ///< owned by the matcher
  /// Every surface of the alias is an upper-case acronym ("UN", "AP"): match only upper case.
  bool acronym = false;
};

/// Finds every alias of an AliasTable in a text: a trie over the normalized aliases, walked
/// with each original code point normalized on its own, so matches map back to exact offsets
/// in the original text however NFKC changes lengths. Immutable; thread-safe.
class AliasMatcher {
 public:
  explicit AliasMatcher(const AliasTable& table);

  /// All matches (every start, every length), ordered by begin then end. Case and width are
  /// ignored here; callers apply script-specific boundary and case rules.
  std::vector<AliasMatch> FindAll(const CodePoints& cps) const;

 private:
  using EdgeMap = std::unordered_map<uint64_t, uint32_t>;
  uint32_t Child(uint32_t node, char32_t c) const;
  uint32_t AddChild(EdgeMap& edges, uint32_t node, char32_t c);
  /// Fills edge_slots_ from the edges the constructor built.
  void BuildEdgeSlots(const EdgeMap& edges);

  static constexpr uint32_t kNone = 0xFFFFFFFF;
  std::vector<CanonicalEntity> entities_;
  std::vector<uint32_t> terminal_;  ///< per node: index into entities_ or kNone
  std::vector<bool> acronym_;       ///< per node
  /// The trie's edges, (node << 32 | code point) -> child, as an open-addressing table with
  /// linear probing: a lookup (one per code point of every start position of a text) reads
  /// one slot, usually in one cache line, where a node-based map chased a bucket and a node.
  struct EdgeSlot {
    uint64_t key;  ///< kEmptyKey when free (no node is numbered kNone)
    uint32_t child;
  };
  static constexpr uint64_t kEmptyKey = ~uint64_t{0};
  std::vector<EdgeSlot> edge_slots_;
  uint32_t edge_shift_ = 64;  ///< slot = (key * multiplier) >> edge_shift_
};

}  // namespace newsflow::entities::internal
