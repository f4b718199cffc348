#include "shingle_hash.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define NEWSFLOW_SHINGLE_HASH_AVX512 1
#endif

namespace newsflow::dedup::internal {

void ShingleHashesScalar(const UChar32* cps, size_t shingles, uint64_t* out) {
  for (size_t i = 0; i < shingles; ++i) out[i] = ShingleHash(&cps[i], kShingleSize);
}

#if NEWSFLOW_SHINGLE_HASH_AVX512

// GCC 12 warns inside its own AVX-512 headers, whose conversions start from
// _mm512_undefined_epi32() (GCC bug 105593); nothing of ours is uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace {

// Mix64 on eight lanes.
__attribute__((target("avx512f,avx512dq"))) inline __m512i Mix64x8(__m512i x) {
  x = _mm512_xor_si512(x, _mm512_srli_epi64(x, 30));
  x = _mm512_mullo_epi64(x, _mm512_set1_epi64(static_cast<int64_t>(0xBF58476D1CE4E5B9ULL)));
  x = _mm512_xor_si512(x, _mm512_srli_epi64(x, 27));
  x = _mm512_mullo_epi64(x, _mm512_set1_epi64(static_cast<int64_t>(0x94D049BB133111EBULL)));
  return _mm512_xor_si512(x, _mm512_srli_epi64(x, 31));
}

// Eight consecutive code points from `cps`, zero-extended to 64 bits (they are non-negative).
__attribute__((target("avx512f"))) inline __m512i Load8(const UChar32* cps) {
  return _mm512_cvtepu32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(cps)));
}

}  // namespace

__attribute__((target("avx512f,avx512dq"))) void ShingleHashesAvx512(const UChar32* cps,
                                                                     size_t shingles,
                                                                     uint64_t* out) {
  const __m512i golden = _mm512_set1_epi64(static_cast<int64_t>(0x9E3779B97F4A7C15ULL));
  const __m512i count_bits = _mm512_set1_epi64(int64_t{kShingleSize} << 32);
  size_t i = 0;
  for (; i + 8 <= shingles; i += 8) {
    // Lane j holds shingle i + j: its code points are cps[i + j], ..., cps[i + j + 3].
    const __m512i packed =
        _mm512_or_si512(_mm512_or_si512(Load8(cps + i), _mm512_slli_epi64(Load8(cps + i + 1), 21)),
                        _mm512_slli_epi64(Load8(cps + i + 2), 42));
    const __m512i h = Mix64x8(_mm512_add_epi64(packed, golden));
    const __m512i last = _mm512_add_epi64(Load8(cps + i + 3), count_bits);
    _mm512_storeu_si512(out + i, Mix64x8(_mm512_xor_si512(h, last)));
  }
  ShingleHashesScalar(cps + i, shingles - i, out + i);
}

#pragma GCC diagnostic pop

bool Avx512Available() {
  static const bool available =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  return available;
}

#else

void ShingleHashesAvx512(const UChar32* cps, size_t shingles, uint64_t* out) {
  ShingleHashesScalar(cps, shingles, out);
}

bool Avx512Available() { return false; }

#endif

void ShingleHashes(const UChar32* cps, size_t shingles, uint64_t* out) {
  if (Avx512Available()) {
    ShingleHashesAvx512(cps, shingles, out);
  } else {
    ShingleHashesScalar(cps, shingles, out);
  }
}

}  // namespace newsflow::dedup::internal
