#include "newsflow/langid/language_detector.h"

#include <string>

#include <gtest/gtest.h>

namespace newsflow::langid {
namespace {

struct Case {
  const char* expected;
  const char* text;
};

class DetectLanguageTest : public ::testing::TestWithParam<Case> {};

TEST_P(DetectLanguageTest, IdentifiesLanguage) {
  const LanguageGuess guess = DetectLanguage(GetParam().text);
  EXPECT_EQ(guess.code, GetParam().expected) << GetParam().text;
  EXPECT_GT(guess.confidence, 0.3f) << GetParam().text;
  EXPECT_LE(guess.confidence, 1.0f);
}

INSTANTIATE_TEST_SUITE_P(
    Sentences, DetectLanguageTest,
    ::testing::Values(
        // Kanji-heavy Japanese with only a little kana.
        Case{"ja", "政府は臨時閣議で経済対策を決定した。"},
        Case{"ja", "東京都知事選挙投開票日程発表、立候補者数過去最多の見通し"},
        Case{"ko", "정부는 오늘 새로운 경제 대책을 발표했습니다."},
        Case{"th", "รัฐบาลประกาศมาตรการกระตุ้นเศรษฐกิจฉบับใหม่ในวันนี้"},
        Case{"zh", "国务院总理今天在北京主持召开常务会议，研究部署经济工作。"},
        Case{"en", "The central bank raised interest rates for the third time this year."},
        Case{"de", "Die Bundesregierung hat am Mittwoch ein neues Klimaschutzgesetz beschlossen."},
        Case{"fr",
             "Le gouvernement a présenté mercredi un nouveau projet de loi sur l'immigration."},
        Case{"es", "El gobierno aprobó ayer una nueva reforma de las pensiones."},
        Case{"ru", "Правительство России утвердило новый план поддержки экономики."},
        Case{"uk", "Уряд України ухвалив нову програму підтримки економіки."},
        Case{"ar", "أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد الوطني."}),
    [](const ::testing::TestParamInfo<Case>& info) {
      return std::string(info.param.expected) + "_" + std::to_string(info.index);
    });

TEST(DetectLanguageUndTest, EmptyTextIsUnd) {
  const LanguageGuess guess = DetectLanguage("");
  EXPECT_EQ(guess.code, "und");
  EXPECT_EQ(guess.confidence, 0.0f);
}

TEST(DetectLanguageUndTest, TooFewLettersIsUnd) {
  EXPECT_EQ(DetectLanguage("ok").code, "und");
  EXPECT_EQ(DetectLanguage("2024-06-19 12:30").code, "und");
  EXPECT_EQ(DetectLanguage("  ...  !!").code, "und");
}

TEST(DetectLanguageUndTest, OneWordHasLowConfidence) {
  const LanguageGuess guess = DetectLanguage("Hello");
  EXPECT_LT(guess.confidence, 0.5f);
}

TEST(DetectLanguageTest, IllFormedUtf8DoesNotCrash) {
  const std::string text = "The government said \xff\xfe on Tuesday that it would act.";
  const LanguageGuess guess = DetectLanguage(text);
  EXPECT_GE(guess.confidence, 0.0f);
  EXPECT_LE(guess.confidence, 1.0f);
}

TEST(DetectDocumentLanguageTest, FlagsMixedJapaneseEnglishDocument) {
  // Given two Japanese paragraphs, a blank line and an English paragraph.
  const std::string ja1 = "政府は臨時閣議で経済対策を決定した。総額は十兆円規模となる見通しだ。";
  const std::string ja2 = "首相は記者会見で、物価高への対応を急ぐ考えを示した。";
  const std::string en =
      "The government approved a new economic package on Friday, officials said, adding that "
      "the measures would take effect next month.";
  const std::string text = ja1 + "\n" + ja2 + "\n\n" + en;

  const DocumentLanguage document = DetectDocumentLanguage(text);

  EXPECT_EQ(document.main.code, "ja");
  EXPECT_TRUE(document.mixed);
  ASSERT_EQ(document.paragraphs.size(), 3u);  // the blank line is not a paragraph
  const auto ja1_length = static_cast<uint32_t>(
      std::u32string(U"政府は臨時閣議で経済対策を決定した。総額は十兆円規模となる見通しだ。")
          .size());
  const auto ja2_length = static_cast<uint32_t>(
      std::u32string(U"首相は記者会見で、物価高への対応を急ぐ考えを示した。").size());
  EXPECT_EQ(document.paragraphs[0].guess.code, "ja");
  EXPECT_EQ(document.paragraphs[0].begin, 0u);
  EXPECT_EQ(document.paragraphs[0].end, ja1_length);
  EXPECT_EQ(document.paragraphs[1].guess.code, "ja");
  EXPECT_EQ(document.paragraphs[1].begin, ja1_length + 1);
  EXPECT_EQ(document.paragraphs[1].end, ja1_length + 1 + ja2_length);
  EXPECT_EQ(document.paragraphs[2].guess.code, "en");
  EXPECT_EQ(document.paragraphs[2].begin, ja1_length + 1 + ja2_length + 2);
  EXPECT_EQ(document.paragraphs[2].end, ja1_length + ja2_length + 3 + en.size());
}

TEST(DetectDocumentLanguageTest, SingleLanguageDocumentIsNotMixed) {
  const DocumentLanguage document = DetectDocumentLanguage(
      "The central bank raised interest rates on Wednesday.\n"
      "Officials said inflation remained too high.\n"
      "Markets fell after the announcement.");
  EXPECT_EQ(document.main.code, "en");
  EXPECT_FALSE(document.mixed);
  EXPECT_EQ(document.paragraphs.size(), 3u);
  EXPECT_GT(document.main.confidence, 0.5f);
}

TEST(DetectDocumentLanguageTest, EmptyDocumentIsUnd) {
  const DocumentLanguage document = DetectDocumentLanguage("");
  EXPECT_EQ(document.main.code, "und");
  EXPECT_FALSE(document.mixed);
  EXPECT_TRUE(document.paragraphs.empty());
}

}  // namespace
}  // namespace newsflow::langid

namespace newsflow::langid {
namespace {

// Short sentences where CLD2 alone picks a close relative or nothing; the n-gram model and the
// letter rules settle them.
INSTANTIATE_TEST_SUITE_P(
    CloseRelatives, DetectLanguageTest,
    ::testing::Values(
        // ä/ö are Swedish, never Norwegian or Danish (CLD2 alone: Danish).
        Case{"sv", "Vem äger huset?"}, Case{"sv", "Vi går på bio i kväll."},
        // Short Spanish CLD2 alone reads as English; inverted marks are Spanish only (CLD2
        // alone: Portuguese).
        Case{"es", "Esta semana en la universidad"}, Case{"es", "¡Vamos!"},
        Case{"es", "Mas noticias relacionadas con la universidad y los estudiantes."},
        // ы/э/ё are Russian (CLD2 alone: Serbian), ї/є/ґ Ukrainian.
        Case{"ru", "Ты где?"}, Case{"ru", "Мы были там."}, Case{"uk", "Її немає вдома."},
        // Indonesian, not Malay; ã/õ are Portuguese, not Spanish or Galician.
        Case{"id", "Pemerintah akan membangun jalan baru di desa itu."},
        Case{"pt", "Não sei, mas a situação é difícil."}),
    [](const ::testing::TestParamInfo<Case>& info) {
      return std::string(info.param.expected) + "_" + std::to_string(info.index);
    });

TEST(DetectLanguageRelativesTest, KeepsClearTextOfRelativesOutsideTheModel) {
  // Languages the n-gram model does not know stay with CLD2 when it is sure.
  EXPECT_EQ(DetectLanguage("Kerajaan Malaysia telah mengumumkan bajet baharu untuk tahun hadapan "
                           "bagi membantu rakyat yang memerlukan bantuan kewangan segera.")
                .code,
            "ms");
  EXPECT_EQ(DetectLanguage("Vlada je u četvrtak predstavila novi plan za gospodarstvo i "
                           "zapošljavanje mladih u svim hrvatskim županijama.")
                .code,
            "hr");
}

TEST(DetectLanguageRelativesTest, NorwegianWithItsOwnLettersStaysNorwegian) {
  EXPECT_EQ(DetectLanguage("Regjeringen vil øke bevilgningene til skoler og sykehus neste år, "
                           "sier finansministeren til avisen.")
                .code,
            "no");
}

}  // namespace
}  // namespace newsflow::langid
