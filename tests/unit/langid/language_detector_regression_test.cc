// Inputs found by tests/fuzz/enricher_enrich_fuzz, kept as regression tests. The overflow they
// caught is reported by the ASan build (scripts/test.sh --sanitize); elsewhere these tests check
// that the words are still handled.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "newsflow/langid/language_detector.h"

namespace newsflow::langid {
namespace {

TEST(LanguageDetectorRegressionTest, LetterRunLongerThanTheWordBufferIsSkipped) {
  // U+1010, then 東京 and 25 ASCII letters: 34 bytes of letters wrote past a 32-byte buffer.
  const std::string_view text(
      "\xe1\x80\x90\xe6\x9d\xb1\xe4\xba\xac"
      "UUUUUUUUUUUUUUUUUUUUUUUUU"
      "\x00\x00\x00\x00\n 0000000000000000\x00\x00\x00"
      "\xe3\x81\xae\xe4\xba\xba\xe3\x81\x8c\xe9\x9b\x86\xe3\x81\xbe\xe3\x82\x8b\n",
      78);
  const DocumentLanguage language = DetectDocumentLanguage(text);
  EXPECT_LE(language.main.confidence, 1.0f);
}

TEST(LanguageDetectorRegressionTest, LongAsciiWordsDoNotOverflow) {
  const std::string text = "the " + std::string(33, 'a') + " and " + std::string(200, 'b') +
                           " of the people and the city";
  const LanguageGuess guess = DetectLanguage(text);
  EXPECT_LE(guess.confidence, 1.0f);
}

TEST(LanguageDetectorRegressionTest, ControlBytesInsideTextGiveAKnownLanguageOrUnd) {
  // CLD2 gave up early on this text and left its top-3 arrays unset; the detector read them.
  const std::string text = std::string(
                               "SPRINGFIELD (Reuters) - The city council on Tuesday approved a "
                               "budget of $2.1 billiOn.\nMayor John Smith said the plan would "
                               "html\x1a-https:/\n\x13") +
                           std::string(3, '\0') + std::string(43, '-') + std::string(17, '0') +
                           "ontribu\xe6\x99\x82\xe4\xba\x8b\xe9\x80\x9a\xe4\xbf\xa1ORGort.";
  const DocumentLanguage language = DetectDocumentLanguage(text);
  EXPECT_GE(language.main.confidence, 0.0f);
  EXPECT_LE(language.main.confidence, 1.0f);
  EXPECT_TRUE(language.main.code == "en" || language.main.code == "und") << language.main.code;
}

}  // namespace
}  // namespace newsflow::langid
