#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsflow::entities::internal {

/// A UTF-8 text decoded to code points, with the byte offset of each code point.
struct CodePoints {
  std::vector<char32_t> chars;
  /// byte_offsets[i] is where chars[i] starts; byte_offsets[chars.size()] is the text size.
  std::vector<uint32_t> byte_offsets;

  size_t size() const { return chars.size(); }
};

/// Decodes `text`; each byte of an invalid sequence becomes one U+FFFD so offsets stay aligned.
CodePoints DecodeUtf8(std::string_view text);

/// Appends the UTF-8 encoding of `c`.
void AppendUtf8(char32_t c, std::string& out);

/// UTF-8 of chars[begin, end) of the decoded text `text`.
std::string Slice(std::string_view text, const CodePoints& cps, uint32_t begin, uint32_t end);

/// Coarse script classes used for boundary decisions.
enum class Script {
  kOther,
  kSpace,
  kLatin,
  kDigit,
  kHiragana,
  kKatakana,
  kHan,
  kHangul,
  kCyrillic
};

Script ScriptOf(char32_t c);

/// Letters or digits of any script (including the katakana prolonged sound mark).
bool IsWordChar(char32_t c);

/// Upper-case letter (any script with case).
bool IsUpper(char32_t c);

/// NFKC_Casefold of a single code point, as code points (may be empty for ignorables).
void NormalizeCodePoint(char32_t c, std::u32string& out);

/// NFKC_Casefold of a string, with white space trimmed and collapsed.
std::string NormalizeString(std::string_view text);

/// Splits `text` on `sep` (empty fields kept).
std::vector<std::string_view> Split(std::string_view text, char sep);

/// FNV-1a 64 of `bytes`: the checksum that ends the model and word-vector files.
uint64_t Fnv1a64(std::string_view bytes);

}  // namespace newsflow::entities::internal
