#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsflow::langid {

struct LanguageGuess {
  /// ISO 639-1 code, or "und" when the text is too short, mixed or unclear.
  std::string code = "und";
  /// Probability-like score in [0, 1].
  float confidence = 0.0f;
};

struct ParagraphLanguage {
  LanguageGuess guess;
  /// Code-point range of the paragraph in the document.
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct DocumentLanguage {
  LanguageGuess main;
  /// True when more than one language each covers a significant share of the text.
  bool mixed = false;
  std::vector<ParagraphLanguage> paragraphs;
};

/// Identifies the language of one sentence or short text (CLD2 plus script rules:
/// kana means Japanese, Hangul Korean, Thai script Thai, ...). Thread-safe.
LanguageGuess DetectLanguage(std::string_view utf8);

/// Identifies the main language of a document with "\n"-separated paragraphs and flags
/// mixed-language documents. Thread-safe.
DocumentLanguage DetectDocumentLanguage(std::string_view utf8);

}  // namespace newsflow::langid
