#include "utf8_util.h"

#include <cstring>

namespace newsflow::extract::internal {

char32_t DecodeCodePoint(std::string_view s, size_t& pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++pos;
    return 0xFFFD;
  }
  if (pos + len > s.size()) {
    ++pos;
    return 0xFFFD;
  }
  for (int i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  pos += len;
  return cp;
}

char32_t LastCodePoint(std::string_view s, size_t* begin) {
  if (s.empty()) {
    if (begin != nullptr) *begin = 0;
    return 0;
  }
  size_t start = s.size() - 1;
  while (start > 0 && s.size() - start < 4 &&
         (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
  }
  if (begin != nullptr) *begin = start;
  size_t pos = start;
  return NextCodePoint(s, pos);
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Unicode White_Space; zero-width characters (U+200B, U+FEFF) are not spaces: normalization
// removes them without leaving a gap inside a CJK word.
bool IsNonAsciiSpace(char32_t cp) {
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool IsOtherWordChar(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||  // Latin
         (cp >= 0x370 && cp <= 0x52F) ||                             // Greek, Cyrillic
         (cp >= 0x0600 && cp <= 0x06FF) ||                           // Arabic
         (cp >= 0x0E00 && cp <= 0x0E7F) ||                           // Thai
         (cp >= 0x3041 && cp <= 0x30FF && cp != 0x30FB) ||           // kana (not ・)
         (cp >= 0x3400 && cp <= 0x9FFF) ||                           // CJK ideographs
         (cp >= 0xAC00 && cp <= 0xD7AF) ||                           // Hangul
         (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
         (cp >= 0xFF41 && cp <= 0xFF5A) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

std::string_view TrimSpace(std::string_view s) {
  size_t begin = 0;
  while (begin < s.size()) {
    size_t pos = begin;
    if (!IsSpace(NextCodePoint(s, pos))) break;
    begin = pos;
  }
  size_t end = s.size();
  while (end > begin) {
    size_t start = 0;
    const char32_t cp = LastCodePoint(s.substr(0, end), &start);
    if (!IsSpace(cp)) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string CollapseSpace(std::string_view s) {
  // Copies each run of non-space code points with one append (one per code point was the
  // cost of this function).
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t start = pos;
    if (IsSpace(NextCodePoint(s, pos))) {
      pending_space = !out.empty();
      continue;
    }
    size_t end = pos;
    while (end < s.size()) {
      size_t next = end;
      if (IsSpace(NextCodePoint(s, next))) break;
      end = next;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(s.substr(start, end - start));
    pos = end;
  }
  return out;
}

size_t Find(std::string_view haystack, std::string_view needle, size_t from) {
  if (from > haystack.size()) return std::string_view::npos;
  if (needle.empty()) return from;
  if (needle.size() > haystack.size() - from) return std::string_view::npos;
  // Candidates are found by the needle's last byte: for a UTF-8 needle it is a continuation
  // byte (one of 64 values), far rarer than the lead byte. Matches come in order of their end,
  // which for a fixed length is the order of their start, so the first match is the leftmost.
  const size_t head = needle.size() - 1;
  const char last = needle.back();
  size_t pos = from + head;
  while (pos < haystack.size()) {
    const void* hit = memchr(haystack.data() + pos, last, haystack.size() - pos);
    if (hit == nullptr) return std::string_view::npos;
    pos = static_cast<size_t>(static_cast<const char*>(hit) - haystack.data());
    const size_t begin = pos - head;
    if (memcmp(haystack.data() + begin, needle.data(), head) == 0) return begin;
    ++pos;
  }
  return std::string_view::npos;
}

}  // namespace newsflow::extract::internal
