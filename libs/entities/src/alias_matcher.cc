#include "alias_matcher.h"

#include <unordered_map>

namespace newsflow::entities::internal {
namespace {

uint64_t EdgeKey(uint32_t node, char32_t c) { return (static_cast<uint64_t>(node) << 32) | c; }

// Fibonacci hashing: the top bits of the key times 2^64 / golden ratio.
size_t SlotOf(uint64_t key, uint32_t shift) {
  return static_cast<size_t>((key * 0x9e3779b97f4a7c15ULL) >> shift);
}

// Short all-capital Latin surfaces ("UN", "AP", "NATO") collide with ordinary words once case
// is folded ("un", "ap"), so they only match upper-case text.
bool IsAcronym(std::string_view surface) {
  int letters = 0;
  for (char c : surface) {
    if (c >= 'a' && c <= 'z') return false;
    if (static_cast<unsigned char>(c) >= 0x80) return false;
    if (c >= 'A' && c <= 'Z') ++letters;
  }
  return letters >= 1 && surface.size() <= 6;
}

}  // namespace

AliasMatcher::AliasMatcher(const AliasTable& table) {
  terminal_.push_back(kNone);  // root
  acronym_.push_back(false);
  std::unordered_map<std::string, uint32_t> entity_index;
  std::vector<bool> seen;  // per node: a surface ended here before
  EdgeMap edges;
  table.ForEachAlias(
      [&](std::string_view key, std::string_view surface, const CanonicalEntity& entity) {
        auto [it, inserted] =
            entity_index.try_emplace(entity.entity_id, static_cast<uint32_t>(entities_.size()));
        if (inserted) entities_.push_back(entity);
        const CodePoints cps = DecodeUtf8(key);
        uint32_t node = 0;
        for (char32_t c : cps.chars) node = AddChild(edges, node, c);
        seen.resize(terminal_.size(), false);
        const bool acronym = IsAcronym(surface);
        acronym_[node] = seen[node] ? acronym_[node] && acronym : acronym;
        seen[node] = true;
        terminal_[node] = it->second;
      });
  BuildEdgeSlots(edges);
}

void AliasMatcher::BuildEdgeSlots(const EdgeMap& edges) {
  // At most half full, so probe runs stay short.
  uint32_t bits = 4;
  while ((size_t{1} << bits) < 2 * edges.size()) ++bits;
  edge_shift_ = 64 - bits;
  edge_slots_.assign(size_t{1} << bits, EdgeSlot{kEmptyKey, kNone});
  const size_t mask = edge_slots_.size() - 1;
  for (const auto& [key, child] : edges) {
    size_t slot = SlotOf(key, edge_shift_);
    while (edge_slots_[slot].key != kEmptyKey) slot = (slot + 1) & mask;
    edge_slots_[slot] = {key, child};
  }
}

uint32_t AliasMatcher::Child(uint32_t node, char32_t c) const {
  const uint64_t key = EdgeKey(node, c);
  const size_t mask = edge_slots_.size() - 1;
  for (size_t slot = SlotOf(key, edge_shift_);; slot = (slot + 1) & mask) {
    const EdgeSlot& entry = edge_slots_[slot];
    if (entry.key == key) return entry.child;
    if (entry.key == kEmptyKey) return kNone;
  }
}

uint32_t AliasMatcher::AddChild(EdgeMap& edges, uint32_t node, char32_t c) {
  auto [it, inserted] =
      edges.try_emplace(EdgeKey(node, c), static_cast<uint32_t>(terminal_.size()));
  if (inserted) {
    terminal_.push_back(kNone);
    acronym_.push_back(false);
  }
  return it->second;
}

std::vector<AliasMatch> AliasMatcher::FindAll(const CodePoints& cps) const {
  std::vector<AliasMatch> matches;
  const size_t n = cps.size();
  // Normalize each code point once; white space runs become one ' ' (as in the keys).
  std::vector<std::u32string> normalized(n);
  for (size_t i = 0; i < n; ++i) {
    if (ScriptOf(cps.chars[i]) == Script::kSpace) {
      if (i == 0 || ScriptOf(cps.chars[i - 1]) != Script::kSpace) normalized[i].push_back(U' ');
      continue;
    }
    NormalizeCodePoint(cps.chars[i], normalized[i]);
  }
  for (size_t begin = 0; begin < n; ++begin) {
    if (normalized[begin].empty() || normalized[begin][0] == U' ') continue;
    uint32_t node = 0;
    for (size_t end = begin; end < n && node != kNone; ++end) {
      for (char32_t c : normalized[end]) {
        node = Child(node, c);
        if (node == kNone) break;
      }
      if (node != kNone && terminal_[node] != kNone && !normalized[end].empty() &&
          normalized[end][0] != U' ') {
        matches.push_back(AliasMatch{.begin = static_cast<uint32_t>(begin),
                                     .end = static_cast<uint32_t>(end + 1),
                                     .entity = &entities_[terminal_[node]],
                                     .acronym = acronym_[node]});
      }
    }
  }
  return matches;
}

}  // namespace newsflow::entities::internal
