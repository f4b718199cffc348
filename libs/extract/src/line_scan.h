#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace newsflow::extract::internal {

// Which ASCII bytes occur in a string: a needle with an ASCII byte the line lacks cannot be in
// it, which spares the search for the Latin needles in Japanese lines (most lines) and the
// Japanese needles' ASCII parts ("写真:") alike.
struct AsciiSet {
  std::array<uint64_t, 2> bits{};

  void Add(unsigned char c) { bits[c >> 6] |= uint64_t{1} << (c & 63); }
  bool Has(unsigned char c) const { return (bits[c >> 6] >> (c & 63)) & 1; }

  /// False only when `needle` certainly does not occur in the string.
  bool MayContain(std::string_view needle) const {
    for (char ch : needle) {
      const auto c = static_cast<unsigned char>(ch);
      if (c < 0x80 && !Has(c)) return false;
    }
    return true;
  }

  /// The set of the string lower-cased by AsciiLower: 'A'-'Z' (bits 1-26 of the second word)
  /// become 'a'-'z' (bits 33-58).
  AsciiSet Lowered() const {
    constexpr uint64_t kUpper = ((uint64_t{1} << 26) - 1) << 1;
    AsciiSet lowered = *this;
    lowered.bits[1] = (bits[1] & ~kUpper) | ((bits[1] & kUpper) << 32);
    return lowered;
  }
};

struct Counts {
  size_t letters = 0;
  size_t sentence_marks = 0;
  size_t clause_marks = 0;
  size_t ideographic = 0;  // Han, kana and Hangul: each carries about a word's worth of meaning
};

// A line of the text cleaner's input with what its classification asks of it more than once.
struct ScannedLine {
  std::string text;        // whitespace-collapsed (CollapseSpace)
  std::string lower_copy;  // AsciiLower(text) when that differs from text, else empty
  std::string key_copy;    // text without spaces when that differs from text, else empty
  size_t chars = 0;        // code points (CodePointCount(text))
  Counts counts;
  bool menu_row = false;  // "Home | World | Business", "政治・経済・国際・社会"
  AsciiSet ascii;         // of text
  AsciiSet lower_ascii;   // of lower()
  // text::NormalizeText(text) == text, known from its code points alone (all of them
  // text::IsStableUnderNormalization); false means "not known", not "changes".
  bool normalized = false;

  std::string_view lower() const { return lower_copy.empty() ? text : lower_copy; }
  std::string_view key() const { return key_copy.empty() ? text : key_copy; }
};

inline bool IsClauseMark(char32_t cp) { return cp == U'、' || cp == ',' || cp == U'，'; }

/// Fills `line`, default-constructed, from `raw`: one line of the input without its '\n', decoding
/// each of its code points once: the text is CollapseSpace(raw) and every other field is computed
/// from that text, exactly, also for malformed UTF-8 (whose bytes are kept as given).
void ScanLine(std::string_view raw, ScannedLine& line);

}  // namespace newsflow::extract::internal
