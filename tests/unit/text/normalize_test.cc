#include "newsflow/text/normalize.h"

#include <chrono>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>

namespace newsflow::text {
namespace {

using ::std::string_literals::operator""s;

TEST(NormalizeTextTest, ComposesToNfc) {
  // "e" + U+0301 COMBINING ACUTE ACCENT becomes U+00E9.
  EXPECT_EQ(NormalizeText("Cafe\xCC\x81"), "Caf\xC3\xA9");
  // Hangul jamo compose into a syllable: U+1112 U+1161 U+11AB -> U+D55C.
  EXPECT_EQ(NormalizeText("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"), "\xED\x95\x9C");
}

TEST(NormalizeTextTest, KeepsAlreadyNormalizedTextUnchanged) {
  const std::string text = "東京で新しい駅が開業しました。\nMoscow, Москва, café.";
  EXPECT_EQ(NormalizeText(text), text);
}

TEST(NormalizeTextTest, RemovesControlCharacters) {
  EXPECT_EQ(NormalizeText("a\x01"
                          "b\x7F"
                          "c\xC2\x80"
                          "d"s),
            "abcd");
  EXPECT_EQ(NormalizeText("a\0b"s), "ab");
}

TEST(NormalizeTextTest, RemovesReplacementCharacter) {
  EXPECT_EQ(NormalizeText("ab\xEF\xBF\xBD"
                          "cd"),
            "abcd");
}

TEST(NormalizeTextTest, RemovesZeroWidthCharacters) {
  // U+200B, U+200C, U+200D, U+2060, U+FEFF.
  EXPECT_EQ(NormalizeText("a\xE2\x80\x8B"
                          "b\xE2\x80\x8C"
                          "c\xE2\x80\x8D"
                          "d\xE2\x81\xA0"
                          "e\xEF\xBB\xBF"
                          "f"),
            "abcdef");
}

TEST(NormalizeTextTest, RemovesBidiFormattingCharacters) {
  // U+200E, U+200F, U+202A, U+202E, U+2066, U+2069.
  EXPECT_EQ(NormalizeText("\xE2\x80\x8E"
                          "a\xE2\x80\x8F"
                          "b\xE2\x80\xAA"
                          "c\xE2\x80\xAE"
                          "d\xE2\x81\xA6"
                          "e\xE2\x81\xA9"),
            "abcde");
}

TEST(NormalizeTextTest, CollapsesHorizontalWhitespace) {
  EXPECT_EQ(NormalizeText("a  \t b"), "a b");
  // NBSP, U+3000 IDEOGRAPHIC SPACE, U+2003 EM SPACE.
  EXPECT_EQ(NormalizeText("a\xC2\xA0\xC2\xA0"
                          "b\xE3\x80\x80"
                          "c\xE2\x80\x83 d"),
            "a b c d");
}

TEST(NormalizeTextTest, ZeroWidthCharacterDoesNotSplitSpaceRun) {
  EXPECT_EQ(NormalizeText("a \xE2\x80\x8B b"), "a b");
}

TEST(NormalizeTextTest, TrimsEachLine) {
  EXPECT_EQ(NormalizeText("  first line  \n\t second line\t"), "first line\nsecond line");
  EXPECT_EQ(NormalizeText("\xE3\x80\x80全角スペース\xE3\x80\x80"), "全角スペース");
}

TEST(NormalizeTextTest, UnifiesLineBreaks) {
  // CR, CRLF, LF, NEL (U+0085), LINE SEPARATOR (U+2028), PARAGRAPH SEPARATOR (U+2029).
  EXPECT_EQ(NormalizeText("a\rb\r\nc\nd\xC2\x85"
                          "e\xE2\x80\xA8"
                          "f\xE2\x80\xA9"
                          "g"),
            "a\nb\nc\nd\ne\nf\ng");
}

TEST(NormalizeTextTest, DropsEmptyLines) {
  EXPECT_EQ(NormalizeText("\n\npara one\n\n  \n\r\npara two\n\n"), "para one\npara two");
  EXPECT_EQ(NormalizeText(" \n \t \n"), "");
  EXPECT_EQ(NormalizeText(""), "");
}

TEST(NormalizeTextTest, RemovesInvalidUtf8Sequences) {
  EXPECT_EQ(NormalizeText("ab\xFF"
                          "cd\xC3"),
            "abcd");
  // Overlong encoding of '/' and a lone surrogate are invalid too.
  EXPECT_EQ(NormalizeText("x\xC0\xAFy\xED\xA0\x80z"), "xyz");
}

TEST(NormalizeTextTest, IsFastOnLargeInput) {
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "東京の  ニュース\xE2\x80\x8B記事 Cafe\xCC\x81\r\n";
  const auto start = std::chrono::steady_clock::now();
  const std::string normalized = NormalizeText(big);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(normalized.substr(0, normalized.find('\n')), "東京の ニュース記事 Café");
  // About 800 KB: linear time keeps this far below a second even in debug builds.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 1000);
}

TEST(NormalizeTextTest, OutputInvariantsHoldForArbitraryBytes) {
  // Random bytes biased towards whitespace, line breaks and UTF-8 lead bytes.
  const std::string alphabet = " \t\r\na\xC2\xA0\xE3\x80\x80\xE2\x80\x8B\xCC\x81\xFF\x85z"s;
  uint32_t state = 7;
  for (int round = 0; round < 500; ++round) {
    std::string input;
    for (int i = 0; i < round % 64; ++i) {
      state = state * 1103515245u + 12345u;
      input.push_back(alphabet[(state >> 16) % alphabet.size()]);
    }
    const std::string out = NormalizeText(input);
    ASSERT_TRUE(IsValidUtf8(out)) << round;
    EXPECT_EQ(out.find('\r'), std::string::npos);
    EXPECT_EQ(out.find('\t'), std::string::npos);
    EXPECT_EQ(out.find("\n\n"), std::string::npos);
    EXPECT_EQ(out.find("  "), std::string::npos);
    EXPECT_EQ(out.find(" \n"), std::string::npos);
    EXPECT_EQ(out.find("\n "), std::string::npos);
    if (!out.empty()) {
      EXPECT_NE(out.front(), ' ');
      EXPECT_NE(out.back(), ' ');
      EXPECT_NE(out.back(), '\n');
    }
    EXPECT_EQ(NormalizeText(out), out) << "not idempotent for round " << round;
  }
}

// NormalizeText skips ICU's NFC check for text made only of these code points: right only
// while ICU says each is a quick-check Yes with combining class 0.
TEST(NormalizeTextTest, NfcInertCodePointsAreQuickCheckYesStarters) {
  size_t inert = 0;
  for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
    if (!internal::IsNfcInert(static_cast<char32_t>(c))) continue;
    ++inert;
    SCOPED_TRACE(c);
    ASSERT_EQ(u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK), UNORM_YES);
    ASSERT_EQ(u_getCombiningClass(c), 0);
  }
  EXPECT_GT(inert, 20000u);  // CJK unified ideographs alone are 20,992
}

// What IsStableUnderNormalization promises: a line of such code points with single spaces
// between them is its own NormalizeText. Every such code point, alone, between letters, next to
// every kind of neighbour it allows, and before a combining mark (which then changes it or not,
// but is not stable itself).
TEST(NormalizeTextTest, StableCodePointsAreKeptAsTheyAre) {
  size_t stable = 0;
  for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
    if (!IsStableUnderNormalization(static_cast<char32_t>(c))) continue;
    ++stable;
    char bytes[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, c);
    const std::string s(bytes, static_cast<size_t>(length));
    SCOPED_TRACE(c);
    ASSERT_EQ(NormalizeText(s), s);
    const std::string line = "a " + s + s + "東" + s + " " + s + "ア" + s + "。";
    ASSERT_EQ(NormalizeText(line), line);
    ASSERT_EQ(NormalizeText(line + "\n" + line), line + "\n" + line);
  }
  EXPECT_GT(stable, 20000u);
  for (char32_t c : {U' ', U'\t', U'\n', U'\r', U'\x7F', U'\x01', U'\u00A0', U'\u3000', U'\u200B',
                     U'\u0301', U'\u3099', U'\uFFFD', U'\u2028', U'\u0085', U'…'}) {
    EXPECT_FALSE(IsStableUnderNormalization(c)) << static_cast<uint32_t>(c);
  }
}

TEST(NormalizeTextTest, ComposesKanaWithCombiningVoicedMark) {
  // か + U+3099 (combining voiced mark, not inert) composes to が.
  EXPECT_EQ(NormalizeText("\u304B\u3099"), "が");
  EXPECT_EQ(NormalizeText("東京\u304B\u3099"), "東京が");
}

TEST(CountCodePointsTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("日本語"), 3u);
  EXPECT_EQ(CountCodePoints("caf\xC3\xA9 \xF0\x9F\x93\xB0"), 6u);  // café + space + U+1F4F0
}

TEST(CountCodePointsTest, CountsAcrossWordBoundaries) {
  // Counted eight bytes at a time: every length and offset of a mixed text against the
  // byte-by-byte definition.
  const std::string text = "東京 café \xF0\x9F\x93\xB0 ニュース, Tokyo 2024年、記事";
  for (size_t begin = 0; begin < text.size(); ++begin) {
    for (size_t end = begin; end <= text.size(); ++end) {
      const std::string_view part = std::string_view(text).substr(begin, end - begin);
      size_t expected = 0;
      for (char ch : part) expected += (static_cast<uint8_t>(ch) & 0xC0) != 0x80;
      ASSERT_EQ(CountCodePoints(part), expected) << begin << " " << end;
    }
  }
}

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("日本語 \xF0\x9F\x93\xB0"));
}

TEST(IsValidUtf8Test, RejectsMalformedText) {
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("abc\xE6\x97"));        // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));           // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));       // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));   // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\x93\x8c\x8b\x9e"s));  // Shift_JIS bytes
}

}  // namespace
}  // namespace newsflow::text
