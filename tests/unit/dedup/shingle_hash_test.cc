// White-box test of the shingle hashes behind SimHash (libs/dedup/src/shingle_hash.h): the
// vectorized path must give the scalar values bit for bit, or stored SimHashes would stop
// matching new ones on machines that take the other path.
#include "shingle_hash.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "newsflow/dedup/hashing.h"

namespace newsflow::dedup::internal {
namespace {

// Code points as SimHash passes them: mostly kana/CJK and ASCII, some anywhere up to U+10FFFF
// (the 21 bits the hash packs).
std::vector<UChar32> CodePoints(std::mt19937& rng, size_t count) {
  std::vector<UChar32> cps(count);
  for (UChar32& c : cps) {
    switch (rng() % 4) {
      case 0:
        c = static_cast<UChar32>('a' + rng() % 26);
        break;
      case 1:
        c = static_cast<UChar32>(0x3041 + rng() % 0x56);
        break;
      case 2:
        c = static_cast<UChar32>(0x4E00 + rng() % 0x5200);
        break;
      default:
        c = static_cast<UChar32>(rng() % 0x110000);
        break;
    }
  }
  return cps;
}

TEST(ShingleHashTest, ScalarPathIsTheOneShingleHash) {
  std::mt19937 rng(1);
  const std::vector<UChar32> cps = CodePoints(rng, 100);
  std::vector<uint64_t> hashes(cps.size() - 3);
  ShingleHashesScalar(cps.data(), hashes.size(), hashes.data());
  for (size_t i = 0; i < hashes.size(); ++i) {
    EXPECT_EQ(hashes[i], ShingleHash(&cps[i], kShingleSize)) << i;
  }
}

TEST(ShingleHashTest, Avx512PathGivesTheScalarValues) {
  if (!Avx512Available()) GTEST_SKIP() << "this CPU has no AVX-512DQ";
  std::mt19937 rng(2);
  for (int round = 0; round < 3000; ++round) {
    // Every length from 0 to 40 shingles (all tail sizes), then longer texts.
    const size_t shingles = round <= 40 ? static_cast<size_t>(round) : 1 + rng() % 3000;
    const std::vector<UChar32> cps = CodePoints(rng, shingles + 3);
    std::vector<uint64_t> scalar(shingles + 1, 0), vectorized(shingles + 1, 0);
    ShingleHashesScalar(cps.data(), shingles, scalar.data());
    ShingleHashesAvx512(cps.data(), shingles, vectorized.data());
    ASSERT_EQ(vectorized, scalar) << "round " << round << ", " << shingles << " shingles";
  }
  // The extremes of the 21-bit code point fields.
  const std::vector<UChar32> extremes = {
      0, 0x10FFFF, 0x10FFFF, 0x10FFFF, 0,        0x10FFFF, 1, 0x10FFFE, 0x1FFFF, 0,
      0, 0x10FFFF, 0x10FFFF, 0x10FFFF, 0x10FFFF, 0x10FFFF, 0, 0x7F,     0x80};
  std::vector<uint64_t> scalar(extremes.size() - 3), vectorized(extremes.size() - 3);
  ShingleHashesScalar(extremes.data(), scalar.size(), scalar.data());
  ShingleHashesAvx512(extremes.data(), vectorized.size(), vectorized.data());
  EXPECT_EQ(vectorized, scalar);
}

}  // namespace
}  // namespace newsflow::dedup::internal

namespace newsflow::dedup {
namespace {

// SimHash by its definition, for text of lower-case ASCII letters only (SimHash keeps those
// as they are): each shingle's hash votes on every bit; a bit is set when more than half of the
// shingles have it.
uint64_t PlainSimHash(const std::string& text) {
  std::vector<UChar32> cps(text.begin(), text.end());
  if (cps.size() < internal::kShingleSize) {
    return internal::ShingleHash(cps.data(), static_cast<int>(cps.size()));  // one voter
  }
  const size_t shingles = cps.size() - internal::kShingleSize + 1;
  std::vector<uint64_t> ones(64, 0);
  for (size_t i = 0; i < shingles; ++i) {
    const uint64_t hash = internal::ShingleHash(&cps[i], internal::kShingleSize);
    for (int bit = 0; bit < 64; ++bit) ones[bit] += (hash >> bit) & 1;
  }
  uint64_t result = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (2 * ones[bit] > shingles) result |= uint64_t{1} << bit;
  }
  return result;
}

TEST(SimHashVoteTest, BitSlicedCountsGiveThePlainMajority) {
  // Lengths from one shingle to several thousand: the bit-sliced counters are flushed every
  // 255 hashes, and texts of few letters give many close votes.
  std::mt19937 rng(3);
  for (int round = 0; round < 400; ++round) {
    const size_t length = round < 300 ? 1 + static_cast<size_t>(round) : 1 + rng() % 6000;
    const int letters = 1 + static_cast<int>(rng() % 26);
    std::string text(length, 'a');
    for (char& c : text) c = static_cast<char>('a' + rng() % letters);
    ASSERT_EQ(SimHash(text), PlainSimHash(text)) << "length " << length << ": " << text;
  }
}

}  // namespace
}  // namespace newsflow::dedup
