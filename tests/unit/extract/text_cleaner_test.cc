#include "newsflow/extract/text_cleaner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newsflow::extract {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Hand-written: an article as a crawler's text export, with the furniture such exports carry.
constexpr std::string_view kJapaneseExport = R"(メインメニューへ移動 本文へスキップ
2024年5月12日 9:30
湾岸ニュース

港の旧橋、二年ぶりに通行再開
港の旧橋、二年ぶりに通行再開

5分で読めます

再開した旧橋を渡る車列=12日、横浜市 写真：ロイター

横浜(共同) – 老朽化で通行止めになっていた港の旧橋が12日、二年ぶりに通行を再開した。市によると、補修費は約41億円で、当初の見込みをわずかに下回った。

通勤客の一人は「毎日一時間も早く帰れる」と喜んだ。(関連記事: 港の渡し船、値上げへ)

工事の経緯

橋は2022年春、ケーブルの腐食が見つかり閉鎖された。市は今後、センサーでケーブルの状態を監視し、結果をウェブで公開する方針だ。
当サイトは皆さまの支援で運営しています。最新情報はminatonews.example.comへ。グッズはshop-minato.example.netでどうぞ。
[social_share_buttons url="https://minatonews.example.com" align="center"]
READ  港の渡し船、来月から値上げ
山田花子
港町在住。ライター。猫好き。二児の母。

人気ランキング
1
渡し船の運賃が来月から値上げ
2
港の花火大会、今年は中止に
こんな記事も読まれています
渡し船の運賃が来月から値上げ
港の花火大会、今年は中止に
新しい水族館が夏に開業、入場券は来週から発売
新しい水族館が夏に開業、入場券は来週から発売

コメント0
ログインしてコメントする
とても便利になりました。ありがとうございます。
)";

TEST(TextCleanerTest, KeepsOnlyTheArticleSentences) {
  const ExtractedPage page = CleanText(kJapaneseExport);
  EXPECT_EQ(
      page.text,
      "横浜(共同) – "
      "老朽化で通行止めになっていた港の旧橋が12日、二年ぶりに通行を再開した。市によると、補修費"
      "は約41億円で、当初の見込みをわずかに下回った。\n"
      "通勤客の一人は「毎日一時間も早く帰れる」と喜んだ。\n"
      "工事の経緯\n"
      "橋は2022年春、ケーブルの腐食が見つかり閉鎖された。市は今後、センサーでケーブルの状態を監"
      "視し、結果をウェブで公開する方針だ。");
}

TEST(TextCleanerTest, FillsTitleDateDatelineAndCredits) {
  const ExtractedPage page = CleanText(kJapaneseExport);
  EXPECT_EQ(page.title, "港の旧橋、二年ぶりに通行再開");
  EXPECT_EQ(page.published_date, "2024-05-12");
  EXPECT_EQ(page.dateline, "横浜");
  EXPECT_THAT(page.credits, ElementsAre("ロイター", "共同"));
}

TEST(TextCleanerTest, EnglishWireStory) {
  const ExtractedPage page = CleanText(
      "Home | World | Business\n"
      "Port strike ends after three weeks\n"
      "Nov. 5, 2024\n"
      "ROTTERDAM (Reuters) - Dock workers at Europe's largest port returned to work on Tuesday "
      "after unions accepted a new pay offer, ending a three-week strike.\n"
      "The walkout had left hundreds of containers stranded on the quays.\n"
      "Read more: Shipping rates climb as strikes spread\n"
      "Share\n"
      "Tweet\n"
      "Related Stories\n"
      "Shipping rates climb as strikes spread\n"
      "Comments\n"
      "Great to see the port working again.\n");
  EXPECT_EQ(page.title, "Port strike ends after three weeks");
  EXPECT_EQ(page.published_date, "2024-11-05");
  EXPECT_EQ(page.dateline, "ROTTERDAM");
  EXPECT_THAT(page.credits, ElementsAre("Reuters"));
  EXPECT_EQ(page.text,
            "ROTTERDAM (Reuters) - Dock workers at Europe's largest port returned to work on "
            "Tuesday after unions accepted a new pay offer, ending a three-week strike.\n"
            "The walkout had left hundreds of containers stranded on the quays.");
}

TEST(TextCleanerTest, TextWithoutFurnitureIsKeptWhole) {
  const ExtractedPage page = CleanText(
      "市議会は予算案を可決した。\n新しい図書館は来年春に開館する予定だ。\n市長は「市民の声に応えた"
      "」と述べた。");
  EXPECT_EQ(page.text,
            "市議会は予算案を可決した。\n新しい図書館は来年春に開館する予定だ。\n市長は「市民の声に"
            "応えた」と述べた。");
  EXPECT_EQ(page.title, "");
  EXPECT_EQ(page.published_date, "");
}

TEST(TextCleanerTest, ShortJapaneseSentencesAreNotABio) {
  const std::string text = "ロシアのプーチン大統領は声明を出した。交渉は続く見通しだ。詳細は未定。";
  EXPECT_EQ(CleanText(text).text, text);
}

TEST(TextCleanerTest, ListOfVeryShortSentencesIsABio) {
  const std::string text =
      "The ministry said talks between the two governments would resume on Monday in Geneva.\n"
      "Writer. Coffee lover. Dad. Runner.";
  EXPECT_EQ(CleanText(text).text,
            "The ministry said talks between the two governments would resume on Monday in "
            "Geneva.");
}

TEST(TextCleanerTest, RepeatedRunsAreDropped) {
  const ExtractedPage page = CleanText(
      "議会は新しい条例を賛成多数で可決し、来月から施行される見通しとなった。\n"
      "注目の話題はこちら\n駅前に新しい公園\n市バスの路線変更\n"
      "注目の話題はこちら\n駅前に新しい公園\n市バスの路線変更\n");
  EXPECT_THAT(page.text, Not(HasSubstr("駅前")));
  EXPECT_THAT(page.text, HasSubstr("条例"));
}

TEST(TextCleanerTest, NoticesOfAnEmbeddedVideoAreDropped) {
  const ExtractedPage page = CleanText(
      "川沿いの桜並木が満開となり、週末には多くの花見客が訪れた。市は夜間のライトアップを延長する。"
      "\n"
      "満開の並木を撮影したこの動画をご覧ください。\n"
      "この動画は、さくら散歩チャンネルからのものです。\n"
      "Watch the video of the lanterns below.\n");
  EXPECT_EQ(
      page.text,
      "川沿いの桜並木が満開となり、週末には多くの花見客が訪れた。市は夜間のライトアップを延長す"
      "る。");
}

TEST(TextCleanerTest, SentencesThatMentionAVideoAreKept) {
  const std::string text =
      "警察は防犯カメラの動画を公開し、情報提供を呼びかけている。\n"
      "この動画は、事件の直前に駅前で撮影されたものだという。";
  EXPECT_EQ(CleanText(text).text, text);
}

TEST(TextCleanerTest, BulletedLeadPointsUnderTheHeadlineAreKept) {
  const ExtractedPage page = CleanText(
      "本文へスキップ\n"
      "港町の新しい図書館が開館、蔵書は県内最大級に\n"
      "山田太郎 記者\n"
      "■ 港町の新図書館、3日に開館\n"
      "蔵書は約80万冊で県内最大級\n"
      "夜10時まで開館し通勤客にも対応\n"
      "港町の新しい市立図書館が3日、開館した。蔵書は約80万冊で、県内の公立図書館では最大級と"
      "なる。\n");
  EXPECT_EQ(page.title, "港町の新しい図書館が開館、蔵書は県内最大級に");
  EXPECT_EQ(page.text,
            "■ 港町の新図書館、3日に開館\n蔵書は約80万冊で県内最大級\n夜10時まで開館し通勤客にも"
            "対応\n港町の新しい市立図書館が3日、開館した。蔵書は約80万冊で、県内の公立図書館では最"
            "大級となる。");
}

TEST(TextCleanerTest, UnbulletedShortLinesBeforeTheBodyAreNotLeadPoints) {
  const ExtractedPage page = CleanText(
      "港町の新しい図書館が開館、蔵書は県内最大級に\n"
      "ニュース一覧に戻る\n"
      "前の記事 駅前の再開発が始動\n"
      "港町の新しい市立図書館が3日、開館した。蔵書は約80万冊で、県内の公立図書館では最大級と"
      "なる。\n");
  EXPECT_EQ(page.text,
            "港町の新しい市立図書館が3日、開館した。蔵書は約80万冊で、県内の公立図書館では最大級と"
            "なる。");
}

TEST(TextCleanerTest, ShortParagraphAfterALinkThatNamesARelatedSectionIsKept) {
  // The link to the section is a heading-like line; the story's short lead follows it.
  const ExtractedPage page = CleanText(
      "地域の話題をもっと見る\n"
      "港町の花火大会が3年ぶりに開かれる。\n"
      "実行委員会によると、8月10日の夜に約5000発を打ち上げる。会場周辺では交通規制が敷かれ、"
      "臨時のシャトルバスが駅から運行される予定だ。\n"
      "委員長は「多くの人に楽しんでほしい」と話した。\n");
  EXPECT_EQ(page.text,
            "港町の花火大会が3年ぶりに開かれる。\n"
            "実行委員会によると、8月10日の夜に約5000発を打ち上げる。会場周辺では交通規制が敷"
            "かれ、臨時のシャトルバスが駅から運行される予定だ。\n"
            "委員長は「多くの人に楽しんでほしい」と話した。");
}

TEST(TextCleanerTest, ShortEnglishParagraphsAfterARelatedLinkAreKept) {
  // Every paragraph is under the list-item length: nothing would be left if they were items.
  const ExtractedPage page = CleanText(
      "More from local news\n"
      "The council voted on Tuesday to close the old pool.\n"
      "It will be replaced by a new leisure centre. Work starts in May.\n"
      "Residents can comment on the plans until the end of March.\n");
  EXPECT_EQ(page.text,
            "The council voted on Tuesday to close the old pool.\n"
            "It will be replaced by a new leisure centre. Work starts in May.\n"
            "Residents can comment on the plans until the end of March.");
}

TEST(TextCleanerTest, RelatedListBeforeTheArticleIsDroppedUpToTheProse) {
  // Items are headlines: no final punctuation, one cut off with an ellipsis, one a single
  // sentence. The list ends with the sentences that lead into a paragraph of several.
  const ExtractedPage page = CleanText(
      "Related stories\n"
      "Rail yard clean-up cost doubles\n"
      "Bus drivers vote on new contract...\n"
      "Depot plan delayed again.\n"
      "Neighbours fear more traffic on Mill Road\n"
      "The city has approved a new bus depot on the old rail yard.\n"
      "Construction is due to begin next spring.\n"
      "The depot will house 120 electric buses. It opens in 2027.\n");
  EXPECT_EQ(page.text,
            "The city has approved a new bus depot on the old rail yard.\n"
            "Construction is due to begin next spring.\n"
            "The depot will house 120 electric buses. It opens in 2027.");
}

TEST(TextCleanerTest, RelatedListAtTheEndIsDroppedEvenWithSentenceItems) {
  const ExtractedPage page = CleanText(
      "県は来年度から、高校生の通学費の一部を補助する制度を始めると発表した。対象は約2万人で、"
      "予算は約8億円を見込む。\n"
      "関連記事\n"
      "県立高校の再編案、来月に公表\n"
      "通学路の点検を全校で実施へ。\n"
      "バス路線の廃止、県が対策を検討…\n"
      "鉄道の運賃、4月から値上げ\n");
  EXPECT_EQ(page.text,
            "県は来年度から、高校生の通学費の一部を補助する制度を始めると発表した。対象は約2万人"
            "で、予算は約8億円を見込む。");
}

TEST(TextCleanerTest, EmptyInput) {
  EXPECT_EQ(CleanText("").text, "");
  EXPECT_EQ(CleanText("\n \n").text, "");
}

}  // namespace
}  // namespace newsflow::extract
