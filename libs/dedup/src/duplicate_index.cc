#include "newsflow/dedup/duplicate_index.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

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

// 128 bits standing for an article id or a content hash. The index holds up to a million
// articles in the ingest's memory budget, so it keeps these instead of the strings: the hex
// digests the pipeline uses (article ids are 32 hex digits, content hashes 64) are stored as
// their first 16 bytes; any other text as the first 16 bytes of its SHA-256.
struct Fingerprint {
  uint64_t high = 0;
  uint64_t low = 0;
  bool operator==(const Fingerprint& other) const { return high == other.high && low == other.low; }
  template <typename H>
  friend H AbslHashValue(H state, const Fingerprint& fingerprint) {
    return H::combine(std::move(state), fingerprint.high, fingerprint.low);
  }
};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The 16 bytes spelled by the first 32 characters when they are lowercase hex digits.
std::optional<Fingerprint> HexPrefix(std::string_view text) {
  if (text.size() < 32) return std::nullopt;
  uint64_t words[2] = {0, 0};
  for (size_t i = 0; i < 32; ++i) {
    const int digit = HexDigit(text[i]);
    if (digit < 0) return std::nullopt;
    words[i / 16] = (words[i / 16] << 4) | static_cast<uint64_t>(digit);
  }
  return Fingerprint{words[0], words[1]};
}

Fingerprint HashedFingerprint(std::string_view text) {
  const std::array<uint8_t, 32> digest = Sha256(text);
  Fingerprint fingerprint;
  std::memcpy(&fingerprint.high, digest.data(), 8);
  std::memcpy(&fingerprint.low, digest.data() + 8, 8);
  return fingerprint;
}

// An article id of exactly 32 hex digits is rebuilt from its fingerprint; other ids keep their
// text beside the index (see Impl::other_ids).
bool IsHexId(std::string_view article_id) {
  return article_id.size() == 32 && HexPrefix(article_id).has_value();
}

Fingerprint IdFingerprint(std::string_view article_id) {
  return IsHexId(article_id) ? *HexPrefix(article_id) : HashedFingerprint(article_id);
}

Fingerprint ContentFingerprint(std::string_view content_hash) {
  // A content hash is a SHA-256 in hex: 128 of its bits identify it as well as all 256.
  if (content_hash.size() == 64) {
    if (std::optional<Fingerprint> prefix = HexPrefix(content_hash)) return *prefix;
  }
  return HashedFingerprint(content_hash);
}

std::string HexOf(const Fingerprint& fingerprint) {
  uint8_t bytes[16];
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<uint8_t>(fingerprint.high >> (56 - 8 * i));
    bytes[8 + i] = static_cast<uint8_t>(fingerprint.low >> (56 - 8 * i));
  }
  return ToHex(bytes, 16);
}

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
// Records reserved up front at most (192 MB of address space).
constexpr size_t kReservedRecords = size_t{4} << 20;

// One remembered article: 48 bytes, in a slab addressed by index (no pointers to keep valid).
struct Record {
  Fingerprint id;
  Fingerprint content;
  uint64_t simhash = 0;
  // Recency list, by record index: `newer` towards the most recently published.
  uint32_t newer = kNone;
  uint32_t older = kNone;
};

// A band's entry: the record and its full SimHash, so that candidates are compared without
// reading the records (cache misses). 12 bytes: 32-bit halves keep it unpadded.
struct Slot {
  uint32_t record;
  uint32_t simhash_low;
  uint32_t simhash_high;
  uint64_t simhash() const { return (uint64_t{simhash_high} << 32) | simhash_low; }
};

// The id index holds record numbers only (4 bytes a slot instead of 24 for a fingerprint and
// its number): hashing and comparing look the fingerprint up in the slab, and lookups by
// fingerprint go through the same functors (heterogeneous lookup).
struct RecordIdHash {
  using is_transparent = void;
  const std::vector<Record>* records;
  size_t operator()(const Fingerprint& id) const { return absl::HashOf(id); }
  size_t operator()(uint32_t index) const { return (*this)((*records)[index].id); }
};

struct RecordIdEq {
  using is_transparent = void;
  const std::vector<Record>* records;
  const Fingerprint& IdOf(const Fingerprint& id) const { return id; }
  const Fingerprint& IdOf(uint32_t index) const { return (*records)[index].id; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return IdOf(a) == IdOf(b);
  }
};

}  // namespace

struct DuplicateIndex::Impl {
  explicit Impl(const DuplicateIndexOptions& opts)
      : options(opts), by_id(0, RecordIdHash{&records}, RecordIdEq{&records}) {
    for (auto& band : bands) band.resize(size_t{1} << kBandBits);
    // Address space only (pages are touched as records are added): the slab never doubles
    // past the capacity nor copies itself while growing.
    records.reserve(std::min<size_t>(options.capacity, kReservedRecords) + 1);
  }

  const DuplicateIndexOptions options;
  mutable std::mutex mutex;
  std::vector<Record> records;
  std::vector<uint32_t> free_records;
  absl::flat_hash_set<uint32_t, RecordIdHash, RecordIdEq> by_id;
  // Text of the ids that are not 32 hex digits (none from the pipeline; tests and tools).
  absl::flat_hash_map<Fingerprint, std::string> other_ids;
  uint32_t newest = kNone;
  uint32_t oldest = kNone;
  // bands[b][v]: committed articles whose block b equals v.
  std::array<std::vector<std::vector<Slot>>, kBands> bands;
  // InFlightKey(article_id, content_hash) of versions between Begin() and Commit()/Abort().
  std::unordered_set<std::string> in_flight;

  std::string IdText(const Fingerprint& id) const {
    auto it = other_ids.find(id);
    return it != other_ids.end() ? it->second : HexOf(id);
  }

  void Unlink(uint32_t index) {
    Record& record = records[index];
    (record.newer == kNone ? newest : records[record.newer].older) = record.older;
    (record.older == kNone ? oldest : records[record.older].newer) = record.newer;
    record.newer = record.older = kNone;
  }

  void PushNewest(uint32_t index) {
    Record& record = records[index];
    record.newer = kNone;
    record.older = newest;
    if (newest != kNone) records[newest].newer = index;
    newest = index;
    if (oldest == kNone) oldest = index;
  }

  void AddToBands(uint32_t index) {
    const uint64_t simhash = records[index].simhash;
    for (int band = 0; band < kBands; ++band) {
      std::vector<Slot>& slots = bands[band][BandValue(simhash, band)];
      slots.push_back(
          {index, static_cast<uint32_t>(simhash), static_cast<uint32_t>(simhash >> 32)});
    }
  }

  void RemoveFromBands(uint32_t index) {
    for (int band = 0; band < kBands; ++band) {
      std::vector<Slot>& slots = bands[band][BandValue(records[index].simhash, band)];
      for (size_t i = 0; i < slots.size(); ++i) {
        if (slots[i].record == index) {
          slots[i] = slots.back();
          slots.pop_back();
          break;
        }
      }
      // A bucket emptied by eviction gives its memory back instead of keeping its peak size.
      if (slots.empty()) std::vector<Slot>().swap(slots);
    }
  }

  std::string FindNearDuplicate(const Fingerprint& article_id, uint64_t simhash) const {
    // Empty or symbol-only texts all hash to 0: they are not similar to each other.
    if (simhash == 0) return "";
    uint32_t best = kNone;
    int best_distance = options.near_duplicate_distance + 1;
    for (int band = 0; band < kBands; ++band) {
      for (const Slot& slot : bands[band][BandValue(simhash, band)]) {
        const int distance = HammingDistance(slot.simhash(), simhash);
        if (distance < best_distance && !(records[slot.record].id == article_id)) {
          best_distance = distance;
          best = slot.record;
        }
      }
    }
    return best == kNone ? "" : IdText(records[best].id);
  }

  uint32_t NewRecord() {
    if (!free_records.empty()) {
      const uint32_t index = free_records.back();
      free_records.pop_back();
      return index;
    }
    records.emplace_back();
    return static_cast<uint32_t>(records.size() - 1);
  }

  void Evict() {
    while (by_id.size() > options.capacity && oldest != kNone) {
      const uint32_t index = oldest;
      Unlink(index);
      RemoveFromBands(index);
      by_id.erase(index);
      other_ids.erase(records[index].id);
      records[index] = Record{};
      free_records.push_back(index);
    }
  }
};

DuplicateIndex::DuplicateIndex(const DuplicateIndexOptions& options)
    : impl_(std::make_unique<Impl>(options)) {}

DuplicateIndex::~DuplicateIndex() = default;

CheckResult DuplicateIndex::Begin(std::string_view article_id, std::string_view content_hash,
                                  uint64_t simhash) {
  const Fingerprint id = IdFingerprint(article_id);
  const Fingerprint content = ContentFingerprint(content_hash);
  std::lock_guard<std::mutex> lock(impl_->mutex);
  std::string key = InFlightKey(article_id, content_hash);
  if (impl_->in_flight.count(key) != 0) return {.verdict = Verdict::kInFlight};

  auto it = impl_->by_id.find(id);
  if (it != impl_->by_id.end()) {
    if (impl_->records[*it].content == content) {
      // Seen again: keep it among the most recent.
      impl_->Unlink(*it);
      impl_->PushNewest(*it);
      return {.verdict = Verdict::kDuplicate};
    }
    impl_->in_flight.insert(std::move(key));
    return {.verdict = Verdict::kNewVersion};
  }
  impl_->in_flight.insert(std::move(key));
  return {.verdict = Verdict::kNew, .near_duplicate_of = impl_->FindNearDuplicate(id, simhash)};
}

void DuplicateIndex::Commit(std::string_view article_id, std::string_view content_hash,
                            uint64_t simhash) {
  const Fingerprint id = IdFingerprint(article_id);
  const Fingerprint content = ContentFingerprint(content_hash);
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->in_flight.erase(InFlightKey(article_id, content_hash));

  auto it = impl_->by_id.find(id);
  uint32_t index = it == impl_->by_id.end() ? kNone : *it;
  if (index == kNone) {
    index = impl_->NewRecord();
    impl_->records[index].id = id;
    impl_->by_id.insert(index);
    if (!IsHexId(article_id)) impl_->other_ids.try_emplace(id, article_id);
  } else {
    impl_->RemoveFromBands(index);
    impl_->Unlink(index);
  }
  impl_->PushNewest(index);
  impl_->records[index].content = content;
  impl_->records[index].simhash = simhash;
  impl_->AddToBands(index);
  impl_->Evict();
}

void DuplicateIndex::Abort(std::string_view article_id, std::string_view content_hash) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->in_flight.erase(InFlightKey(article_id, content_hash));
}

size_t DuplicateIndex::size() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->by_id.size();
}

}  // namespace newsflow::dedup
