#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsflow::extract::internal {

/// NextCodePoint for any byte (the out-of-line path for non-ASCII).
char32_t DecodeCodePoint(std::string_view s, size_t& pos);

/// Decodes the code point at `pos` of `s` and advances `pos`; invalid bytes yield U+FFFD and
/// advance by one byte. Inline for ASCII, which is most of the bytes of most pages, and for
/// well-formed three-byte sequences, which are kana, CJK and most other non-Latin letters (a
/// call per code point was a tenth of the cleaning time of Japanese text).
inline char32_t NextCodePoint(std::string_view s, size_t& pos) {
  const auto c = static_cast<unsigned char>(s[pos]);
  if (c < 0x80) {
    ++pos;
    return c;
  }
  if ((c & 0xF0) == 0xE0 && pos + 2 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[pos + 1]);
    const auto b2 = static_cast<unsigned char>(s[pos + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      pos += 3;
      return (char32_t{c & 0x0Fu} << 12) | (char32_t{b1 & 0x3Fu} << 6) | (b2 & 0x3Fu);
    }
  }
  return DecodeCodePoint(s, pos);
}

/// The offset of the first `needle` in `haystack` at or after `from`, or npos; as
/// std::string_view::find, which compares at every occurrence of the needle's first byte: in
/// Japanese text the lead byte of a kana or kanji needle occurs every few bytes.
size_t Find(std::string_view haystack, std::string_view needle, size_t from = 0);

inline bool Contains(std::string_view haystack, std::string_view needle) {
  return Find(haystack, needle) != std::string_view::npos;
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
  // U+3000 is the last space: kana, CJK and their punctuation are decided without a call.
  return cp <= 0x3000 && IsNonAsciiSpace(cp);
}

/// IsWordChar for code points outside ASCII, kana and the CJK ideographs.
bool IsOtherWordChar(char32_t cp);

/// Letters and digits: ASCII, Latin-1/Latin Extended, Greek, Cyrillic, CJK, kana, Hangul.
/// Inline for ASCII, kana and CJK (most code points of the text it runs on).
inline bool IsWordChar(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  if (cp >= 0x3041 && cp <= 0x9FFF) {
    return (cp <= 0x30FF && cp != 0x30FB) || cp >= 0x3400;  // kana (not ・), CJK ideographs
  }
  return IsOtherWordChar(cp);
}

/// Removes leading and trailing Unicode white space.
std::string_view TrimSpace(std::string_view s);

/// Lowercases ASCII letters only.
std::string AsciiLower(std::string_view s);

/// Collapses runs of Unicode white space into one ASCII space and trims.
std::string CollapseSpace(std::string_view s);

}  // namespace newsflow::extract::internal
