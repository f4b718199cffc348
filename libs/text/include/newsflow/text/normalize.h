#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsflow::text {

/// Normalizes UTF-8 text for publication: Unicode NFC; control characters, U+FFFD,
/// zero-width and bidi formatting characters removed; every run of horizontal whitespace
/// (including U+3000 ideographic space and NBSP) becomes one U+0020; leading and trailing
/// spaces of each line removed; line breaks (CR, LF, CRLF, U+2028/2029, NEL) become "\n";
/// empty lines dropped, so paragraphs are separated by exactly one "\n".
/// Input that is not valid UTF-8 has its invalid sequences removed. Thread-safe.
std::string NormalizeText(std::string_view utf8);

/// Number of Unicode code points in valid UTF-8 `utf8`.
size_t CountCodePoints(std::string_view utf8);

/// True when `utf8` is well-formed UTF-8.
bool IsValidUtf8(std::string_view utf8);

/// True for the code points that NormalizeText copies as they are in text made of them alone:
/// printable ASCII other than the space, kana, CJK unified ideographs, Japanese punctuation and
/// full-width forms (internal::IsNfcInert). A line of such code points with single U+0020
/// between them, starting and ending with neither, is its own NormalizeText: callers that see
/// every code point of their text anyway can skip the pass over it.
inline bool IsStableUnderNormalization(char32_t c);

namespace internal {

/// Code points whose NFC quick-check value is Yes and whose canonical combining class is 0
/// (ASCII, Japanese punctuation, kana, CJK unified ideographs, full-width forms): text made of
/// them alone is in NFC, so NormalizeText skips ICU's check for it. Exposed for its test.
inline bool IsNfcInert(char32_t c) {
  return c < 0x80 || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x3096) ||
         (c >= 0x30A1 && c <= 0x30FF) || (c >= 0x3001 && c <= 0x3029) ||
         (c >= 0xFF01 && c <= 0xFF5E);
}

}  // namespace internal

inline bool IsStableUnderNormalization(char32_t c) {
  return c < 0x80 ? c > 0x20 && c < 0x7F : internal::IsNfcInert(c);
}

}  // namespace newsflow::text
