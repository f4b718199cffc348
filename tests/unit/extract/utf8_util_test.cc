#include "utf8_util.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace newsflow::extract::internal {
namespace {

// Find must answer exactly as std::string_view::find, which it replaces on the hot path.
TEST(FindTest, AgreesWithStringViewFindOnEveryOffset) {
  const std::vector<std::string_view> haystacks = {
      "",
      "a",
      "写真：ロイター（写真は資料）",
      "クレジット…クレジット:写真撮影：",
      "(Related: x) (Read more) (See also y)",
      "aaaaab",
      "example.com and example.jp.",
      "\xE5\x86\x99\xE5\x86",  // a truncated kanji at the end
  };
  const std::vector<std::string_view> needles = {
      "",          "a",        "ab",          "写真",
      "（写真",    "写真：",   "クレジット…", "撮影：",
      "(Related:", ".com",     ".jp",         "aab",
      "\x99",      "\xE5\x86", "not there",   "写真は資料）ロイター"};
  for (std::string_view haystack : haystacks) {
    for (std::string_view needle : needles) {
      for (size_t from = 0; from <= haystack.size() + 1; ++from) {
        EXPECT_EQ(Find(haystack, needle, from), haystack.find(needle, from))
            << "haystack '" << haystack << "' needle '" << needle << "' from " << from;
      }
      EXPECT_EQ(Contains(haystack, needle), haystack.find(needle) != std::string_view::npos);
    }
  }
}

// The inline three-byte path of NextCodePoint must decode as DecodeCodePoint does, including
// malformed and truncated sequences (U+FFFD, one byte consumed).
TEST(NextCodePointTest, AgreesWithDecodeCodePoint) {
  const std::vector<std::string> inputs = {
      "日本語のテキスト", "\xE3\x81",         "\xE3\x81\x41", "\xE3\x41\x81",
      "\xEF\xBF\xBD",     "\xE0\x80\x80",     "a\xE3",        "\xF0\x9F\x98\x80x",
      "\xC3\xA9t\xC3",    "\xED\xA0\x80 end", "\x80\x80"};
  for (const std::string& input : inputs) {
    size_t inline_pos = 0;
    size_t decode_pos = 0;
    while (inline_pos < input.size()) {
      const char32_t a = NextCodePoint(input, inline_pos);
      const char32_t b = DecodeCodePoint(input, decode_pos);
      ASSERT_EQ(a, b) << "at byte " << decode_pos << " of an input of " << input.size();
      ASSERT_EQ(inline_pos, decode_pos);
    }
  }
}

TEST(CollapseSpaceTest, CollapsesRunsOfUnicodeSpaceAndTrims) {
  EXPECT_EQ(CollapseSpace(""), "");
  EXPECT_EQ(CollapseSpace(" \t "), "");
  EXPECT_EQ(CollapseSpace("  東京\u3000\u3000都  港区 "), "東京 都 港区");
  EXPECT_EQ(CollapseSpace("a\u00A0b\tc\r\nd"), "a b c d");
  EXPECT_EQ(CollapseSpace("x\u200By"), "x\u200By");  // zero-width space is not a space
  EXPECT_EQ(CollapseSpace("bad\xE3\x81 byte"), "bad\xE3\x81 byte");  // bytes kept as given
}

// IsWordChar answers ASCII, kana and CJK inline and the rest out of line; IsOtherWordChar
// holds the whole definition, so both agree on every code point.
TEST(IsWordCharTest, InlineRangesAgreeWithTheFullDefinition) {
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    ASSERT_EQ(IsWordChar(cp), IsOtherWordChar(cp)) << static_cast<uint32_t>(cp);
  }
  EXPECT_TRUE(IsWordChar(U'あ'));
  EXPECT_TRUE(IsWordChar(U'東'));
  EXPECT_FALSE(IsWordChar(U'・'));
  EXPECT_FALSE(IsWordChar(U'、'));
}

// IsSpace decides code points above U+3000 without asking IsNonAsciiSpace: none of them is a
// space by its definition.
TEST(IsSpaceTest, ShortcutAgreesWithTheFullDefinition) {
  for (char32_t cp = 0x80; cp <= 0x10FFFF; ++cp) {
    ASSERT_EQ(IsSpace(cp), IsNonAsciiSpace(cp)) << static_cast<uint32_t>(cp);
  }
  EXPECT_TRUE(IsSpace(U'\u3000'));
  EXPECT_TRUE(IsSpace(U'\u00A0'));
  EXPECT_FALSE(IsSpace(U'\u3001'));
  EXPECT_TRUE(IsSpace(' '));
}

}  // namespace
}  // namespace newsflow::extract::internal
