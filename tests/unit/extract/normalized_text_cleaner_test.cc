#include "normalized_text_cleaner.h"

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "newsflow/extract/text_cleaner.h"
#include "newsflow/text/normalize.h"

namespace newsflow::extract::internal {
namespace {

// CleanTextNormalized must be CleanText followed by NormalizeText of its text, field by field.
void ExpectCleanThenNormalize(std::string_view input) {
  const ExtractedPage fused = CleanTextNormalized(input);
  ExtractedPage expected = CleanText(input);
  expected.text = text::NormalizeText(expected.text);
  SCOPED_TRACE(::testing::PrintToString(std::string(input)));
  ASSERT_EQ(fused.text, expected.text);
  ASSERT_EQ(fused.title, expected.title);
  ASSERT_EQ(fused.published_date, expected.published_date);
  ASSERT_EQ(fused.dateline, expected.dateline);
  ASSERT_EQ(fused.credits, expected.credits);
}

// Sentences and furniture of Japanese and English articles, and what normalization changes:
// inline pointers that leave two spaces behind, combining marks (also at the start of a line,
// after the "\n" that joins it to the previous one), zero-width and bidi characters, controls,
// NUL, NEL (a line break for normalization only), U+3000 and NBSP, CR, and malformed UTF-8
// (truncated sequences, stray continuation bytes, overlong forms, encoded surrogates).
const std::vector<std::string_view> kPieces = {
    "政府は新しい経済対策を発表した。",
    "東京都は来年度の予算案をまとめ、議会に提出する方針だ。",
    "The council approved the budget on Tuesday.",
    "Officials said the plan would take effect next year, and critics disagreed.",
    "写真：ロイター",
    "ホーム | 政治 | 経済 | 国際",
    "2024年6月19日 10:00",
    "関連記事",
    "シェア",
    "【ワシントン共同】米政府は19日、声明を発表した。",
    "市は対策を強化する (関連記事: 市長が会見) 方針を示した。",
    "He said (Related: the vote) it was final.",
    "関連する法案も提出された。",
    "(注) 数字は速報値。",
    " ",
    "\u3000",
    "\u00A0",
    "\t",
    "\r",
    "\u0301",
    "e\u0301",
    "か\u3099",
    "\u200B",
    "\u202A",
    "\xC2\x85",
    "\x01",
    std::string_view("\0", 1),
    "\x7F",
    "…",
    "\xE3\x81",
    "\xFF",
    "\x80",
    "\xC1\x81",
    "\xE0\x80\xA0",
    "\xED\xA0\x80",
    "\xEF\xBF\xBD",
};

TEST(CleanTextNormalizedTest, IsCleanTextThenNormalizeTextOnMalformedInput) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> lines(1, 16);
  std::uniform_int_distribution<int> pieces(1, 5);
  for (int i = 0; i < 4000; ++i) {
    std::string input;
    for (int n = lines(rng); n > 0; --n) {
      for (int k = pieces(rng); k > 0; --k) input += kPieces[piece(rng)];
      input += (rng() % 4 == 0) ? "\r\n" : "\n";
    }
    ExpectCleanThenNormalize(input);
  }
}

TEST(CleanTextNormalizedTest, NormalizesOnlyWhatNeedsIt) {
  const std::string article =
      "見出しの記事\n"
      "政府は新しい経済対策を発表した。景気の下支えを狙う。\n"
      "市は対策を強化する (関連記事: 市長が会見) 方針を示した。\n"
      "\u0301カフェ\u3000で e\u0301 を飲む人が増えた、と店主は話した。\n";
  ExpectCleanThenNormalize(article);
  const ExtractedPage page = CleanTextNormalized(article);
  EXPECT_EQ(page.text,
            "政府は新しい経済対策を発表した。景気の下支えを狙う。\n"
            "市は対策を強化する 方針を示した。\n"
            "\u0301カフェ で \u00E9 を飲む人が増えた、と店主は話した。");
  ExpectCleanThenNormalize("");
  ExpectCleanThenNormalize("\n\n\x01\n");
}

}  // namespace
}  // namespace newsflow::extract::internal
