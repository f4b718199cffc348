// White-box test of the shingle hashes behind SimHash (libs/dedup/src/shingle_hash.h): the
// vectorized path must give the scalar values bit for bit, or stored SimHashes would stop
// matching new ones on machines that take the other path.
#include "shingle_hash.h"

#include <random>
#include <vector>

#include <gtest/gtest.h>

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
