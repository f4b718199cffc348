#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "newsflow/source/source_registry.h"

namespace newsflow::source {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

struct AgencyCase {
  const char* expected;
  const char* text;
};

class FindWireAgenciesTest : public ::testing::TestWithParam<AgencyCase> {};

TEST_P(FindWireAgenciesTest, FindsCreditedAgency) {
  EXPECT_THAT(FindWireAgencies(GetParam().text), ElementsAre(GetParam().expected))
      << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Variants, FindWireAgenciesTest,
    ::testing::Values(AgencyCase{"AP", "ハノイ(AP) – ベトナム政府は19日、発表した。"},
                      AgencyCase{"AP", "ハノイ（AP）― ベトナム政府は19日、発表した。"},
                      AgencyCase{"AP", "AP通信によると、死者は10人に上った。"},
                      AgencyCase{"AP", "The Associated Press reported the figures on Monday."},
                      AgencyCase{"AP", "NEW YORK (AP) — Stocks rose on Wall Street."},
                      AgencyCase{"Reuters", "WASHINGTON (Reuters) - The Senate voted on Tuesday."},
                      AgencyCase{"Reuters", "ロイター通信が報じた。"},
                      AgencyCase{"AFP", "PARIS (AFP) — Le gouvernement a annoncé mardi..."},
                      AgencyCase{"AFP", "AFP通信によると、大統領は辞任を表明した。"},
                      AgencyCase{"AFP", "フランス通信が伝えた。"},
                      AgencyCase{"Kyodo", "共同通信の世論調査で内閣支持率は30%だった。"},
                      AgencyCase{"Kyodo", "【ワシントン共同】米政府は19日、新たな制裁を発表した。"},
                      AgencyCase{"Kyodo", "米政府は新たな制裁を発表した。（ロンドン＝共同）"},
                      AgencyCase{"Kyodo", "首相は19日、記者団に語った。(共同)"},
                      AgencyCase{"Kyodo", "Tokyo, June 19 (Kyodo) -- The government said..."},
                      AgencyCase{"Jiji", "時事通信の調査によると、支持率は下落した。"},
                      AgencyCase{"Jiji", "記者会見する首相＝19日、首相官邸（代表撮影=時事）"},
                      AgencyCase{"Jiji", "【ワシントン時事】米政府は19日、発表した。"},
                      AgencyCase{"Sputnik", "スプートニクが伝えた。"},
                      AgencyCase{"Sputnik", "Sputnik reported the talks ended."},
                      AgencyCase{"Yonhap", "聯合ニュースによると、北朝鮮がミサイルを発射した。"},
                      AgencyCase{"Yonhap", "韓国の聯合通信が報じた。"},
                      AgencyCase{"Yonhap",
                                 "SEOUL, June 19 (Yonhap) -- North Korea fired a missile."},
                      AgencyCase{"Xinhua", "新華社によると、会談は北京で行われた。"},
                      AgencyCase{"Xinhua", "BEIJING, June 19 (Xinhua) -- China said..."},
                      AgencyCase{"TASS", "タス通信によると、会談は2時間続いた。"},
                      AgencyCase{"TASS", "MOSCOW, June 19 (TASS) - The Kremlin said."},
                      AgencyCase{"RIA Novosti", "ロシアのリア・ノーボスチ通信が伝えた。"},
                      AgencyCase{"RIA Novosti", "RIA Novosti cited a ministry source."},
                      AgencyCase{"Bloomberg", "ブルームバーグが報じた。"},
                      AgencyCase{"Bloomberg", "according to Bloomberg News."},
                      AgencyCase{"dpa", "BERLIN (dpa) - Die Regierung hat..."},
                      AgencyCase{"EFE", "MADRID (EFE) - El Gobierno aprobó..."},
                      AgencyCase{"ANSA", "ROMA (ANSA) - Il governo ha approvato..."},
                      AgencyCase{"UPI", "WASHINGTON, June 19 (UPI) -- The House passed..."},
                      AgencyCase{"Interfax", "インタファクス通信によると、交渉は続いている。"},
                      AgencyCase{"Interfax", "Interfax reported, citing a source."},
                      AgencyCase{"KCNA", "朝鮮中央通信は20日、発射実験の成功を伝えた。"},
                      AgencyCase{"KCNA", "state media KCNA said on Friday."}),
    [](const ::testing::TestParamInfo<AgencyCase>& info) {
      std::string name = info.param.expected;
      for (char& c : name) {
        if (c == ' ') c = '_';
      }
      return name + "_" + std::to_string(info.index);
    });

TEST(FindWireAgenciesFalsePositiveTest, IgnoresLookalikes) {
  for (const char* text : {
           "両国は共同声明を発表した。",
           "日米共同開発のミサイル",
           "共同で記者会見を開いた。",
           "時事問題に詳しい評論家",
           "時事ネタを扱う番組",
           "The APAC region grew fastest.",
           "CHAPTER 3: AP Biology exam results",
           "Michael Bloomberg announced a donation.",
           "Reutersville is a small town.",
           "An AFPX filing was published.",
           "【速報】東京で震度4",
       }) {
    EXPECT_THAT(FindWireAgencies(text), IsEmpty()) << text;
  }
}

TEST(FindWireAgenciesTest, ReturnsUniqueNamesInOrderOfFirstAppearance) {
  EXPECT_THAT(FindWireAgencies("ロイター通信によると… AFP通信も伝えた。ロイターは続報で… "
                               "(AP) and Reuters said."),
              ElementsAre("Reuters", "AFP", "AP"));
  EXPECT_THAT(FindWireAgencies("写真は演説する首相（AFP＝時事）。ロイター＝共同"),
              ElementsAre("AFP", "Jiji", "Reuters", "Kyodo"));
}

struct DatelineCase {
  const char* expected;
  const char* text;
};

class DatelineTest : public ::testing::TestWithParam<DatelineCase> {};

TEST_P(DatelineTest, FindsPlace) {
  auto registry = SourceRegistry::LoadFromString("");
  ASSERT_TRUE(registry.ok());
  EXPECT_EQ(DescribeSource(**registry, "example.com", GetParam().text).dateline,
            GetParam().expected)
      << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Forms, DatelineTest,
    ::testing::Values(
        DatelineCase{"ハノイ", "ハノイ(AP) – ベトナム政府は19日、発表した。"},
        DatelineCase{"ハノイ", "ハノイ（AP）― ベトナム政府は19日、発表した。"},
        DatelineCase{"ワシントン", "【ワシントン共同】米政府は19日、新たな制裁を発表した。"},
        DatelineCase{"ワシントン", "【ワシントン時事】米政府は19日、発表した。"},
        DatelineCase{"ロンドン", "（ロンドン＝共同）英政府は19日、発表した。"},
        DatelineCase{"WASHINGTON", "WASHINGTON (Reuters) - The Senate voted on Tuesday."},
        DatelineCase{"MOSCOW", "MOSCOW, June 19 (Reuters) - The Kremlin said on Monday."},
        DatelineCase{"PARIS", "PARIS (AFP) — Le gouvernement a annoncé mardi..."},
        DatelineCase{"NEW YORK", "  NEW YORK (AP) — Stocks rose on Wall Street.\nMore text."},
        DatelineCase{"ST. LOUIS", "ST. LOUIS (AP) — A judge ruled on Friday."},
        DatelineCase{"KYIV", "KYIV, Ukraine — Russian forces launched an attack."},
        // No dateline
        DatelineCase{"", "The Senate voted on Tuesday (Reuters reported) to pass it."},
        DatelineCase{"", "【速報】東京で震度4"}, DatelineCase{"", "共同声明が発表された。"},
        DatelineCase{"", ""},
        DatelineCase{"", "Officials said on Monday that the plan - which was late - works."}),
    [](const ::testing::TestParamInfo<DatelineCase>& info) {
      return "Case" + std::to_string(info.index);
    });

}  // namespace
}  // namespace newsflow::source
