#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "newsflow/entities/ner_training.h"
#include "newsflow/entities/recognizer.h"

namespace newsflow::entities {
namespace {

std::string DataDir() { return std::string(NEWSFLOW_SOURCE_DIR) + "/data/entities"; }

// A data folder with the shipped alias table and the given ja.model contents.
std::string DataDirWithModel(const std::string& name, const std::string& model_bytes) {
  const std::filesystem::path dir = std::filesystem::path(NEWSFLOW_BINARY_DIR) / name;
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(DataDir() + "/aliases.tsv", dir / "aliases.tsv",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir / "ja.model", std::ios::binary | std::ios::trunc) << model_bytes;
  return dir.string();
}

std::string Describe(const std::vector<EntityMention>& mentions) {
  std::string out;
  for (const EntityMention& m : mentions) {
    out += m.surface + "[" + std::to_string(m.begin) + "," + std::to_string(m.end) + ")" +
           EntityTypeName(m.type) + ":" + m.entity_id + " ";
  }
  return out;
}

const EntityMention* FindSurface(const std::vector<EntityMention>& mentions,
                                 const std::string& surface) {
  for (const EntityMention& mention : mentions) {
    if (mention.surface == surface) return &mention;
  }
  return nullptr;
}

class ShippedModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(std::filesystem::exists(DataDir() + "/ja.model"));
    ASSERT_TRUE(std::filesystem::exists(DataDir() + "/en.model"));
    auto created = Recognizer::Create({.data_dir = DataDir()});
    ASSERT_TRUE(created.ok()) << created.status();
    recognizer_ = created->release();
  }
  static void TearDownTestSuite() {
    delete recognizer_;
    recognizer_ = nullptr;
  }
  static Recognizer* recognizer_;
};

Recognizer* ShippedModelTest::recognizer_ = nullptr;

TEST_F(ShippedModelTest, JapaneseNewsSentenceOffsetsAndCanonicalNames) {
  const auto mentions = recognizer_->Recognize(
      "ロシアのプーチン大統領は19日、北朝鮮の金正恩総書記と平壌で会談し、ハノイへ向かった。", "ja");
  struct Expected {
    const char* surface;
    uint32_t begin;
    uint32_t end;
    EntityType type;
    const char* name;
  };
  const Expected expected[] = {
      {"ロシア", 0, 3, EntityType::kLocation, "Russia"},
      {"プーチン", 4, 8, EntityType::kPerson, "Vladimir Putin"},
      {"北朝鮮", 16, 19, EntityType::kLocation, "North Korea"},
      {"金正恩", 20, 23, EntityType::kPerson, "Kim Jong Un"},
      {"平壌", 27, 29, EntityType::kLocation, "Pyongyang"},
      {"ハノイ", 34, 37, EntityType::kLocation, "Hanoi"},
  };
  ASSERT_EQ(mentions.size(), std::size(expected)) << Describe(mentions);
  for (size_t i = 0; i < mentions.size(); ++i) {
    EXPECT_EQ(mentions[i].surface, expected[i].surface) << Describe(mentions);
    EXPECT_EQ(mentions[i].begin, expected[i].begin);
    EXPECT_EQ(mentions[i].end, expected[i].end);
    EXPECT_EQ(mentions[i].type, expected[i].type);
    EXPECT_EQ(mentions[i].canonical_name, expected[i].name);
  }
}

TEST_F(ShippedModelTest, JapaneseUnknownNamesGetFallbackIds) {
  const auto mentions = recognizer_->Recognize("山田太郎社長は大阪市で記者会見を開いた。", "ja");
  const EntityMention* person = FindSurface(mentions, "山田太郎");
  ASSERT_NE(person, nullptr) << Describe(mentions);
  EXPECT_EQ(person->type, EntityType::kPerson);
  EXPECT_EQ(person->entity_id, FallbackEntityId(EntityType::kPerson, "山田太郎"));
  const EntityMention* city = FindSurface(mentions, "大阪市");
  ASSERT_NE(city, nullptr) << Describe(mentions);
  EXPECT_EQ(city->type, EntityType::kLocation);
}

TEST_F(ShippedModelTest, EnglishNewsSentence) {
  const std::string text =
      "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Pyongyang, "
      "officials in Moscow said.";
  const auto mentions = recognizer_->Recognize(text, "en");
  const EntityMention* putin = FindSurface(mentions, "Vladimir Putin");
  ASSERT_NE(putin, nullptr) << Describe(mentions);
  EXPECT_EQ(putin->begin, 18u);
  EXPECT_EQ(putin->end, 32u);
  EXPECT_EQ(putin->entity_id, "nf:vladimir-putin");
  const EntityMention* kim = FindSurface(mentions, "Kim Jong Un");
  ASSERT_NE(kim, nullptr) << Describe(mentions);
  EXPECT_EQ(kim->begin, 57u);
  EXPECT_EQ(kim->canonical_name, "Kim Jong Un");
  const EntityMention* city = FindSurface(mentions, "Pyongyang");
  ASSERT_NE(city, nullptr) << Describe(mentions);
  EXPECT_EQ(city->type, EntityType::kLocation);
  const EntityMention* moscow = FindSurface(mentions, "Moscow");
  ASSERT_NE(moscow, nullptr) << Describe(mentions);
  EXPECT_EQ(moscow->type, EntityType::kLocation);
}

// Without separators the model may cut a name one character into the organization after it
// (金与 + 正朝鮮労働党); the alias table's exact matches replace such broken cuts.
TEST_F(ShippedModelTest, NameRunIntoItsOrganizationIsSplitAtTheAliasMatches) {
  const auto mentions = recognizer_->Recognize(
      "視察には金与正朝鮮労働党副部長が同行し、金氏は記者団に成果を語った。", "ja");
  const EntityMention* person = FindSurface(mentions, "金与正");
  ASSERT_NE(person, nullptr) << Describe(mentions);
  EXPECT_EQ(person->canonical_name, "Kim Yo Jong");
  const EntityMention* party = FindSurface(mentions, "朝鮮労働党");
  ASSERT_NE(party, nullptr) << Describe(mentions);
  EXPECT_EQ(party->type, EntityType::kOrganization);
  EXPECT_EQ(party->canonical_name, "Workers' Party of Korea");
}

// Two people share the family name 金; each 金氏 is the one named last before it.
TEST_F(ShippedModelTest, SharedFamilyNameFollowsThePersonNamedLast) {
  const std::string text =
      "金正恩総書記は軍事パレードを閲兵した。金氏は演説で抑止力を強調した。"
      "一方、妹の金与正氏は談話を発表した。金氏は隣国の演習を非難した。";
  const auto mentions = recognizer_->Recognize(text, "ja");
  std::vector<std::string> family_name_ids;
  for (const EntityMention& mention : mentions) {
    if (mention.surface == "金") family_name_ids.push_back(mention.entity_id);
  }
  const std::vector<std::string> expected = {"nf:kim-jong-un", "nf:kim-yo-jong"};
  EXPECT_EQ(family_name_ids, expected) << Describe(mentions);
}

// An honorific is no part of the name: 金氏 is 金, the short form of Kim Jong Un named before.
TEST_F(ShippedModelTest, HonorificAfterANameIsNotPartOfTheMention) {
  const auto mentions = recognizer_->Recognize(
      "金正恩総書記が演説した。北朝鮮の指導者である金氏は、プーチン氏と握手した。山田君も来た。",
      "ja");
  for (const EntityMention& mention : mentions) {
    EXPECT_FALSE(mention.surface.ends_with("氏")) << Describe(mentions);
    EXPECT_FALSE(mention.surface.ends_with("君")) << Describe(mentions);
  }
  const EntityMention* family_name = FindSurface(mentions, "金");
  ASSERT_NE(family_name, nullptr) << Describe(mentions);
  EXPECT_EQ(family_name->entity_id, "nf:kim-jong-un");
  EXPECT_NE(FindSurface(mentions, "山田"), nullptr) << Describe(mentions);
}

// A headline line followed by the body: no mention runs from one line into the next; the known
// names inside such a span survive.
TEST_F(ShippedModelTest, NoMentionRunsAcrossALineBreak) {
  const struct {
    const char* text;
    const char* language;
    const char* kept;
  } cases[] = {{"日朝首脳会談\nウクライナ情勢も議題に", "ja", "ウクライナ"},
               {"東京株式市場\nトヨタ自動車が続伸", "ja", "トヨタ自動車"},
               {"New York Stock\nExchange officials met on Monday.", "en", "New York"}};
  for (const auto& c : cases) {
    const auto mentions = recognizer_->Recognize(c.text, c.language);
    for (const EntityMention& mention : mentions) {
      EXPECT_EQ(mention.surface.find('\n'), std::string::npos) << Describe(mentions);
    }
    EXPECT_NE(FindSurface(mentions, c.kept), nullptr) << Describe(mentions);
  }
}

TEST(ModelLoadingTest, CorruptOrTruncatedModelIsInvalidArgumentNamingTheFile) {
  std::ifstream in(DataDir() + "/ja.model", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 100u);
  std::string corrupt = bytes;
  corrupt[corrupt.size() / 3] ^= 0x01;
  const std::pair<std::string, std::string> cases[] = {
      {"entities_truncated_model", bytes.substr(0, bytes.size() / 2)},
      {"entities_corrupt_model", corrupt},
      {"entities_not_a_model", "this is not a model\n"}};
  for (const auto& [name, contents] : cases) {
    const std::string dir = DataDirWithModel(name, contents);
    auto created = Recognizer::Create({.data_dir = dir});
    ASSERT_FALSE(created.ok()) << name;
    EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_THAT(std::string(created.status().message()), ::testing::HasSubstr(dir + "/ja.model"));
  }
}

// A data folder with the shipped alias table and en.model, and en.clusters.tsv with `clusters`
// (none if null).
std::string EnglishDataDir(const std::string& name, const char* clusters) {
  const std::filesystem::path dir = std::filesystem::path(NEWSFLOW_BINARY_DIR) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const char* file : {"aliases.tsv", "en.model"}) {
    std::filesystem::copy_file(DataDir() + "/" + file, dir / file);
  }
  if (clusters != nullptr) std::ofstream(dir / "en.clusters.tsv", std::ios::binary) << clusters;
  return dir.string();
}

TEST(ModelLoadingTest, MalformedWordClustersAreInvalidArgumentNamingTheFile) {
  const std::string dir =
      EnglishDataDir("entities_bad_clusters", "# newsflow word clusters v1\nparis\tnorth\n");
  auto created = Recognizer::Create({.data_dir = dir});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(created.status().message()),
              ::testing::HasSubstr(dir + "/en.clusters.tsv:2"));
}

// A data folder with the shipped alias table, en.model and en.clusters.tsv, and
// en.vectors.bin with `vectors` (none if null).
std::string EnglishDataDirWithVectors(const std::string& name, const std::string* vectors) {
  const std::string dir = EnglishDataDir(name, nullptr);
  std::filesystem::copy_file(DataDir() + "/en.clusters.tsv", dir + "/en.clusters.tsv");
  if (vectors != nullptr) std::ofstream(dir + "/en.vectors.bin", std::ios::binary) << *vectors;
  return dir;
}

TEST(ModelLoadingTest, MalformedWordVectorsAreInvalidArgumentNamingTheFile) {
  const std::string bytes = "NFWRDVEC then nothing that fits";
  const std::string dir = EnglishDataDirWithVectors("entities_bad_vectors", &bytes);
  auto created = Recognizer::Create({.data_dir = dir});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(created.status().message()),
              ::testing::HasSubstr(dir + "/en.vectors.bin"));
}

TEST(ModelLoadingTest, MissingWordVectorsAreAWarningAndTheModelStillRuns) {
  const std::string dir = EnglishDataDirWithVectors("entities_no_vectors", nullptr);
  auto created = Recognizer::Create({.data_dir = dir});
  ASSERT_TRUE(created.ok()) << created.status();
  const std::vector<std::string> warnings = (*created)->load_warnings();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], ::testing::HasSubstr(dir + "/en.vectors.bin"));
  const auto mentions = (*created)->Recognize("Vladimir Putin met Kim Jong Un.", "en");
  EXPECT_NE(FindSurface(mentions, "Vladimir Putin"), nullptr) << Describe(mentions);
}

TEST(ModelLoadingTest, MissingWordClustersAreAWarningAndTheModelStillRuns) {
  const std::string dir = EnglishDataDir("entities_no_clusters", nullptr);
  auto created = Recognizer::Create({.data_dir = dir});
  ASSERT_TRUE(created.ok()) << created.status();
  const std::vector<std::string> warnings = (*created)->load_warnings();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], ::testing::HasSubstr(dir + "/en.clusters.tsv"));
  const auto mentions = (*created)->Recognize("Vladimir Putin met Kim Jong Un.", "en");
  EXPECT_NE(FindSurface(mentions, "Vladimir Putin"), nullptr) << Describe(mentions);

  auto shipped = Recognizer::Create({.data_dir = DataDir()});
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  EXPECT_THAT((*shipped)->load_warnings(), ::testing::IsEmpty());
}

// Invented names after 氏 / 社 ("鈴木氏はアルファ社の幹部だ。"): a model has to learn the
// context, not the names.
std::vector<NerSentence> ExecutiveSentences() {
  std::vector<NerSentence> sentences;
  const char* const people[] = {"鈴木", "佐藤", "高橋", "田中", "伊藤", "渡辺"};
  const char* const firms[] = {"アルファ", "ベータ", "ガンマ", "デルタ", "イプシロン", "ゼータ"};
  for (int i = 0; i < 6; ++i) {
    const std::string person = people[i];
    const std::string firm = firms[i];
    NerSentence s;
    s.text = person + "氏は" + firm + "社の幹部だ。";
    const auto person_len = static_cast<uint32_t>(person.size() / 3);  // all 3-byte characters
    const auto firm_len = static_cast<uint32_t>(firm.size() / 3);
    s.spans.push_back({0, person_len, "PER"});
    s.spans.push_back({person_len + 2, person_len + 2 + firm_len + 1, "ORG"});
    sentences.push_back(s);
  }
  return sentences;
}

TEST(NerTrainerTest, TrainsAModelTheRecognizerLoads) {
  auto trainer = NerTrainer::Create({.data_dir = DataDir()});
  ASSERT_TRUE(trainer.ok()) << trainer.status();
  const std::vector<NerSentence> sentences = ExecutiveSentences();
  NerTrainOptions options;
  options.language = "ja";
  options.types = {"PER", "ORG"};
  options.epochs = 5;
  options.hash_bits = 16;
  NerTrainStats stats;
  absl::StatusOr<std::string> model = (*trainer)->Train(sentences, options, &stats);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(stats.sentences, 6u);
  EXPECT_EQ(stats.spans, 12u);
  auto again = (*trainer)->Train(sentences, options, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *model) << "training is not reproducible";

  auto predicted = (*trainer)->Predict(*model, {{.text = "佐藤氏はガンマ社の幹部だ。"}});
  ASSERT_TRUE(predicted.ok()) << predicted.status();
  ASSERT_EQ(predicted->size(), 1u);
  ASSERT_EQ((*predicted)[0].size(), 2u);
  EXPECT_EQ((*predicted)[0][0].begin, 0u);
  EXPECT_EQ((*predicted)[0][0].end, 2u);
  EXPECT_EQ((*predicted)[0][0].type, "PER");
  EXPECT_EQ((*predicted)[0][1].type, "ORG");

  const std::string dir = DataDirWithModel("entities_tiny_model", *model);
  auto recognizer = Recognizer::Create({.data_dir = dir});
  ASSERT_TRUE(recognizer.ok()) << recognizer.status();
  const auto mentions = (*recognizer)->Recognize("佐藤氏はガンマ社の幹部だ。", "ja");
  const EntityMention* person = FindSurface(mentions, "佐藤");
  ASSERT_NE(person, nullptr) << Describe(mentions);
  EXPECT_EQ(person->type, EntityType::kPerson);

  EXPECT_EQ(
      (*trainer)->Train(sentences, {.language = "xx", .types = {"PER"}}, nullptr).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(NerTrainerTest, TrainsACrfOnTheSameFeatures) {
  auto trainer = NerTrainer::Create({.data_dir = DataDir()});
  ASSERT_TRUE(trainer.ok()) << trainer.status();
  const std::vector<NerSentence> sentences = ExecutiveSentences();
  NerTrainOptions options;
  options.language = "ja";
  options.types = {"PER", "ORG"};
  options.hash_bits = 16;
  options.trainer = NerTrainOptions::Trainer::kCrf;
  options.crf_l2 = 0.1;
  NerTrainStats stats;
  absl::StatusOr<std::string> model = (*trainer)->Train(sentences, options, &stats);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(stats.sentences, 6u);
  EXPECT_GT(stats.iterations, 0);
  options.crf_threads = 1;
  auto again = (*trainer)->Train(sentences, options, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *model) << "CRF training is not reproducible";

  // A person and a firm not in the training sentences, in the same frame.
  auto predicted = (*trainer)->Predict(*model, {{.text = "中村氏はシグマ社の幹部だ。"}});
  ASSERT_TRUE(predicted.ok()) << predicted.status();
  ASSERT_EQ(predicted->size(), 1u);
  ASSERT_EQ((*predicted)[0].size(), 2u);
  EXPECT_EQ((*predicted)[0][0].begin, 0u);
  EXPECT_EQ((*predicted)[0][0].end, 2u);
  EXPECT_EQ((*predicted)[0][0].type, "PER");
  EXPECT_EQ((*predicted)[0][1].begin, 4u);
  EXPECT_EQ((*predicted)[0][1].end, 8u);
  EXPECT_EQ((*predicted)[0][1].type, "ORG");

  options.crf_l2 = -1.0;
  EXPECT_EQ((*trainer)->Train(sentences, options, nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace newsflow::entities
