#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsflow::extract::internal {

/// NextCodePoint for any byte (the out-of-line path for non-ASCII).
char32_t DecodeCodePoint(std::string_view s, size_t& pos);

/// Decodes the code point at `pos` of `s` and advances `pos`; invalid bytes yield U+FFFD and
/// advance by one byte. Inline for ASCII, which is most of the bytes of most pages.
inline char32_t NextCodePoint(std::string_view s, size_t& pos) {
  const auto c = static_cast<unsigned char>(s[pos]);
  if (c < 0x80) {
    ++pos;
    return c;
  }
  return DecodeCodePoint(s, pos);
}

/// The last code point of `s` (0 when empty) and its byte offset in `begin`.
char32_t LastCodePoint(std::string_view s, size_t* begin = nullptr);

/// Appends the UTF-8 encoding of `cp`.
void AppendUtf8(char32_t cp, std::string& out);

size_t CodePointCount(std::string_view s);

/// IsSpace for code points from U+0080 on.
bool IsNonAsciiSpace(char32_t cp);

/// Unicode white space, including U+3000 and NBSP.
inline bool IsSpace(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
  return IsNonAsciiSpace(cp);
}

/// Letters and digits: ASCII, Latin-1/Latin Extended, Greek, Cyrillic, CJK, kana, Hangul.
bool IsWordChar(char32_t cp);

/// Removes leading and trailing Unicode white space.
std::string_view TrimSpace(std::string_view s);

/// Lowercases ASCII letters only.
std::string AsciiLower(std::string_view s);

/// Collapses runs of Unicode white space into one ASCII space and trims.
std::string CollapseSpace(std::string_view s);

}  // namespace newsflow::extract::internal
