#include "newsflow/dedup/hashing.h"

#include <bit>
#include <string>

#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace newsflow::dedup {
namespace {

// Hand-written news-style Japanese paragraphs.
const std::string kArticle =
    "東京都は十五日、都心と臨海部を結ぶ新しい地下鉄路線の建設計画を正式に発表した。"
    "総事業費はおよそ五千億円で、二〇三〇年代半ばの開業を目指す。新路線は東京駅付近から"
    "晴海、豊洲を経て有明までの約六キロを結び、途中に四つの駅を設ける予定だ。"
    "都の担当者は記者会見で「臨海部では人口が急増しており、既存の交通機関だけでは"
    "混雑に対応できない」と説明した。計画では、国や鉄道事業者と費用を分担する方針で、"
    "来年度から環境影響評価の手続きに入る。一方、一部の専門家からは、人口減少が進む中で"
    "巨額の投資に見合う需要があるのか慎重に検討すべきだとの声も上がっている。"
    "地元の商店街では期待の声が多く、ある店主は「駅ができれば人の流れが変わり、"
    "地域全体が活気づくはずだ」と話していた。都は今後、住民説明会を各地で開き、"
    "意見を聞きながら詳細な設計を進めるとしている。"
    "新路線の計画をめぐっては、沿線の自治体からも早期の着工を求める要望書が相次いで提出されている。"
    "中央区の区長は「通勤時間帯のバスは満員で、住民の不満は限界に近い」と述べ、計画の前倒しを訴えた"
    "。"
    "江東区も、駅周辺のまちづくりと一体で進めるよう都に求めている。これに対し都は、"
    "工事期間中の騒音や交通規制について丁寧に説明し、住民の理解を得ながら進めると強調した。"
    "また、災害時の避難経路としての役割も想定しており、駅には非常用の発電設備や備蓄倉庫を"
    "設ける案も検討されている。鉄道の専門家は「臨海部の再開発が進む今が整備の好機だ」と評価する"
    "一方、「運賃の設定次第では利用が伸び悩む恐れもある」と指摘した。都は年内にも有識者会議を"
    "設置し、需要予測や収支の見通しを改めて精査する方針だ。";

const std::string kUnrelated =
    "北海道の旭山動物園で、今春生まれたホッキョクグマの赤ちゃんが初めて一般公開された。"
    "体重は約十キロに成長し、母親の後を追いながら雪の上を元気に歩き回る姿に、"
    "集まった来園者からは歓声が上がった。飼育員によると、赤ちゃんは好奇心が強く、"
    "プールの水にも少しずつ慣れてきたという。名前は来月、来園者の投票で決める予定で、"
    "園では候補となる三つの名前を掲示している。冬の期間は開園時間が短くなるため、"
    "園は公式サイトで最新の情報を確認するよう呼びかけている。";

TEST(Sha256Test, MatchesKnownDigest) {
  const std::array<uint8_t, 32> digest = Sha256("abc");
  EXPECT_EQ(ToHex(digest.data(), digest.size()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::array<uint8_t, 32> empty = Sha256("");
  EXPECT_EQ(ToHex(empty.data(), empty.size()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ToHexTest, IsLowercaseTwoDigitsPerByte) {
  const uint8_t bytes[] = {0x00, 0x0F, 0xA0, 0xFF};
  EXPECT_EQ(ToHex(bytes, sizeof(bytes)), "000fa0ff");
  EXPECT_EQ(ToHex(bytes, 0), "");
}

TEST(ContentHashTest, IsHexSha256OfText) {
  EXPECT_EQ(ContentHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(ContentHash(kArticle), ContentHash(kArticle + "。"));
}

TEST(SimHashTest, NearIdenticalJapaneseTextsAreClose) {
  // The same story republished with one figure corrected ("五千億円" -> "六千億円") and
  // different punctuation and spacing. A one-character edit changes 4 of the ~700 shingles;
  // SimHash distances of such edits grow as texts get shorter, which is why the article here
  // has news-article length.
  std::string edited = kArticle;
  const std::string from = "五千億円";
  edited.replace(edited.find(from), from.size(), "六千億円");
  const std::string comma = "、";
  edited.replace(edited.find(comma), comma.size(), " ");
  const uint64_t original_hash = SimHash(kArticle);
  const uint64_t edited_hash = SimHash(edited);
  EXPECT_NE(original_hash, edited_hash);
  EXPECT_LE(HammingDistance(original_hash, edited_hash), 3);
}

TEST(SimHashTest, IgnoresWhitespacePunctuationAndCase) {
  EXPECT_EQ(SimHash("Breaking News: the Market rose, sharply!"),
            SimHash("breaking news the market rose sharply"));
  const std::string spaced = "東京都は 十五日、\n都心と臨海部を　結ぶ";
  EXPECT_EQ(SimHash(spaced), SimHash("東京都は十五日都心と臨海部を結ぶ"));
}

TEST(SimHashTest, UnrelatedTextsAreFarApart) {
  EXPECT_GT(HammingDistance(SimHash(kArticle), SimHash(kUnrelated)), 10);
  EXPECT_GT(HammingDistance(SimHash("The central bank raised interest rates again today."),
                            SimHash("Local team wins the championship after a dramatic final.")),
            10);
}

TEST(SimHashTest, IsDeterministicAndHandlesShortText) {
  EXPECT_EQ(SimHash(kArticle), SimHash(kArticle));
  EXPECT_EQ(SimHash(""), 0u);
  EXPECT_EQ(SimHash("、。 !?"), 0u);
  EXPECT_NE(SimHash("東京"), 0u);
  EXPECT_NE(SimHash("東京"), SimHash("大阪"));
}

// SimHash keeps kana and CJK ideographs without asking ICU (a fast path): that is only right
// while ICU says they are letters that are neither white space nor punctuation and fold to
// themselves.
TEST(SimHashTest, FastPathRangesAreLettersWithoutCaseFolding) {
  auto check = [](UChar32 first, UChar32 last) {
    for (UChar32 c = first; c <= last; ++c) {
      SCOPED_TRACE(c);
      EXPECT_FALSE(u_isUWhiteSpace(c));
      EXPECT_FALSE(u_ispunct(c));
      const int8_t type = u_charType(c);
      EXPECT_TRUE(type == U_OTHER_LETTER || type == U_MODIFIER_LETTER);
      EXPECT_EQ(u_foldCase(c, U_FOLD_CASE_DEFAULT), c);
    }
  };
  check(0x4E00, 0x9FFF);
  check(0x3041, 0x3096);
  check(0x30A1, 0x30FA);
  check(0x30FC, 0x30FC);
}

// Punctuation of the CJK symbols, kana and full-width blocks is skipped through a table: each
// code point of these blocks is dropped exactly when ICU calls it a space, punctuation, a
// control, a format character or unassigned (or it is U+FFFD).
TEST(SimHashTest, CjkBlockCodePointsAreDroppedAsIcuClassifiesThem) {
  const std::string base = "東京都大阪府";
  size_t dropped = 0;
  for (UChar32 c = 0x3000; c <= 0xFFFF; ++c) {
    if (c == 0x3100) c = 0xFF00;
    const int8_t type = u_charType(c);
    const bool ignored = u_isUWhiteSpace(c) || u_ispunct(c) || type == U_CONTROL_CHAR ||
                         type == U_FORMAT_CHAR || type == U_UNASSIGNED || c == 0xFFFD;
    dropped += ignored;
    char bytes[4];
    int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, c);
    const std::string with = "東京都" + std::string(bytes, length) + "大阪府";
    SCOPED_TRACE(c);
    if (ignored) {
      ASSERT_EQ(SimHash(with), SimHash(base));
    } else {
      ASSERT_NE(SimHash(with), SimHash(base));
    }
  }
  EXPECT_GT(dropped, 80u);  // 93 with ICU 72
}

TEST(SimHashTest, JapaneseValueIsStable) {
  // Pinned value: stored simhashes must stay comparable across releases.
  EXPECT_EQ(SimHash(kArticle), uint64_t{7096393187702473074ULL});
}

TEST(HammingDistanceTest, CountsDifferingBits) {
  EXPECT_EQ(HammingDistance(0, 0), 0);
  EXPECT_EQ(HammingDistance(0, ~uint64_t{0}), 64);
  EXPECT_EQ(HammingDistance(0b1011, 0b0010), 2);
  // Against std::popcount on pseudo-random words (xorshift), every bit count included.
  uint64_t state = 88172645463325252ULL;
  for (int i = 0; i < 100000; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    const uint64_t other = state >> (i % 64);
    ASSERT_EQ(HammingDistance(state, other), std::popcount(state ^ other)) << state;
  }
}

}  // namespace
}  // namespace newsflow::dedup
