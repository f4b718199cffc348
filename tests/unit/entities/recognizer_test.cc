#include "newsflow/entities/recognizer.h"

#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newsflow::entities {
namespace {

std::string DataDir() { return std::string(NEWSFLOW_SOURCE_DIR) + "/data/entities"; }

// The shipped alias table without the trained models: these tests pin the rule taggers, which
// remain the fallback when data_dir has no ja.model / en.model (recognizer_model_test.cc covers
// the shipped models).
// ctest runs each test case as its own process, several at a time, so the table is copied under
// a name of this process and renamed into place (atomic): overwriting it in place let another
// process read a truncated table.
std::string RulesOnlyDataDir() {
  const std::filesystem::path dir =
      std::filesystem::path(NEWSFLOW_BINARY_DIR) / "entities_rules_only_data";
  std::filesystem::create_directories(dir);
  const std::filesystem::path staged = dir / ("aliases.tsv." + std::to_string(getpid()));
  std::filesystem::copy_file(DataDir() + "/aliases.tsv", staged,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::rename(staged, dir / "aliases.tsv");
  return dir.string();
}

class RecognizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = Recognizer::Create({.data_dir = RulesOnlyDataDir(), .mecab_dicdir = ""});
    ASSERT_TRUE(created.ok()) << created.status();
    recognizer_ = created->release();
  }
  static void TearDownTestSuite() {
    delete recognizer_;
    recognizer_ = nullptr;
  }

  // The mention whose surface is `surface`, or nullptr.
  static const EntityMention* FindSurface(const std::vector<EntityMention>& mentions,
                                          const std::string& surface) {
    for (const EntityMention& mention : mentions) {
      if (mention.surface == surface) return &mention;
    }
    return nullptr;
  }

  static std::string Describe(const std::vector<EntityMention>& mentions) {
    std::string out;
    for (const EntityMention& m : mentions) {
      out += m.surface + "[" + std::to_string(m.begin) + "," + std::to_string(m.end) + ")" +
             EntityTypeName(m.type) + ":" + m.entity_id + " ";
    }
    return out;
  }

  static Recognizer* recognizer_;
};

Recognizer* RecognizerTest::recognizer_ = nullptr;

constexpr char kJapaneseNews[] =
    "ハノイ（AP）― ロシアのプーチン大統領は19日、北朝鮮の金正恩総書記と平壌で会談した。";

TEST_F(RecognizerTest, JapaneseNewsSentenceOffsetsAndCanonicalIds) {
  const auto mentions = recognizer_->Recognize(kJapaneseNews, "ja");
  struct Expected {
    const char* surface;
    uint32_t begin;
    uint32_t end;
    EntityType type;
    const char* name;
    const char* id;
  };
  const Expected expected[] = {
      {"ハノイ", 0, 3, EntityType::kLocation, "Hanoi", "nf:hanoi"},
      {"AP", 4, 6, EntityType::kOrganization, "Associated Press", "nf:associated-press"},
      {"ロシア", 9, 12, EntityType::kLocation, "Russia", "nf:russia"},
      {"プーチン", 13, 17, EntityType::kPerson, "Vladimir Putin", "nf:vladimir-putin"},
      {"北朝鮮", 25, 28, EntityType::kLocation, "North Korea", "nf:north-korea"},
      {"金正恩", 29, 32, EntityType::kPerson, "Kim Jong Un", "nf:kim-jong-un"},
      {"平壌", 36, 38, EntityType::kLocation, "Pyongyang", "nf:pyongyang"},
  };
  ASSERT_EQ(mentions.size(), std::size(expected)) << Describe(mentions);
  for (size_t i = 0; i < mentions.size(); ++i) {
    SCOPED_TRACE(expected[i].surface);
    EXPECT_EQ(mentions[i].surface, expected[i].surface);
    EXPECT_EQ(mentions[i].begin, expected[i].begin);
    EXPECT_EQ(mentions[i].end, expected[i].end);
    EXPECT_EQ(mentions[i].type, expected[i].type);
    EXPECT_EQ(mentions[i].canonical_name, expected[i].name);
    EXPECT_EQ(mentions[i].entity_id, expected[i].id);
    EXPECT_GE(mentions[i].confidence, 0.9f);
  }
}

TEST_F(RecognizerTest, JapaneseVariantsMapToOneId) {
  const auto mentions = recognizer_->Recognize(
      "北朝鮮のキム・ジョンウン氏は、金総書記として初めてウラジオストクを訪れた。", "ja");
  const EntityMention* katakana = FindSurface(mentions, "キム・ジョンウン");
  const EntityMention* title = FindSurface(mentions, "金総書記");
  ASSERT_NE(katakana, nullptr) << Describe(mentions);
  ASSERT_NE(title, nullptr) << Describe(mentions);
  EXPECT_EQ(katakana->entity_id, "nf:kim-jong-un");
  EXPECT_EQ(title->entity_id, "nf:kim-jong-un");
  EXPECT_EQ(katakana->begin, 4u);
  EXPECT_EQ(katakana->end, 12u);
  ASSERT_NE(FindSurface(mentions, "ウラジオストク"), nullptr) << Describe(mentions);
  const auto summary = Summarize(mentions);
  ASSERT_FALSE(summary.empty());
  EXPECT_EQ(summary[0].entity_id, "nf:kim-jong-un");
  EXPECT_EQ(summary[0].mention_count, 2u);
}

TEST_F(RecognizerTest, JapaneseRulesFindUnknownNamesPlacesAndOrganizations) {
  const auto mentions = recognizer_->Recognize(
      "山田太郎氏は東京都千代田区でアクメ株式会社の幹部と会い、ジョン・スミス報道官も同席した。",
      "ja");
  const EntityMention* person = FindSurface(mentions, "山田太郎");
  ASSERT_NE(person, nullptr) << Describe(mentions);
  EXPECT_EQ(person->type, EntityType::kPerson);
  EXPECT_EQ(person->canonical_name, "山田太郎");
  EXPECT_EQ(person->entity_id, FallbackEntityId(EntityType::kPerson, "山田太郎"));
  EXPECT_LT(person->confidence, 0.9f);
  // An address chain is one place, longer than the alias 東京都 inside it.
  const EntityMention* place = FindSurface(mentions, "東京都千代田区");
  ASSERT_NE(place, nullptr) << Describe(mentions);
  EXPECT_EQ(place->type, EntityType::kLocation);
  EXPECT_EQ(place->entity_id, FallbackEntityId(EntityType::kLocation, "東京都千代田区"));
  const EntityMention* company = FindSurface(mentions, "アクメ株式会社");
  ASSERT_NE(company, nullptr) << Describe(mentions);
  EXPECT_EQ(company->type, EntityType::kOrganization);
  const EntityMention* spokesman = FindSurface(mentions, "ジョン・スミス");
  ASSERT_NE(spokesman, nullptr) << Describe(mentions);
  EXPECT_EQ(spokesman->type, EntityType::kPerson);
}

TEST_F(RecognizerTest, PlaceSuffixKeepsTheAliasId) {
  const auto mentions = recognizer_->Recognize("平壌市で式典が開かれた。", "ja");
  ASSERT_EQ(mentions.size(), 1u) << Describe(mentions);
  EXPECT_EQ(mentions[0].surface, "平壌市");
  EXPECT_EQ(mentions[0].entity_id, "nf:pyongyang");
}

TEST_F(RecognizerTest, OneKanjiCountryAbbreviationsOnlyInHeadlinePatterns) {
  const auto pairs = recognizer_->Recognize("日米首脳会談の後、露大統領府が声明を出した。", "ja");
  const EntityMention* japan = FindSurface(pairs, "日");
  const EntityMention* us = FindSurface(pairs, "米");
  const EntityMention* russia = FindSurface(pairs, "露");
  ASSERT_NE(japan, nullptr) << Describe(pairs);
  ASSERT_NE(us, nullptr) << Describe(pairs);
  ASSERT_NE(russia, nullptr) << Describe(pairs);
  EXPECT_EQ(japan->entity_id, "nf:japan");
  EXPECT_EQ(us->entity_id, "nf:united-states");
  EXPECT_EQ(russia->entity_id, "nf:russia");
  // Rice, the 19th, "in the middle of" and "morning" are not countries.
  const auto plain =
      recognizer_->Recognize("米を炊いた。19日米価が上がった。期間中に朝食をとった。", "ja");
  EXPECT_EQ(FindSurface(plain, "米"), nullptr) << Describe(plain);
  EXPECT_EQ(FindSurface(plain, "日"), nullptr) << Describe(plain);
  EXPECT_EQ(FindSurface(plain, "中"), nullptr) << Describe(plain);
  EXPECT_EQ(FindSurface(plain, "朝"), nullptr) << Describe(plain);
}

TEST_F(RecognizerTest, EnglishNewsSentence) {
  const std::string text =
      "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Pyongyang, the "
      "Associated Press reported.";
  const auto mentions = recognizer_->Recognize(text, "en");
  ASSERT_EQ(mentions.size(), 4u) << Describe(mentions);
  EXPECT_EQ(mentions[0].surface, "Vladimir Putin");
  EXPECT_EQ(mentions[0].begin, 18u);
  EXPECT_EQ(mentions[0].end, 32u);
  EXPECT_EQ(mentions[0].entity_id, "nf:vladimir-putin");
  EXPECT_EQ(mentions[1].surface, "Kim Jong Un");
  EXPECT_EQ(mentions[1].begin, 57u);
  EXPECT_EQ(mentions[1].entity_id, "nf:kim-jong-un");
  EXPECT_EQ(mentions[2].surface, "Pyongyang");
  EXPECT_EQ(mentions[2].type, EntityType::kLocation);
  EXPECT_EQ(mentions[3].surface, "Associated Press");
  EXPECT_EQ(mentions[3].canonical_name, "Associated Press");
  EXPECT_EQ(mentions[3].type, EntityType::kOrganization);
}

TEST_F(RecognizerTest, EnglishRulesTypeUnknownNamesByCues) {
  const auto mentions = recognizer_->Recognize(
      "On Monday, Prime Minister Jane Doerty visited the Bank of Freedonia and Acme Corp. in "
      "Springfield.",
      "en");
  const EntityMention* person = FindSurface(mentions, "Jane Doerty");
  ASSERT_NE(person, nullptr) << Describe(mentions);
  EXPECT_EQ(person->type, EntityType::kPerson);
  const EntityMention* bank = FindSurface(mentions, "Bank of Freedonia");
  ASSERT_NE(bank, nullptr) << Describe(mentions);
  EXPECT_EQ(bank->type, EntityType::kOrganization);
  const EntityMention* corp = FindSurface(mentions, "Acme Corp.");
  ASSERT_NE(corp, nullptr) << Describe(mentions);
  EXPECT_EQ(corp->type, EntityType::kOrganization);
  const EntityMention* city = FindSurface(mentions, "Springfield");
  ASSERT_NE(city, nullptr) << Describe(mentions);
  EXPECT_EQ(city->type, EntityType::kLocation);
  EXPECT_EQ(FindSurface(mentions, "Monday"), nullptr) << Describe(mentions);
  EXPECT_EQ(FindSurface(mentions, "On"), nullptr) << Describe(mentions);
}

TEST_F(RecognizerTest, EnglishAcronymsNeedUpperCase) {
  const auto upper = recognizer_->Recognize("The UN and the US said so.", "en");
  EXPECT_NE(FindSurface(upper, "UN"), nullptr) << Describe(upper);
  EXPECT_NE(FindSurface(upper, "US"), nullptr) << Describe(upper);
  const auto lower = recognizer_->Recognize("Let us be un-ambiguous about russia.", "en");
  EXPECT_TRUE(lower.empty()) << Describe(lower);
}

TEST_F(RecognizerTest, OtherLanguagesGetAliasMatchesOnly) {
  const auto mentions = recognizer_->Recognize("Путин прибыл в Москву, сообщает ТАСС.", "ru");
  ASSERT_EQ(mentions.size(), 2u) << Describe(mentions);
  EXPECT_EQ(mentions[0].entity_id, "nf:vladimir-putin");
  EXPECT_EQ(mentions[0].begin, 0u);
  EXPECT_EQ(mentions[0].end, 5u);
  EXPECT_EQ(mentions[1].entity_id, "nf:tass");
  EXPECT_EQ(mentions[1].begin, 32u);
}

TEST_F(RecognizerTest, EmptyOneWordAndMixedScriptText) {
  EXPECT_TRUE(recognizer_->Recognize("", "ja").empty());
  EXPECT_TRUE(recognizer_->Recognize("", "en").empty());
  const auto one_ja = recognizer_->Recognize("ウクライナ", "ja");
  ASSERT_EQ(one_ja.size(), 1u) << Describe(one_ja);
  EXPECT_EQ(one_ja[0].begin, 0u);
  EXPECT_EQ(one_ja[0].end, 5u);
  EXPECT_EQ(one_ja[0].entity_id, "nf:ukraine");
  const auto one_en = recognizer_->Recognize("Ukraine", "en");
  ASSERT_EQ(one_en.size(), 1u) << Describe(one_en);
  EXPECT_EQ(one_en[0].entity_id, "nf:ukraine");
  // Latin names inside Japanese text, full-width Latin and emoji before them.
  const auto mixed =
      recognizer_->Recognize("😀NATOとＥＵの会合でZelenskyyがキーウから演説した。", "ja");
  const EntityMention* nato = FindSurface(mixed, "NATO");
  const EntityMention* eu = FindSurface(mixed, "ＥＵ");
  const EntityMention* zelensky = FindSurface(mixed, "Zelenskyy");
  const EntityMention* kyiv = FindSurface(mixed, "キーウ");
  ASSERT_NE(nato, nullptr) << Describe(mixed);
  ASSERT_NE(eu, nullptr) << Describe(mixed);
  ASSERT_NE(zelensky, nullptr) << Describe(mixed);
  ASSERT_NE(kyiv, nullptr) << Describe(mixed);
  EXPECT_EQ(nato->begin, 1u);  // the emoji is one code point
  EXPECT_EQ(eu->begin, 6u);
  EXPECT_EQ(eu->entity_id, "nf:european-union");
  EXPECT_EQ(zelensky->entity_id, "nf:volodymyr-zelensky");
  EXPECT_EQ(kyiv->entity_id, "nf:kyiv");
}

TEST_F(RecognizerTest, MentionsAreSortedAndDoNotOverlap) {
  const auto mentions = recognizer_->Recognize(
      std::string(kJapaneseNews) + "米国のバイデン大統領と中国の習近平国家主席、ロイター通信。",
      "ja");
  ASSERT_GE(mentions.size(), 10u) << Describe(mentions);
  for (size_t i = 1; i < mentions.size(); ++i) {
    EXPECT_LE(mentions[i - 1].end, mentions[i].begin) << Describe(mentions);
  }
  EXPECT_NE(FindSurface(mentions, "習近平"), nullptr) << Describe(mentions);
  EXPECT_NE(FindSurface(mentions, "ロイター通信"), nullptr) << Describe(mentions);
}

// Capitalized words at the end of one line and the start of the next are two names, or none.
TEST_F(RecognizerTest, NoMentionRunsAcrossALineBreak) {
  const auto mentions = recognizer_->Recognize(
      "Shares of Brightwater\nHoldings rose after Mayor Anna Kowalska visited Moscow.", "en");
  for (const EntityMention& mention : mentions) {
    EXPECT_EQ(mention.surface.find('\n'), std::string::npos) << Describe(mentions);
  }
  EXPECT_NE(FindSurface(mentions, "Anna Kowalska"), nullptr) << Describe(mentions);
  EXPECT_NE(FindSurface(mentions, "Moscow"), nullptr) << Describe(mentions);
}

TEST_F(RecognizerTest, ConcurrentCallsGiveIdenticalResults) {
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {kJapaneseNews, "ja"},
      {"Russian President Vladimir Putin met Kim Jong Un in Pyongyang.", "en"},
      {"東京都の小池百合子知事はトヨタ自動車の社長と会談した。", "ja"}};
  std::vector<std::vector<EntityMention>> expected;
  for (const auto& [text, lang] : inputs) expected.push_back(recognizer_->Recognize(text, lang));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (size_t i = 0; i < inputs.size(); ++i) {
          const auto got = recognizer_->Recognize(inputs[i].first, inputs[i].second);
          bool same = got.size() == expected[i].size();
          for (size_t k = 0; same && k < got.size(); ++k) {
            same = got[k].begin == expected[i][k].begin && got[k].end == expected[i][k].end &&
                   got[k].entity_id == expected[i][k].entity_id;
          }
          if (!same) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
  EXPECT_FALSE(expected[0].empty());
}

TEST(RecognizerCreateTest, MissingDataIsAnError) {
  auto missing = Recognizer::Create({.data_dir = DataDir() + "/no-such-folder"});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  auto empty = Recognizer::Create({.data_dir = ""});
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  auto bad_dic = Recognizer::Create({.data_dir = DataDir(), .mecab_dicdir = DataDir() + "/nope"});
  EXPECT_FALSE(bad_dic.ok());
}

}  // namespace
}  // namespace newsflow::entities
