#include "ngram_model.h"

#include <cstring>
#include <string>

#include <gtest/gtest.h>

namespace newsflow::langid::internal {
namespace {

const char* BestOf(std::string_view text) {
  const NgramModel& model = NgramModel::Embedded();
  const NgramVerdict verdict = model.Classify(text);
  return verdict.best >= 0 ? model.Code(verdict.best) : "none";
}

TEST(NgramModelTest, EmbeddedModelKnowsThePrimaryLanguagesAndRelatives) {
  const NgramModel& model = NgramModel::Embedded();
  for (const char* code : {"en", "de", "fr", "es", "pt", "it", "nl", "pl", "tr", "id", "vi", "sv",
                           "ru", "uk", "no", "da", "bg"}) {
    EXPECT_GE(model.IndexOf(code), 0) << code;
  }
  EXPECT_EQ(model.IndexOf("ja"), -1);
  EXPECT_STREQ(model.Code(model.IndexOf("sv")), "sv");
}

TEST(NgramModelTest, ClassifiesShortSentences) {
  EXPECT_STREQ(BestOf("Regeringen vill sänka skatten för pensionärer nästa år."), "sv");
  EXPECT_STREQ(BestOf("Regjeringen vil senke skatten for pensjonister neste år."), "no");
  EXPECT_STREQ(BestOf("Mas noticias relacionadas con la universidad y los estudiantes"), "es");
  EXPECT_STREQ(BestOf("Mais notícias relacionadas com a universidade e os estudantes"), "pt");
  EXPECT_STREQ(BestOf("Pemerintah akan membangun jalan baru di desa itu tahun depan."), "id");
  EXPECT_STREQ(BestOf("Мы долго гуляли по городу и разговаривали."), "ru");
  EXPECT_STREQ(BestOf("Ми довго гуляли містом і розмовляли."), "uk");
}

TEST(NgramModelTest, CaseAndPunctuationDoNotMatter) {
  const NgramModel& model = NgramModel::Embedded();
  const NgramVerdict lower = model.Classify("das ist ein kleines haus");
  const NgramVerdict upper = model.Classify("DAS IST EIN KLEINES HAUS!!!");
  EXPECT_EQ(lower.best, upper.best);
  EXPECT_EQ(lower.known_grams, upper.known_grams);
  EXPECT_FLOAT_EQ(lower.margin, upper.margin);
}

TEST(NgramModelTest, TextWithoutKnownGramsHasNoVerdict) {
  const NgramVerdict verdict = NgramModel::Embedded().Classify("政府は臨時閣議で 12345");
  EXPECT_EQ(verdict.best, -1);
  EXPECT_EQ(verdict.known_grams, 0u);
  EXPECT_EQ(NgramModel::Embedded().Classify("").best, -1);
}

TEST(NgramModelTest, GapIsZeroForTheBestAndPositiveForOthers) {
  const NgramModel& model = NgramModel::Embedded();
  const NgramVerdict verdict = model.Classify("Die Regierung hat ein neues Gesetz beschlossen.");
  ASSERT_STREQ(model.Code(verdict.best), "de");
  EXPECT_EQ(verdict.Gap(verdict.best), 0.0f);
  EXPECT_GT(verdict.Gap(model.IndexOf("en")), 10.0f);
  EXPECT_GE(verdict.margin, 0.0f);
}

// A model with two languages and the bigrams " a" (cheap for "xa") and " b" (cheap for "xb").
std::string TinyModel() {
  auto u32 = [](std::string& out, uint32_t v) { out.append(reinterpret_cast<char*>(&v), 4); };
  auto u16 = [](std::string& out, uint16_t v) { out.append(reinterpret_cast<char*>(&v), 2); };
  auto fnv = [](std::u32string_view gram) {
    uint32_t h = 0x811C9DC5u;
    for (char32_t c : gram) h = (h ^ static_cast<uint32_t>(c)) * 0x01000193u;
    return h;
  };
  std::string out = "NFNG";
  u32(out, 1);  // version
  u32(out, 2);  // languages
  u32(out, 4);  // orders
  u32(out, 2);  // entries
  u32(out, 2);  // postings
  out.append("xa\0\0xb\0\0", 8);
  for (int k = 0; k < 8; ++k) u16(out, 160);  // floors: 10 nats
  uint32_t a = fnv(U" a");
  uint32_t b = fnv(U" b");
  const bool a_first = a < b;
  u32(out, a_first ? a : b);
  u32(out, 0);
  u32(out, a_first ? b : a);
  u32(out, 1);
  u32(out, 0xFFFFFFFFu);
  u32(out, 2);
  // Postings in entry order: " a" -> xa, " b" -> xb, each 1 nat.
  u16(out, a_first ? 0 : 1);
  u16(out, 16);
  u16(out, a_first ? 1 : 0);
  u16(out, 16);
  return out;
}

TEST(NgramModelTest, ParsesAndAppliesAHandBuiltModel) {
  const std::string bytes = TinyModel();
  const std::unique_ptr<NgramModel> model = NgramModel::Parse(bytes);
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->NumLanguages(), 2);
  const NgramVerdict verdict = model->Classify("a a b");
  ASSERT_GE(verdict.best, 0);
  EXPECT_STREQ(model->Code(verdict.best), "xa");
  EXPECT_EQ(verdict.known_grams, 3u);
  // Two " a" at 1 nat vs the floor of 10 nats, one " b" the other way: 18 - 9 nats apart.
  EXPECT_FLOAT_EQ(verdict.margin, 9.0f);
}

TEST(NgramModelTest, RejectsMalformedModels) {
  const std::string good = TinyModel();
  EXPECT_EQ(NgramModel::Parse(""), nullptr);
  EXPECT_EQ(NgramModel::Parse("NFNG"), nullptr);
  EXPECT_EQ(NgramModel::Parse(good.substr(0, good.size() - 1)), nullptr);  // truncated
  std::string bad_magic = good;
  bad_magic[0] = 'X';
  EXPECT_EQ(NgramModel::Parse(bad_magic), nullptr);
  std::string bad_language = good;
  bad_language[bad_language.size() - 4] = 7;  // a posting for language 7 of 2
  EXPECT_EQ(NgramModel::Parse(bad_language), nullptr);
}

}  // namespace
}  // namespace newsflow::langid::internal
