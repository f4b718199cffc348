#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace newsflow::dedup {

/// SHA-256 of `data` (OpenSSL).
std::array<uint8_t, 32> Sha256(std::string_view data);

/// Lowercase hex of `bytes`.
std::string ToHex(const uint8_t* bytes, size_t size);

/// Lowercase hex SHA-256 of `text`: identifies one version of an article's text.
std::string ContentHash(std::string_view text);

/// 64-bit SimHash over overlapping 4-code-point shingles of `text`, ignoring whitespace and
/// punctuation, so it works for CJK text without word segmentation. Thread-safe.
uint64_t SimHash(std::string_view utf8_text);

/// Number of differing bits.
int HammingDistance(uint64_t a, uint64_t b);

}  // namespace newsflow::dedup
