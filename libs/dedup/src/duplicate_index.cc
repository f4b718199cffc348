#include "newsflow/dedup/duplicate_index.h"

#include <array>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "newsflow/dedup/hashing.h"

namespace newsflow::dedup {
namespace {

// SimHash band index: the 64 bits are cut into kBands blocks of 16 bits. Two hashes within
// Hamming distance 3 differ in at most 3 blocks, so they agree exactly on at least one of the
// 4; looking up the 4 blocks of a new hash finds every candidate without scanning the index.
// Distances above kBands - 1 would need more, narrower bands; they fall back to the same
// lookup and may then miss some pairs.
constexpr int kBands = 4;
constexpr int kBandBits = 16;

uint16_t BandValue(uint64_t simhash, int band) {
  return static_cast<uint16_t>(simhash >> (band * kBandBits));
}

std::string InFlightKey(std::string_view article_id, std::string_view content_hash) {
  std::string key;
  key.reserve(article_id.size() + 1 + content_hash.size());
  key.append(article_id).push_back('\0');
  key.append(content_hash);
  return key;
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Entry;
using EntryMap = std::unordered_map<std::string, Entry, StringHash, std::equal_to<>>;

struct Entry {
  std::string content_hash;
  uint64_t simhash = 0;
  // Position in the recency list; its element points back at this entry's map node (node
  // addresses of std::unordered_map are stable across rehashing).
  std::list<EntryMap::value_type*>::iterator lru;
};

}  // namespace

struct DuplicateIndex::Impl {
  explicit Impl(const DuplicateIndexOptions& opts) : options(opts) {
    for (auto& band : bands) band.resize(size_t{1} << kBandBits);
  }

  using Node = EntryMap::value_type;

  const DuplicateIndexOptions options;
  mutable std::mutex mutex;
  EntryMap entries;
  std::list<Node*> lru;  // most recently published first
  // bands[b][v]: committed articles whose block b equals v. The SimHash is stored beside the
  // node so that candidates are compared without touching the map nodes (cache misses).
  struct Slot {
    uint64_t simhash;
    Node* node;
  };
  std::array<std::vector<std::vector<Slot>>, kBands> bands;
  // InFlightKey(article_id, content_hash) of versions between Begin() and Commit()/Abort().
  std::unordered_set<std::string> in_flight;

  void AddToBands(Node* node) {
    const uint64_t simhash = node->second.simhash;
    for (int band = 0; band < kBands; ++band) {
      bands[band][BandValue(simhash, band)].push_back({simhash, node});
    }
  }

  void RemoveFromBands(Node* node) {
    for (int band = 0; band < kBands; ++band) {
      std::vector<Slot>& slots = bands[band][BandValue(node->second.simhash, band)];
      for (size_t i = 0; i < slots.size(); ++i) {
        if (slots[i].node == node) {
          slots[i] = slots.back();
          slots.pop_back();
          break;
        }
      }
    }
  }

  std::string FindNearDuplicate(std::string_view article_id, uint64_t simhash) const {
    // Empty or symbol-only texts all hash to 0: they are not similar to each other.
    if (simhash == 0) return "";
    const Node* best = nullptr;
    int best_distance = options.near_duplicate_distance + 1;
    for (int band = 0; band < kBands; ++band) {
      for (const Slot& slot : bands[band][BandValue(simhash, band)]) {
        const int distance = HammingDistance(slot.simhash, simhash);
        if (distance < best_distance && slot.node->first != article_id) {
          best_distance = distance;
          best = slot.node;
        }
      }
    }
    return best == nullptr ? "" : best->first;
  }

  void Evict() {
    while (entries.size() > options.capacity && !lru.empty()) {
      Node* oldest = lru.back();
      lru.pop_back();
      RemoveFromBands(oldest);
      entries.erase(oldest->first);
    }
  }
};

DuplicateIndex::DuplicateIndex(const DuplicateIndexOptions& options)
    : impl_(std::make_unique<Impl>(options)) {}

DuplicateIndex::~DuplicateIndex() = default;

CheckResult DuplicateIndex::Begin(std::string_view article_id, std::string_view content_hash,
                                  uint64_t simhash) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  std::string key = InFlightKey(article_id, content_hash);
  if (impl_->in_flight.count(key) != 0) return {.verdict = Verdict::kInFlight};

  auto it = impl_->entries.find(article_id);
  if (it != impl_->entries.end()) {
    if (it->second.content_hash == content_hash) {
      // Seen again: keep it among the most recent.
      impl_->lru.splice(impl_->lru.begin(), impl_->lru, it->second.lru);
      return {.verdict = Verdict::kDuplicate};
    }
    impl_->in_flight.insert(std::move(key));
    return {.verdict = Verdict::kNewVersion};
  }
  impl_->in_flight.insert(std::move(key));
  return {.verdict = Verdict::kNew,
          .near_duplicate_of = impl_->FindNearDuplicate(article_id, simhash)};
}

void DuplicateIndex::Commit(std::string_view article_id, std::string_view content_hash,
                            uint64_t simhash) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->in_flight.erase(InFlightKey(article_id, content_hash));

  auto it = impl_->entries.find(article_id);
  if (it == impl_->entries.end()) {
    it = impl_->entries.emplace(std::string(article_id), Entry{}).first;
    Impl::Node* node = &*it;
    impl_->lru.push_front(node);
    node->second.lru = impl_->lru.begin();
  } else {
    impl_->RemoveFromBands(&*it);
    impl_->lru.splice(impl_->lru.begin(), impl_->lru, it->second.lru);
  }
  it->second.content_hash = std::string(content_hash);
  it->second.simhash = simhash;
  impl_->AddToBands(&*it);
  impl_->Evict();
}

void DuplicateIndex::Abort(std::string_view article_id, std::string_view content_hash) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->in_flight.erase(InFlightKey(article_id, content_hash));
}

size_t DuplicateIndex::size() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->entries.size();
}

}  // namespace newsflow::dedup
