#include "line_scan.h"

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "newsflow/text/normalize.h"

#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

// The definition ScanLine fuses: CollapseSpace, then every field computed on the collapsed
// text by decoding it again (the cleaner's two passes before they were one).
ScannedLine ScanCollapsed(std::string_view raw) {
  ScannedLine line;
  line.text = CollapseSpace(raw);
  const std::string_view text = line.text;
  size_t menu_items = 1;
  size_t longest_item = 0;
  size_t current_item = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = NextCodePoint(text, pos);
    if (cp < 0x80) line.ascii.Add(static_cast<unsigned char>(cp));
    if (IsWordChar(cp)) ++line.counts.letters;
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
        (cp >= 0xAC00 && cp <= 0xD7AF)) {
      ++line.counts.ideographic;
    }
    if (cp == U'。' || cp == U'．' || cp == U'！' || cp == U'？' ||
        ((cp == '.' || cp == '!' || cp == '?') && (pos >= text.size() || text[pos] == ' '))) {
      ++line.counts.sentence_marks;
    }
    if (IsClauseMark(cp)) ++line.counts.clause_marks;
    if (cp == '|' || cp == U'｜' || cp == U'·' || cp == U'•' || cp == U'»' || cp == '>' ||
        cp == U'／' || cp == '/') {
      ++menu_items;
      longest_item = std::max(longest_item, current_item);
      current_item = 0;
    } else if (cp != ' ') {
      ++current_item;
    }
  }
  longest_item = std::max(longest_item, current_item);
  line.chars = CodePointCount(text);
  line.menu_row = menu_items >= 3 && longest_item <= 15;
  line.lower_ascii = line.ascii.Lowered();
  if (AsciiLower(text) != text) line.lower_copy = AsciiLower(text);
  std::string key;
  for (char c : text) {
    if (c != ' ') key.push_back(c);
  }
  if (key != text) line.key_copy = key;
  return line;
}

void ExpectSameScan(std::string_view raw) {
  ScannedLine fused;
  ScanLine(raw, fused);
  const ScannedLine expected = ScanCollapsed(raw);
  SCOPED_TRACE(::testing::PrintToString(std::string(raw)));
  ASSERT_EQ(fused.text, expected.text);
  ASSERT_EQ(fused.chars, expected.chars);
  ASSERT_EQ(fused.counts.letters, expected.counts.letters);
  ASSERT_EQ(fused.counts.sentence_marks, expected.counts.sentence_marks);
  ASSERT_EQ(fused.counts.clause_marks, expected.counts.clause_marks);
  ASSERT_EQ(fused.counts.ideographic, expected.counts.ideographic);
  ASSERT_EQ(fused.menu_row, expected.menu_row);
  ASSERT_EQ(fused.ascii.bits, expected.ascii.bits);
  ASSERT_EQ(fused.lower_ascii.bits, expected.lower_ascii.bits);
  // An upper-case letter written overlong is lower-case in neither; the views must agree.
  ASSERT_EQ(fused.lower(), expected.lower());
  ASSERT_EQ(fused.key(), expected.key());
  if (fused.normalized) {
    ASSERT_EQ(text::NormalizeText(fused.text), fused.text);
  }
}

// Pieces of lines: spaces of every kind, sentence and menu punctuation, letters, and malformed
// UTF-8 (truncated, stray continuation bytes, overlong forms of letters and of the space,
// encoded surrogates, NUL and other controls), combining marks.
const std::vector<std::string_view> kPieces = {"a",
                                               "Z",
                                               "x.",
                                               ".",
                                               "!",
                                               "?",
                                               " ",
                                               "  ",
                                               "\t",
                                               "\r",
                                               "\x0B",
                                               "\x0C",
                                               "\u3000",
                                               "\u00A0",
                                               "\u2028",
                                               "\u2009",
                                               "\u200B",
                                               "東京",
                                               "かな",
                                               "。",
                                               "、",
                                               "，",
                                               "|",
                                               "｜",
                                               "・",
                                               "/",
                                               "»",
                                               ">",
                                               "…",
                                               "Ａ",
                                               "ﾃ",
                                               "é",
                                               "e\u0301",
                                               "か\u3099",
                                               "\xE3\x81",
                                               "\xE3",
                                               "\xFF",
                                               "\x80",
                                               "\xBF\x80",
                                               "\xC1\x81",
                                               "\xC0\xA0",
                                               "\xE0\x81\x81",
                                               "\xE0\x80\xA0",
                                               "\xED\xA0\x80",
                                               "\xED\xBF\xBF",
                                               "\xF0\x9F\x93\xB0",
                                               "\xF0\x84\xB8\x80",
                                               std::string_view("\0", 1),
                                               "\x01",
                                               "\x7F",
                                               "\xC2\x85",
                                               "\xEF\xBF\xBD",
                                               "한",
                                               "1",
                                               "http://x.jp"};

TEST(ScanLineTest, AgreesWithCollapseSpaceAndASecondPassOnMalformedInput) {
  std::mt19937 rng(20241125);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> count(0, 24);
  for (int i = 0; i < 30000; ++i) {
    std::string raw;
    for (int n = count(rng); n > 0; --n) raw += kPieces[piece(rng)];
    ExpectSameScan(raw);
  }
  // Every pair of pieces, so each boundary (a truncated sequence before a space, an overlong
  // space after a lead byte) is covered once at least.
  for (std::string_view a : kPieces) {
    for (std::string_view b : kPieces) {
      ExpectSameScan(std::string(a) + std::string(b));
      ExpectSameScan(std::string(a) + " " + std::string(b) + " ");
    }
  }
}

TEST(ScanLineTest, CollapsesSpacesAndCountsTheCollapsedText) {
  ScannedLine line;
  ScanLine("\u3000 東京\u00A0\u00A0都 | 港区. Tokyo! ", line);
  EXPECT_EQ(line.text, "東京 都 | 港区. Tokyo!");
  EXPECT_EQ(line.chars, 17u);
  EXPECT_EQ(line.counts.sentence_marks, 2u);  // "." and "!" before a space or the end
  EXPECT_EQ(line.key(), "東京都|港区.Tokyo!");
  EXPECT_EQ(line.lower(), "東京 都 | 港区. tokyo!");
  EXPECT_TRUE(line.normalized);
}

TEST(ScanLineTest, NormalizedOnlyForCodePointsNormalizationKeeps) {
  const auto normalized = [](std::string_view raw) {
    ScannedLine line;
    ScanLine(raw, line);
    return line.normalized;
  };
  EXPECT_TRUE(normalized("東京都で「記事」を読む。ＡＢＣ 123"));
  EXPECT_TRUE(normalized("\t東京\u3000都\u2028"));  // spaces become single U+0020
  EXPECT_FALSE(normalized(""));
  EXPECT_FALSE(normalized("Cafe\u0301"));  // NFC composes it
  EXPECT_FALSE(normalized("a\u200Bb"));    // zero-width space is dropped
  EXPECT_FALSE(normalized("a\x01"));       // control character is dropped
  EXPECT_FALSE(
      normalized("a\xC2\x85"
                 "b"));                          // NEL breaks the line
  EXPECT_FALSE(normalized("a\xE3\x81"));         // truncated sequence is dropped
  EXPECT_FALSE(normalized("\xC1\x81"));          // overlong "A"
  EXPECT_FALSE(normalized("\xE0\x81\x81"));      // overlong "A"
  EXPECT_FALSE(normalized("\xF0\x84\xB8\x80"));  // overlong "一"
  EXPECT_FALSE(normalized("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(normalized("…"));                 // not known to be kept
}

}  // namespace
}  // namespace newsflow::extract::internal
