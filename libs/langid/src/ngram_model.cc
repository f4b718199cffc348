#include "ngram_model.h"

#include <algorithm>
#include <cstring>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

// The model file linked into the library as read-only data (see ngram_model_data.cc).
extern "C" const char newsflow_langid_model_begin[];
extern "C" const char newsflow_langid_model_end[];

namespace newsflow::langid::internal {
namespace {

constexpr uint32_t kFnvBasis = 0x811C9DC5u;
constexpr uint32_t kFnvPrime = 0x01000193u;
// Costs are stored as -log p in steps of 1/kQuant nat (scripts/train_langid.py: QUANT).
constexpr float kQuant = 16.0f;
// Only the first code points of long texts are read: a few hundred letters decide any language
// the model knows, and it keeps whole documents cheap.
constexpr size_t kMaxCodePoints = 1024;

uint32_t ReadU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;  // the format is little-endian, like every target we build for
}

uint16_t ReadU16(const char* p) {
  uint16_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

uint32_t MixSlot(uint32_t hash) {
  // The hashes are FNV-1a; one more multiply spreads their low bits over the table.
  return hash * 0x9E3779B1u;
}

}  // namespace

const NgramModel& NgramModel::Embedded() {
  static const NgramModel* const model = [] {
    const std::string_view bytes(
        newsflow_langid_model_begin,
        static_cast<size_t>(newsflow_langid_model_end - newsflow_langid_model_begin));
    std::unique_ptr<NgramModel> parsed = Parse(bytes);
    // A malformed embedded model is a build defect; an empty model keeps the detector working.
    return parsed ? parsed.release() : new NgramModel();
  }();
  return *model;
}

std::unique_ptr<NgramModel> NgramModel::Parse(std::string_view bytes) {
  constexpr size_t kHeader = 4 + 5 * 4;
  if (bytes.size() < kHeader || bytes.substr(0, 4) != "NFNG") return nullptr;
  const char* p = bytes.data() + 4;
  const uint32_t version = ReadU32(p);
  const uint32_t languages = ReadU32(p + 4);
  const uint32_t orders = ReadU32(p + 8);
  const uint32_t entries = ReadU32(p + 12);
  const uint32_t postings = ReadU32(p + 16);
  if (version != 1 || orders != kOrders || languages == 0 || languages > kMaxModelLanguages)
    return nullptr;
  const uint64_t size = kHeader + uint64_t{languages} * 4 + uint64_t{languages} * orders * 2 +
                        (uint64_t{entries} + 1) * 8 + uint64_t{postings} * 4;
  if (bytes.size() != size) return nullptr;

  auto model = std::make_unique<NgramModel>();
  p = bytes.data() + kHeader;
  for (uint32_t l = 0; l < languages; ++l, p += 4) {
    std::array<char, 5> code{};
    std::memcpy(code.data(), p, 4);
    model->codes_.push_back(code);
  }
  for (uint32_t l = 0; l < languages; ++l) {
    std::array<uint16_t, kOrders> floor{};
    for (int n = 0; n < kOrders; ++n, p += 2) floor[static_cast<size_t>(n)] = ReadU16(p);
    model->floors_.push_back(floor);
  }
  std::vector<Entry> sorted(entries + 1);
  for (uint32_t e = 0; e <= entries; ++e, p += 8) {
    sorted[e] = {ReadU32(p), ReadU32(p + 4)};
    if (sorted[e].first_posting > postings) return nullptr;
    if (e > 0 && sorted[e].first_posting <= sorted[e - 1].first_posting) return nullptr;
  }
  if (sorted[entries].first_posting != postings) return nullptr;
  model->postings_.resize(postings);
  for (uint32_t k = 0; k < postings; ++k, p += 4) {
    model->postings_[k] = {ReadU16(p), ReadU16(p + 2)};
    if (model->postings_[k].language >= languages) return nullptr;
  }

  // Open addressing at most half full: a lookup costs about one probe.
  uint32_t capacity = 1024;
  while (capacity < 2 * entries) capacity *= 2;
  model->slots_.assign(capacity, Slot{});
  model->slot_mask_ = capacity - 1;
  for (uint32_t e = 0; e < entries; ++e) {
    uint32_t slot = MixSlot(sorted[e].hash) & model->slot_mask_;
    while (model->slots_[slot].end_posting != 0) slot = (slot + 1) & model->slot_mask_;
    model->slots_[slot] = {sorted[e].hash, sorted[e].first_posting, sorted[e + 1].first_posting};
  }
  return model;
}

const NgramModel::Slot* NgramModel::Find(uint32_t hash) const {
  if (slots_.empty()) return nullptr;
  uint32_t slot = MixSlot(hash) & slot_mask_;
  while (slots_[slot].end_posting != 0) {
    if (slots_[slot].hash == hash) return &slots_[slot];
    slot = (slot + 1) & slot_mask_;
  }
  return nullptr;
}

int NgramModel::IndexOf(std::string_view code) const {
  for (size_t l = 0; l < codes_.size(); ++l) {
    if (code == codes_[l].data()) return static_cast<int>(l);
  }
  return -1;
}

NgramVerdict NgramModel::Classify(std::string_view utf8) const {
  NgramVerdict verdict;
  if (codes_.empty()) return verdict;

  // Lower-cased letters with every other run collapsed to one space, padded with spaces: the
  // normalization the trainer applies.
  UChar32 text[kMaxCodePoints + 2];
  size_t length = 0;
  text[length++] = ' ';
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t size = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < size && length < kMaxCodePoints) {
    UChar32 c;
    if (s[i] < 0x80) {
      c = s[i++];
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      if (c < 'a' || c > 'z') c = ' ';
    } else {
      U8_NEXT(s, i, size, c);
      c = c >= 0 && u_isalpha(c) ? u_tolower(c) : ' ';
    }
    if (c == ' ' && text[length - 1] == ' ') continue;
    text[length++] = c;
  }
  if (text[length - 1] != ' ') text[length++] = ' ';

  // Costs in 1/kQuant nat. A known n-gram that a language lacks costs that language its floor
  // (the cost of its rarest kept n-gram of that order); unknown n-grams say nothing.
  const size_t languages = codes_.size();
  std::array<int32_t, kMaxModelLanguages>& cost = verdict.cost;
  std::array<uint32_t, kOrders> matched{};
  for (size_t start = 0; start < length; ++start) {
    uint32_t hash = kFnvBasis;
    for (size_t n = 0; n < kOrders && start + n < length; ++n) {
      hash = (hash ^ static_cast<uint32_t>(text[start + n])) * kFnvPrime;
      // Single letters are weak evidence and a quarter of the lookups: only 2- to 4-grams count.
      if (n == 0) continue;
      const Slot* entry = Find(hash);
      if (entry == nullptr) continue;
      ++matched[n];
      for (uint32_t k = entry->first_posting; k < entry->end_posting; ++k) {
        const Posting& posting = postings_[k];
        cost[posting.language] +=
            static_cast<int32_t>(posting.cost) - static_cast<int32_t>(floors_[posting.language][n]);
      }
    }
  }
  for (size_t n = 0; n < kOrders; ++n) verdict.known_grams += matched[n];
  if (verdict.known_grams == 0) return verdict;
  for (size_t l = 0; l < languages; ++l) {
    for (size_t n = 0; n < kOrders; ++n) {
      cost[l] += static_cast<int32_t>(matched[n] * floors_[l][n]);
    }
    if (verdict.best < 0 || cost[l] < cost[static_cast<size_t>(verdict.best)]) {
      verdict.second = verdict.best;
      verdict.best = static_cast<int>(l);
    } else if (verdict.second < 0 || cost[l] < cost[static_cast<size_t>(verdict.second)]) {
      verdict.second = static_cast<int>(l);
    }
  }
  if (verdict.second >= 0) verdict.margin = verdict.Gap(verdict.second);
  return verdict;
}

float NgramVerdict::Gap(int language) const {
  if (best < 0 || language < 0) return 0.0f;
  return static_cast<float>(cost[static_cast<size_t>(language)] - cost[static_cast<size_t>(best)]) /
         kQuant;
}

}  // namespace newsflow::langid::internal
