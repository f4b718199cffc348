#include "text_util.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

namespace newsflow::entities::internal {
namespace {

const icu::Normalizer2* NfkcCasefold() {
  // ICU returns a process-lifetime singleton; the static keeps one lookup.
  static const icu::Normalizer2* const normalizer = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? instance : nullptr;
  }();
  return normalizer;
}

}  // namespace

CodePoints DecodeUtf8(std::string_view text) {
  CodePoints result;
  result.chars.reserve(text.size());
  result.byte_offsets.reserve(text.size() + 1);
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    const uint8_t lead = bytes[i];
    char32_t c = 0xFFFD;
    size_t length = 1;
    size_t need = 0;
    char32_t min = 0;
    if (lead < 0x80) {
      c = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      need = 1, c = lead & 0x1F, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      need = 2, c = lead & 0x0F, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      need = 3, c = lead & 0x07, min = 0x10000;
    } else {
      c = 0xFFFD;
    }
    if (need > 0) {
      bool ok = i + need < size;
      for (size_t k = 1; ok && k <= need; ++k) {
        if ((bytes[i + k] & 0xC0) != 0x80) ok = false;
      }
      if (ok) {
        for (size_t k = 1; k <= need; ++k) c = (c << 6) | (bytes[i + k] & 0x3F);
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
          c = 0xFFFD;
        } else {
          length = need + 1;
        }
      } else {
        c = 0xFFFD;
      }
    }
    result.chars.push_back(c);
    result.byte_offsets.push_back(static_cast<uint32_t>(i));
    i += length;
  }
  result.byte_offsets.push_back(static_cast<uint32_t>(size));
  return result;
}

void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string Slice(std::string_view text, const CodePoints& cps, uint32_t begin, uint32_t end) {
  const uint32_t from = cps.byte_offsets[begin];
  const uint32_t to = cps.byte_offsets[end];
  return std::string(text.substr(from, to - from));
}

Script ScriptOf(char32_t c) {
  if (c < 0x80) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      return Script::kSpace;
    }
    if (c >= '0' && c <= '9') return Script::kDigit;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Script::kLatin;
    return Script::kOther;
  }
  // The bulk of Japanese text, without the ICU calls: blocks that are wholly one script, with
  // no white space or digits (the results are the ones ICU gives).
  if (c >= 0x3041 && c <= 0x3096) return Script::kHiragana;
  if (c >= 0x30A1 && c <= 0x30FA) return Script::kKatakana;
  if (c >= 0x4E00 && c <= 0x9FFF) return Script::kHan;
  const auto cp = static_cast<UChar32>(c);
  if (u_isUWhiteSpace(cp)) return Script::kSpace;
  if (u_isdigit(cp)) return Script::kDigit;
  // The prolonged sound mark and iteration marks are Common/Inherited in Unicode but belong to
  // the word they are written in.
  if (c == 0x30FC || c == 0xFF70) return Script::kKatakana;
  if (c == 0x3005) return Script::kHan;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(cp, &status);
  if (U_FAILURE(status)) return Script::kOther;
  switch (script) {
    case USCRIPT_LATIN:
      return Script::kLatin;
    case USCRIPT_HIRAGANA:
      return Script::kHiragana;
    case USCRIPT_KATAKANA:
      return Script::kKatakana;
    case USCRIPT_HAN:
      return Script::kHan;
    case USCRIPT_HANGUL:
      return Script::kHangul;
    case USCRIPT_CYRILLIC:
      return Script::kCyrillic;
    default:
      return Script::kOther;
  }
}

bool IsWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  if (c == 0x30FC || c == 0xFF70 || c == 0x3005) return true;
  return u_isalnum(static_cast<UChar32>(c)) != 0;
}

bool IsUpper(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(static_cast<UChar32>(c)) != 0;
}

void NormalizeCodePoint(char32_t c, std::u32string& out) {
  if (c < 0x80) {
    out.push_back(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    return;
  }
  const icu::Normalizer2* normalizer = NfkcCasefold();
  if (normalizer == nullptr) {
    out.push_back(c);
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString normalized =
      normalizer->normalize(icu::UnicodeString(static_cast<UChar32>(c)), status);
  if (U_FAILURE(status)) {
    out.push_back(c);
    return;
  }
  for (int32_t i = 0; i < normalized.length();) {
    const UChar32 unit = normalized.char32At(i);
    out.push_back(static_cast<char32_t>(unit));
    i += U16_LENGTH(unit);
  }
}

std::string NormalizeString(std::string_view text) {
  std::string normalized;
  const icu::Normalizer2* normalizer = NfkcCasefold();
  if (normalizer != nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString result =
        normalizer->normalize(icu::UnicodeString::fromUTF8(
                                  icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))),
                              status);
    if (U_SUCCESS(status)) result.toUTF8String(normalized);
  }
  if (normalized.empty() && !text.empty()) {
    // Without ICU data the lookup degrades to ASCII case folding rather than failing.
    for (char c : text) normalized.push_back(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
  // Trim and collapse white space (after normalization, so full-width spaces are included).
  const CodePoints cps = DecodeUtf8(normalized);
  std::string out;
  out.reserve(normalized.size());
  bool pending_space = false;
  for (char32_t c : cps.chars) {
    if (ScriptOf(c) == Script::kSpace) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    AppendUtf8(c, out);
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t pos = text.find(sep, start);
    if (pos == std::string_view::npos) {
      fields.push_back(text.substr(start));
      return fields;
    }
    fields.push_back(text.substr(start, pos - start));
    start = pos + 1;
  }
}

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace newsflow::entities::internal
