#include "newsflow/dedup/hashing.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace newsflow::dedup {
namespace {

constexpr int kShingleSize = 4;

// SplitMix64's finalizer (Steele, Lea, Flood: "Fast splittable pseudorandom number
// generators"): a few multiply/xor-shift rounds with full avalanche, so every input bit flips
// each output bit with probability close to 1/2, which is what SimHash's per-bit voting needs.
// Written inline because it runs for every shingle of every article and a cryptographic hash
// would be far slower for no benefit here.
constexpr uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}

// Hash of up to four code points (21 bits each). Three fit exactly into one 64-bit word; the
// fourth is mixed in after a first avalanche round.
uint64_t ShingleHash(const std::array<UChar32, kShingleSize>& window, int count) {
  uint64_t packed = 0;
  for (int i = 0; i < count && i < 3; ++i) {
    packed |= static_cast<uint64_t>(window[i]) << (21 * i);
  }
  uint64_t h = Mix64(packed + 0x9E3779B97F4A7C15ULL);
  const uint64_t last = count == kShingleSize ? static_cast<uint64_t>(window[3]) : 0;
  return Mix64(h ^ (last + (static_cast<uint64_t>(count) << 32)));
}

// kSpread[b] holds bit i of b in byte i, so adding it to a word of eight byte-sized counters
// counts eight bits at once.
constexpr std::array<uint64_t, 256> kSpread = [] {
  std::array<uint64_t, 256> table{};
  for (int b = 0; b < 256; ++b) {
    for (int i = 0; i < 8; ++i) {
      if ((b >> i) & 1) table[b] |= uint64_t{1} << (8 * i);
    }
  }
  return table;
}();

// Per-bit majority vote over shingle hashes. Counting with eight 8-bit lanes per word, flushed
// before a lane can overflow, does 8 additions per shingle instead of 64.
class BitVoter {
 public:
  void Add(uint64_t hash) {
    for (int k = 0; k < 8; ++k) lanes_[k] += kSpread[(hash >> (8 * k)) & 0xFF];
    ++total_;
    if (++pending_ == 255) Flush();
  }

  /// Bits set in more than half of the added hashes.
  uint64_t Majority() {
    Flush();
    uint64_t result = 0;
    for (int bit = 0; bit < 64; ++bit) {
      if (2 * ones_[bit] > total_) result |= uint64_t{1} << bit;
    }
    return result;
  }

  bool empty() const { return total_ == 0; }

 private:
  void Flush() {
    for (int k = 0; k < 8; ++k) {
      for (int j = 0; j < 8; ++j) ones_[8 * k + j] += (lanes_[k] >> (8 * j)) & 0xFF;
      lanes_[k] = 0;
    }
    pending_ = 0;
  }

  std::array<uint64_t, 8> lanes_{};
  std::array<uint64_t, 64> ones_{};
  uint64_t total_ = 0;
  int pending_ = 0;
};

// Kana and CJK unified ideographs (letters, assigned, no case folding): most of the code
// points of Japanese and Chinese text, kept without ICU property lookups. The unit tests check
// these ranges against ICU.
bool IsCommonCjkLetter(UChar32 c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x3096) ||
         (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC;
}

bool IsIgnored(UChar32 c) {
  if (c < 0x80) {
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  }
  if (u_isUWhiteSpace(c) || u_ispunct(c)) return true;
  const int8_t type = u_charType(c);
  return type == U_CONTROL_CHAR || type == U_FORMAT_CHAR || type == U_UNASSIGNED || c == 0xFFFD;
}

}  // namespace

std::array<uint8_t, 32> Sha256(std::string_view data) {
  std::array<uint8_t, 32> digest{};
  unsigned int length = 0;
  const int ok =
      EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  assert(ok == 1 && length == digest.size());
  (void)ok;
  return digest;
}

std::string ToHex(const uint8_t* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 0xF];
  }
  return hex;
}

std::string ContentHash(std::string_view text) {
  const std::array<uint8_t, 32> digest = Sha256(text);
  return ToHex(digest.data(), digest.size());
}

uint64_t SimHash(std::string_view utf8_text) {
  // Each shingle votes on every bit; a bit of the result is set when most shingles have it.
  // Shingles are character 4-grams, so no word segmentation is needed for CJK.
  BitVoter voter;
  std::array<UChar32, kShingleSize> window{};
  int filled = 0;

  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8_text.data());
  const int64_t length = static_cast<int64_t>(utf8_text.size());
  int64_t i = 0;
  while (i < length) {
    UChar32 c;
    if (bytes[i] < 0x80) {
      c = bytes[i++];
    } else {
      // U8_NEXT takes int32_t offsets: decode from a window that starts at `i`.
      int32_t offset = 0;
      const int32_t remaining = static_cast<int32_t>(std::min<int64_t>(length - i, 4));
      U8_NEXT(bytes + i, offset, remaining, c);
      i += offset;
      if (c < 0) continue;
    }
    if (!IsCommonCjkLetter(c)) {
      if (IsIgnored(c)) continue;
      c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
    }
    if (filled < kShingleSize) {
      window[filled++] = c;
    } else {
      window = {window[1], window[2], window[3], c};
    }
    if (filled == kShingleSize) voter.Add(ShingleHash(window, kShingleSize));
  }
  if (voter.empty()) {
    if (filled == 0) return 0;
    voter.Add(ShingleHash(window, filled));  // text shorter than one shingle
  }
  return voter.Majority();
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

}  // namespace newsflow::dedup
