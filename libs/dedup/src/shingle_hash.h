#pragma once

#include <cstddef>
#include <cstdint>

#include <unicode/umachine.h>

namespace newsflow::dedup::internal {

inline constexpr int kShingleSize = 4;

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

// Hash of up to four code points (21 bits each) starting at `cps`. Three fit exactly into one
// 64-bit word; the fourth is mixed in after a first avalanche round.
inline uint64_t ShingleHash(const UChar32* cps, int count) {
  uint64_t packed = 0;
  for (int i = 0; i < count && i < 3; ++i) {
    packed |= static_cast<uint64_t>(cps[i]) << (21 * i);
  }
  const uint64_t h = Mix64(packed + 0x9E3779B97F4A7C15ULL);
  const uint64_t last = count == kShingleSize ? static_cast<uint64_t>(cps[3]) : 0;
  return Mix64(h ^ (last + (static_cast<uint64_t>(count) << 32)));
}

// out[i] = ShingleHash(&cps[i], kShingleSize) for i < `shingles`: reads cps[0, shingles + 3).
// The code points must be valid (0 to 0x10FFFF).
void ShingleHashesScalar(const UChar32* cps, size_t shingles, uint64_t* out);

// The same, eight shingles per AVX-512 instruction (the 64-bit multiply needs AVX-512DQ).
// Only to be called when Avx512Available().
void ShingleHashesAvx512(const UChar32* cps, size_t shingles, uint64_t* out);

// Whether this CPU (and build target) can run ShingleHashesAvx512.
bool Avx512Available();

// ShingleHashesAvx512 where the CPU has it, else ShingleHashesScalar: the same values.
void ShingleHashes(const UChar32* cps, size_t shingles, uint64_t* out);

}  // namespace newsflow::dedup::internal
