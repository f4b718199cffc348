#include "newsflow/dedup/hashing.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "shingle_hash.h"

namespace newsflow::dedup {
namespace {

using internal::kShingleSize;
using internal::ShingleHash;

// Per-bit majority vote over shingle hashes. The counts of the 64 bit positions are kept
// bit-sliced, as eight 64-bit planes (plane k holds bit k of every position's count), so adding
// hashes is word-wide adder logic, in registers, instead of 64 additions per hash; four hashes
// at a time go through a small carry-save tree (about 7 operations per hash). Flushed into plain
// counters before a count can exceed 255.
class BitVoter {
 public:
  void Add(uint64_t hash) {
    if (pending_ == kMaxPending) Flush();
    Ripple(hash, 0);
    ++total_;
    ++pending_;
  }

  void Add4(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    if (pending_ > kMaxPending - 4) Flush();
    const uint64_t twos_ab = FullAdd(planes_[0], a, b);
    const uint64_t twos_cd = FullAdd(planes_[0], c, d);
    const uint64_t fours = FullAdd(planes_[1], twos_ab, twos_cd);
    Ripple(fours, 2);
    total_ += 4;
    pending_ += 4;
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
  static constexpr int kMaxPending = 255;

  // plane += x + y (bitwise, one bit of weight 1 each); returns the carries (weight 2).
  static uint64_t FullAdd(uint64_t& plane, uint64_t x, uint64_t y) {
    const uint64_t partial = plane ^ x;
    const uint64_t carry = (plane & x) | (partial & y);
    plane = partial ^ y;
    return carry;
  }

  // Adds `carry` at weight 2^`from` to the planes.
  void Ripple(uint64_t carry, int from) {
    for (int k = from; k < 8; ++k) {
      const uint64_t next_carry = planes_[k] & carry;
      planes_[k] ^= carry;
      carry = next_carry;
    }
  }

  // Transposes the planes into the counters eight positions at a time: byte j of
  // kSpreadBits[b] is bit j of b, so summing the spread bytes of the eight planes, each at its
  // weight, gives the counts of eight positions in the eight bytes of one word (a count is at
  // most 255, so no byte carries into the next).
  void Flush() {
    for (int group = 0; group < 8; ++group) {
      uint64_t counts = 0;
      for (int k = 0; k < 8; ++k) {
        counts += kSpreadBits[(planes_[k] >> (8 * group)) & 0xFF] << k;
      }
      for (int j = 0; j < 8; ++j) ones_[8 * group + j] += (counts >> (8 * j)) & 0xFF;
    }
    planes_ = {};
    pending_ = 0;
  }

  static constexpr std::array<uint64_t, 256> kSpreadBits = [] {
    std::array<uint64_t, 256> table{};
    for (int b = 0; b < 256; ++b) {
      for (int j = 0; j < 8; ++j) table[b] |= static_cast<uint64_t>((b >> j) & 1) << (8 * j);
    }
    return table;
  }();

  std::array<uint64_t, 8> planes_{};
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

bool IsIgnored(UChar32 c);

// IsIgnored for the CJK symbols and kana block (U+3000..U+30FF) and the half- and full-width
// forms (U+FF00..U+FFFF), c in one of them: Japanese punctuation (、。「」（）) is most of what
// Japanese text has besides letters, and each cost several ICU property lookups. Filled from
// IsIgnored itself, so it answers the same.
bool IsIgnoredInCjkBlocks(UChar32 c) {
  static const std::array<uint64_t, 8> kIgnored = [] {
    std::array<uint64_t, 8> bits{};
    for (int k = 0; k < 512; ++k) {
      if (IsIgnored((k < 256 ? 0x3000 : 0xFF00) + (k & 0xFF))) {
        bits[k >> 6] |= uint64_t{1} << (k & 63);
      }
    }
    return bits;
  }();
  const int k = (c >= 0xFF00 ? 256 : 0) + (c & 0xFF);
  return (kIgnored[k >> 6] >> (k & 63)) & 1;
}

// Code points of `utf8_text` that SimHash reads: whitespace, punctuation, controls, format
// characters, unassigned and ill-formed sequences dropped, the rest case-folded. Kana, CJK and
// ASCII are decoded and folded inline (the ICU calls per code point were most of the cost).
void AppendShingleCodePoints(std::string_view utf8_text, std::vector<UChar32>& out) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8_text.data());
  const int64_t length = static_cast<int64_t>(utf8_text.size());
  int64_t i = 0;
  while (i < length) {
    const uint8_t b0 = bytes[i];
    if (b0 < 0x80) {
      ++i;
      if (b0 >= 'A' && b0 <= 'Z') {
        out.push_back(b0 + ('a' - 'A'));  // u_foldCase on ASCII
      } else if ((b0 >= 'a' && b0 <= 'z') || (b0 >= '0' && b0 <= '9')) {
        out.push_back(b0);
      }
      continue;
    }
    if ((b0 & 0xF0) == 0xE0 && i + 2 < length && (bytes[i + 1] & 0xC0) == 0x80 &&
        (bytes[i + 2] & 0xC0) == 0x80) {
      const UChar32 c = ((b0 & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F);
      if (IsCommonCjkLetter(c)) {  // never a surrogate or overlong form: well-formed
        out.push_back(c);
        i += 3;
        continue;
      }
      if (((c >> 8) == 0x30 || (c >> 8) == 0xFF) && IsIgnoredInCjkBlocks(c)) {  // well-formed too
        i += 3;
        continue;
      }
    }
    // U8_NEXT takes int32_t offsets: decode from a window that starts at `i`.
    UChar32 c;
    int32_t offset = 0;
    const int32_t remaining = static_cast<int32_t>(std::min<int64_t>(length - i, 4));
    U8_NEXT(bytes + i, offset, remaining, c);
    i += offset;
    if (c < 0) continue;
    if (!IsCommonCjkLetter(c)) {
      if (IsIgnored(c)) continue;
      c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
    }
    out.push_back(c);
  }
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
  // Shingles are character 4-grams, so no word segmentation is needed for CJK. Decoding first
  // into a buffer leaves a loop of independent hashes that the CPU overlaps.
  std::vector<UChar32> cps;
  cps.reserve(utf8_text.size());
  AppendShingleCodePoints(utf8_text, cps);
  if (cps.empty()) return 0;
  const int count = static_cast<int>(cps.size());
  if (count < kShingleSize) {
    BitVoter voter;
    voter.Add(ShingleHash(cps.data(), count));  // text shorter than one shingle
    return voter.Majority();
  }
  BitVoter voter;
  // Hashed a block at a time (eight shingles per instruction where the CPU can), then voted.
  constexpr size_t kBlock = 256;
  std::array<uint64_t, kBlock> hashes;
  const size_t shingles = static_cast<size_t>(count - kShingleSize + 1);
  for (size_t start = 0; start < shingles; start += kBlock) {
    const size_t n = std::min(kBlock, shingles - start);
    internal::ShingleHashes(&cps[start], n, hashes.data());
    size_t i = 0;
    for (; i + 4 <= n; i += 4) voter.Add4(hashes[i], hashes[i + 1], hashes[i + 2], hashes[i + 3]);
    for (; i < n; ++i) voter.Add(hashes[i]);
  }
  return voter.Majority();
}

int HammingDistance(uint64_t a, uint64_t b) {
  // The classic bit-parallel count: std::popcount is a library call in builds without
  // -mpopcnt, and the near-duplicate search calls this for every candidate.
  uint64_t x = a ^ b;
  x -= (x >> 1) & 0x5555555555555555ULL;
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

}  // namespace newsflow::dedup
