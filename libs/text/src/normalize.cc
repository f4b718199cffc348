#include "newsflow/text/normalize.h"

#include <cstdint>
#include <cstring>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace newsflow::text {

namespace {

enum class CharClass { kKeep, kDrop, kSpace, kLineBreak };

// Zero-width and bidi formatting characters that carry no visible text.
bool IsInvisibleFormat(UChar32 c) {
  return (c >= 0x200B && c <= 0x200F) ||  // ZWSP, ZWNJ, ZWJ, LRM, RLM
         (c >= 0x202A && c <= 0x202E) ||  // LRE, RLE, PDF, LRO, RLO
         (c >= 0x2066 && c <= 0x2069) ||  // LRI, RLI, FSI, PDI
         c == 0x2060 || c == 0xFEFF || c == 0x061C;
}

CharClass Classify(UChar32 c) {
  if (c < 0x80) {
    // ASCII fast path: no ICU property lookup for the common case.
    if (c >= 0x21 && c != 0x7F) return CharClass::kKeep;
    if (c == ' ' || c == '\t') return CharClass::kSpace;
    if (c == '\n' || c == '\r' || c == 0x0B || c == 0x0C) return CharClass::kLineBreak;
    return CharClass::kDrop;
  }
  // Kana and CJK unified ideographs, most of Japanese and Chinese text: none is a space, control
  // or format character, so no ICU lookup.
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x30FF)) return CharClass::kKeep;
  if (c == 0x85 || c == 0x2028 || c == 0x2029) return CharClass::kLineBreak;
  if (c == 0xFFFD || IsInvisibleFormat(c)) return CharClass::kDrop;
  const int8_t type = u_charType(c);
  if (type == U_SPACE_SEPARATOR) return CharClass::kSpace;  // NBSP, U+3000, U+2000..U+200A...
  if (type == U_CONTROL_CHAR) return CharClass::kDrop;
  return CharClass::kKeep;
}

// U8_NEXT with the well-formed three-byte sequences that cannot be surrogates or overlong
// forms (lead bytes E1..EC, EE, EF: kana, CJK and most other non-Latin letters) decoded inline.
inline UChar32 NextCodePoint(const uint8_t* bytes, int32_t& i, int32_t length) {
  const uint8_t b0 = bytes[i];
  if (b0 < 0x80) return bytes[i++];
  if (b0 >= 0xE1 && b0 != 0xED && b0 <= 0xEF && i + 2 < length && (bytes[i + 1] & 0xC0) == 0x80 &&
      (bytes[i + 2] & 0xC0) == 0x80) {
    const UChar32 c = ((b0 & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F);
    i += 3;
    return c;
  }
  UChar32 c;
  U8_NEXT(bytes, i, length, c);
  return c;
}

const icu::Normalizer2* Nfc() {
  static const icu::Normalizer2* const nfc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFCInstance(status);
    return U_SUCCESS(status) ? instance : nullptr;
  }();
  return nfc;
}

}  // namespace

std::string NormalizeText(std::string_view utf8) {
  // One pass over the bytes decides per code point whether it is kept, dropped, a space or a
  // line break; kept code points are copied as their original bytes (no re-encoding). NFC runs
  // on the filtered text, and only when the quick check says it is not already NFC (most text
  // is), so the common case costs one extra scan and no allocation.
  std::string out;
  out.reserve(utf8.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  bool line_has_content = false;
  bool pending_space = false;
  bool pending_newline = false;
  bool may_need_nfc = false;  // a kept code point that is not IsNfcInert
  // Kept code points that follow each other in the input are copied as one span (one append
  // per code point was a third of this function's time).
  int32_t span_begin = 0;
  int32_t span_end = 0;
  auto flush_span = [&] {
    out.append(utf8.data() + span_begin, static_cast<size_t>(span_end - span_begin));
    span_begin = span_end;
  };
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    const UChar32 c = NextCodePoint(bytes, i, length);
    if (c < 0) {  // invalid sequence: removed
      flush_span();
      continue;
    }
    switch (Classify(c)) {
      case CharClass::kDrop:
        flush_span();
        break;
      case CharClass::kSpace:
        flush_span();
        pending_space = line_has_content;
        break;
      case CharClass::kLineBreak:
        flush_span();
        if (line_has_content) pending_newline = true;
        line_has_content = false;
        pending_space = false;
        break;
      case CharClass::kKeep:
        if (span_end != start) {  // not contiguous with the span: start a new one
          flush_span();
          span_begin = start;
        }
        if (pending_newline) {
          out.push_back('\n');
          pending_newline = false;
        } else if (pending_space) {
          out.push_back(' ');
        }
        pending_space = false;
        line_has_content = true;
        span_end = i;
        may_need_nfc |= !internal::IsNfcInert(static_cast<char32_t>(c));
        break;
    }
  }
  flush_span();

  if (!may_need_nfc) return out;
  const icu::Normalizer2* nfc = Nfc();
  if (nfc == nullptr) return out;
  UErrorCode status = U_ZERO_ERROR;
  if (nfc->isNormalizedUTF8(out, status) || U_FAILURE(status)) return out;
  std::string normalized;
  normalized.reserve(out.size());
  icu::StringByteSink<std::string> sink(&normalized);
  status = U_ZERO_ERROR;
  nfc->normalizeUTF8(0, out, sink, nullptr, status);
  return U_SUCCESS(status) ? normalized : out;
}

size_t CountCodePoints(std::string_view utf8) {
  // For valid UTF-8 every code point has exactly one byte that is not a continuation byte
  // (10xxxxxx). Eight bytes at a time: a continuation byte has bit 7 set and bit 6 clear.
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  size_t continuation = 0;
  size_t i = 0;
  for (; i + 8 <= utf8.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, utf8.data() + i, sizeof(word));
    // One bit per continuation byte, moved to bit 0 of its byte; the multiplication sums the
    // eight bytes into the top one (std::popcount is a library call without -mpopcnt).
    const uint64_t ones = (word & ~(word << 1) & kHighBits) >> 7;
    continuation += (ones * 0x0101010101010101ULL) >> 56;
  }
  for (; i < utf8.size(); ++i) {
    continuation += (static_cast<uint8_t>(utf8[i]) & 0xC0) == 0x80;
  }
  return utf8.size() - continuation;
}

bool IsValidUtf8(std::string_view utf8) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    if (bytes[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace newsflow::text
