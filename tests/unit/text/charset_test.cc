#include "newsflow/text/charset.h"

#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "newsflow/common/field_error.h"
#include "newsflow/text/normalize.h"

namespace newsflow::text {
namespace {

using ::std::string_literals::operator""s;
using ::testing::HasSubstr;

// "東京で新しい駅が開業しました。多くの人が訪れています。" in Shift_JIS.
const std::string kShiftJis =
    "\x93\x8c\x8b\x9e\x82\xc5\x90V\x82\xb5\x82\xa2\x89w\x82\xaa\x8aJ\x8b\xc6\x82\xb5\x82\xdc\x82"
    "\xb5\x82\xbd\x81"
    "B\x91\xbd\x82\xad\x82\xcc\x90l\x82\xaa\x96K\x82\xea\x82\xc4\x82\xa2\x82\xdc\x82\xb7\x81"
    "B"s;
const std::string kShiftJisText = "東京で新しい駅が開業しました。多くの人が訪れています。";

// "①番線の列車" in CP932: ① (0x87 0x40) is an NEC extension outside JIS X 0208.
const std::string kCp932 = "\x87@\x94\xd4\x90\xfc\x82\xcc\x97\xf1\x8e\xd4"s;

// "大阪の天気は晴れです。明日は雨が降るでしょう。" in EUC-JP.
const std::string kEucJp =
    "\xc2\xe7\xba\xe5\xa4\xce\xc5\xb7\xb5\xa4\xa4\xcf\xc0\xb2\xa4\xec\xa4\xc7\xa4\xb9\xa1\xa3\xcc"
    "\xc0\xc6\xfc\xa4\xcf\xb1\xab\xa4\xac\xb9\xdf\xa4\xeb\xa4\xc7\xa4\xb7\xa4\xe7\xa4\xa6\xa1\xa3"s;
const std::string kEucJpText = "大阪の天気は晴れです。明日は雨が降るでしょう。";

// "北京今天天气很好，市民纷纷外出游玩。" in GB18030 (GB2312 range).
const std::string kGb18030 =
    "\xb1\xb1\xbe\xa9\xbd\xf1\xcc\xec\xcc\xec\xc6\xf8\xba\xdc\xba\xc3\xa3\xac\xca\xd0\xc3\xf1\xb7"
    "\xd7\xb7\xd7\xcd\xe2\xb3\xf6\xd3\xce\xcd\xe6\xa1\xa3"s;
const std::string kGb18030Text = "北京今天天气很好，市民纷纷外出游玩。";

// "台北市政府今天宣布新的交通政策。" in Big5.
const std::string kBig5 =
    "\xa5x\xa5_\xa5\xab\xac"
    "F\xa9\xb2\xa4\xb5\xa4\xd1\xab\xc5\xa5\xac\xb7s\xaa\xba\xa5\xe6\xb3q\xac"
    "F\xb5\xa6\xa1"
    "C"s;
const std::string kBig5Text = "台北市政府今天宣布新的交通政策。";

// "Москва - столица России. Новости дня." in windows-1251 and in KOI8-R.
const std::string kWindows1251 =
    "\xcc\xee\xf1\xea\xe2\xe0 - \xf1\xf2\xee\xeb\xe8\xf6\xe0 \xd0\xee\xf1\xf1\xe8\xe8. \xcd\xee"
    "\xe2\xee\xf1\xf2\xe8 \xe4\xed\xff."s;
const std::string kKoi8r =
    "\xed\xcf\xd3\xcb\xd7\xc1 - \xd3\xd4\xcf\xcc\xc9\xc3\xc1 \xf2\xcf\xd3\xd3\xc9\xc9. \xee\xcf"
    "\xd7\xcf\xd3\xd4\xc9 \xc4\xce\xd1."s;
const std::string kRussianText = "Москва - столица России. Новости дня.";

// BOM + "Привет, мир" in UTF-16LE.
const std::string kUtf16LeWithBom =
    "\xff\xfe\x1f\x04@\x04"
    "8\x04"
    "2\x04"
    "5\x04"
    "B\x04,\x00 \x00<\x04"
    "8\x04@\x04"s;

std::string FieldOf(const absl::Status& status) {
  std::vector<common::FieldViolation> violations = common::FieldViolationsOf(status);
  return violations.empty() ? "" : violations.front().field;
}

TEST(CharsetTest, DecodesShiftJisWithHint) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(kShiftJis, {.charset_hint = "Shift_JIS"});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, kShiftJisText);
  EXPECT_EQ(decoded->charset, "Shift_JIS");
  EXPECT_EQ(decoded->source, CharsetSource::kHint);
}

TEST(CharsetTest, DecodesCp932ExtensionsUnderShiftJisLabel) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(kCp932, {.charset_hint = "shift_jis"});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, "①番線の列車");
}

TEST(CharsetTest, DetectsShiftJisWithoutHint) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(kShiftJis, {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, kShiftJisText);
  EXPECT_EQ(decoded->source, CharsetSource::kDetected);
}

TEST(CharsetTest, DetectsShortJapaneseTexts) {
  // ICU's detector has no evidence on a few characters and would pick a Latin charset:
  // "日本語のテキスト" in Shift_JIS and "ニュース" in EUC-JP.
  absl::StatusOr<DecodedText> sjis = DecodeToUtf8(
      "\x93\xfa\x96{\x8c\xea\x82\xcc\x83"
      "e\x83L\x83X\x83g"s,
      {});
  ASSERT_TRUE(sjis.ok()) << sjis.status();
  EXPECT_EQ(sjis->utf8, "日本語のテキスト");
  EXPECT_EQ(sjis->charset, "Shift_JIS");
  absl::StatusOr<DecodedText> euc = DecodeToUtf8("\xa5\xcb\xa5\xe5\xa1\xbc\xa5\xb9"s, {});
  ASSERT_TRUE(euc.ok()) << euc.status();
  EXPECT_EQ(euc->utf8, "ニュース");
  EXPECT_EQ(euc->charset, "EUC-JP");
}

TEST(CharsetTest, DecodesEucJpWithHint) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(kEucJp, {.charset_hint = "EUC-JP"});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, kEucJpText);
  EXPECT_EQ(decoded->charset, "EUC-JP");
}

TEST(CharsetTest, DetectsEucJpWithoutHint) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(kEucJp, {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, kEucJpText);
}

TEST(CharsetTest, DecodesGb2312LabelAsGb18030) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(kGb18030, {.charset_hint = "gb2312"});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, kGb18030Text);
  EXPECT_EQ(decoded->charset, "GB18030");
}

TEST(CharsetTest, DecodesGb18030FourByteSequence) {
  // U+20000 (CJK Extension B) is only reachable through GB18030's four-byte form.
  absl::StatusOr<DecodedText> decoded =
      DecodeToUtf8("\x95\x32\x82\x36"s, {.charset_hint = "GB18030"});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, "\xF0\xA0\x80\x80");
}

TEST(CharsetTest, DecodesBig5) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(kBig5, {.charset_hint = "big5"});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, kBig5Text);
  EXPECT_EQ(decoded->charset, "Big5");
}

TEST(CharsetTest, DecodesWindows1251) {
  absl::StatusOr<DecodedText> decoded =
      DecodeToUtf8(kWindows1251, {.charset_hint = "windows-1251"});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, kRussianText);
  EXPECT_EQ(decoded->charset, "windows-1251");
}

TEST(CharsetTest, DecodesKoi8r) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(kKoi8r, {.charset_hint = "KOI8-R"});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, kRussianText);
  EXPECT_EQ(decoded->charset, "KOI8-R");
}

// Japanese is recognized without ICU's detector (a clean decoding rich in kana); text in other
// charsets must not be taken for Japanese on the way.
TEST(CharsetTest, OtherLegacyCharsetsWithoutHintAreNotTakenForJapanese) {
  const std::string french =
      "Le caf\xe9 de la gare a rouvert ses portes apr\xe8s des ann\xe9"
      "es de travaux. "
      "Les habitu\xe9s se r\xe9jouissent: \xab c'est \xe0 nouveau le c\x9c"
      "ur du quartier \xbb."s;
  for (const std::string& bytes : {kGb18030, kBig5, kWindows1251, kKoi8r, french}) {
    absl::StatusOr<DecodedText> decoded = DecodeToUtf8(bytes, {});
    if (!decoded.ok()) continue;  // too short to tell is an acceptable answer
    EXPECT_NE(decoded->charset, "Shift_JIS") << decoded->utf8;
    EXPECT_NE(decoded->charset, "EUC-JP") << decoded->utf8;
  }
}

TEST(CharsetTest, DecodesLatin1LabelAsWindows1252) {
  // 0x93/0x94 are curly quotes in windows-1252 but C1 controls in ISO-8859-1.
  absl::StatusOr<DecodedText> decoded =
      DecodeToUtf8("\x93Le caf\xe9\x94 est ouvert."s, {.charset_hint = "ISO-8859-1"});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, "“Le café” est ouvert.");
  EXPECT_EQ(decoded->charset, "windows-1252");
}

TEST(CharsetTest, DecodesUtf16LeByByteOrderMark) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(kUtf16LeWithBom, {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, "Привет, мир");
  EXPECT_EQ(decoded->charset, "UTF-16LE");
  EXPECT_EQ(decoded->source, CharsetSource::kByteOrderMark);
}

TEST(CharsetTest, StripsUtf8ByteOrderMark) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8("\xEF\xBB\xBFhello"s, {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, "hello");
  EXPECT_EQ(decoded->source, CharsetSource::kByteOrderMark);
}

TEST(CharsetTest, PlainAsciiIsDetectedAsUtf8) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8("Just ASCII text.", {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, "Just ASCII text.");
  EXPECT_EQ(decoded->charset, "UTF-8");
}

TEST(CharsetTest, UsesMetaCharsetInHtml) {
  const std::string html = "<html><head><meta charset=\"Shift_JIS\"><title>t</title></head><body>" +
                           kShiftJis + "</body></html>";
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(html, {.is_html = true});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_THAT(decoded->utf8, HasSubstr(kShiftJisText));
  EXPECT_EQ(decoded->charset, "Shift_JIS");
  EXPECT_EQ(decoded->source, CharsetSource::kMetaTag);
}

TEST(CharsetTest, ValidUtf8UnderMetaUtf8IsKeptByteForByte) {
  // Two-, three- and four-byte sequences, noncharacters, a C1 control and a BOM after the
  // first byte: a conversion round trip keeps all of them, and so must the shortcut around it.
  const std::string body =
      "Stra\xC3\x9F"
      "e \xE6\x9D\xB1 \xF0\x9F\x98\x80 \xEF\xBF\xBE\xEF\xB7\x90 \xC2\x85"
      " \xEF\xBB\xBF end"s;
  const std::string html = "<html><head><meta charset=\"utf-8\"></head><body>" + body;
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(html, {.is_html = true});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, html);
  EXPECT_EQ(decoded->charset, "UTF-8");
  EXPECT_EQ(decoded->source, CharsetSource::kMetaTag);
}

TEST(CharsetTest, InvalidUtf8UnderMetaUtf8IsStillDecodedWithReplacements) {
  const std::string html =
      "<html><head><meta charset=\"UTF-8\"></head><body>Это обычный текст \xff новостей, "
      "который читается.</body></html>"s;
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(html, {.is_html = true});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_THAT(decoded->utf8, HasSubstr("текст \xEF\xBF\xBD новостей"));
  EXPECT_EQ(decoded->source, CharsetSource::kMetaTag);
}

TEST(CharsetTest, ValidUtf8AfterUtf8ByteOrderMarkKeepsASecondMark) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8("\xEF\xBB\xBF\xEF\xBB\xBFh\xC3\xA9"s, {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, "\xEF\xBB\xBFh\xC3\xA9");
  EXPECT_EQ(decoded->source, CharsetSource::kByteOrderMark);
}

TEST(CharsetTest, UsesHttpEquivContentTypeInHtml) {
  const std::string html =
      "<html><head><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=koi8-r'>"
      "</head><body><p>" +
      kKoi8r + "</p></body></html>";
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(html, {.is_html = true});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_THAT(decoded->utf8, HasSubstr(kRussianText));
  EXPECT_EQ(decoded->source, CharsetSource::kMetaTag);
}

TEST(CharsetTest, HintTakesPrecedenceOverMeta) {
  const std::string html =
      "<html><head><meta charset=\"windows-1251\"></head><body>" + kKoi8r + "</body></html>";
  absl::StatusOr<DecodedText> decoded =
      DecodeToUtf8(html, {.charset_hint = "koi8-r", .is_html = true});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_THAT(decoded->utf8, HasSubstr(kRussianText));
  EXPECT_EQ(decoded->source, CharsetSource::kHint);
}

TEST(CharsetTest, MetaIsIgnoredForPlainText) {
  const std::string text = "<meta charset=\"windows-1251\"> " + kKoi8r;
  absl::StatusOr<DecodedText> decoded =
      DecodeToUtf8(text, {.charset_hint = "koi8-r", .is_html = false});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->source, CharsetSource::kHint);
  absl::StatusOr<DecodedText> detected = DecodeToUtf8("<meta charset=\"koi8-r\"> plain", {});
  ASSERT_TRUE(detected.ok()) << detected.status();
  EXPECT_EQ(detected->source, CharsetSource::kDetected);
}

TEST(CharsetTest, WrongHintIsAnError) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(kShiftJis, {.charset_hint = "utf-8"});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(decoded.status()), "body");
  EXPECT_THAT(decoded.status().message(), HasSubstr("not valid UTF-8"));
  EXPECT_THAT(decoded.status().message(), HasSubstr("claimed"));
}

TEST(CharsetTest, Utf8LabelledAsLegacyCharsetIsAnError) {
  // Shift_JIS would decode these UTF-8 bytes without a single error, as mojibake.
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(kShiftJisText, {.charset_hint = "Shift_JIS"});
  ASSERT_FALSE(decoded.ok()) << decoded->utf8;
  EXPECT_EQ(FieldOf(decoded.status()), "body");
  EXPECT_THAT(decoded.status().message(), HasSubstr("not valid Shift_JIS"));
  // ASCII is valid in both, so a plain ASCII body keeps its label.
  EXPECT_TRUE(DecodeToUtf8("plain", {.charset_hint = "Shift_JIS"}).ok());
}

TEST(CharsetTest, UnknownCharsetIsAnError) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8("text", {.charset_hint = "x-klingon-8"});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(decoded.status()), "charset");
  EXPECT_THAT(decoded.status().message(), HasSubstr("x-klingon-8"));
}

TEST(CharsetTest, CharsetNameWithEmbeddedNulIsUnknown) {
  absl::StatusOr<DecodedText> decoded =
      DecodeToUtf8("text", {.charset_hint = std::string_view("utf-8\0evil", 10)});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(FieldOf(decoded.status()), "charset");
}

TEST(CharsetTest, ShortUtf8TextWithAFewStrayControlsIsUtf8) {
  const std::string text = "東京の天気は晴れ。\0明日は\x07雨の予報です。"s;
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(text, {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->charset, "UTF-8");
  EXPECT_EQ(NormalizeText(decoded->utf8), "東京の天気は晴れ。明日は雨の予報です。");
}

// 500 ASCII characters: lines of text with tabs, form feeds and CRLFs, and `strays` stray
// controls (NUL, BS, VT, SO, US, DEL, ...) spread over every position of an eight-byte word.
std::string AsciiWithStrayControls(int strays) {
  const char controls[] = {'\0', '\x01', '\x08', '\x0B', '\x0E', '\x1F', '\x7F'};
  std::string text;
  for (int i = 0; text.size() < 500; ++i) {
    text += i % 3 == 0 ? "\tline ~ of text\r\n" : "\fmore words here\n";
    if (i < strays) text.insert(text.size() - 1 - static_cast<size_t>(i % 8), 1, controls[i % 7]);
  }
  text.resize(500);
  return text;
}

TEST(CharsetTest, StrayControlBudgetCountsOnlyStrayControls) {
  // 2% of 500 characters: ten stray controls are within the budget, eleven are not; tabs,
  // line breaks and form feeds are text.
  absl::StatusOr<DecodedText> ten =
      DecodeToUtf8(AsciiWithStrayControls(10), {.charset_hint = "utf-8"});
  ASSERT_TRUE(ten.ok()) << ten.status();
  EXPECT_EQ(ten->utf8, AsciiWithStrayControls(10));
  absl::StatusOr<DecodedText> eleven =
      DecodeToUtf8(AsciiWithStrayControls(11), {.charset_hint = "utf-8"});
  ASSERT_FALSE(eleven.ok());
  EXPECT_THAT(eleven.status().message(), HasSubstr("11 of 500 characters"));
}

TEST(CharsetTest, MostlyNulBytesAreAnError) {
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(std::string(4096, '\0'), {});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(FieldOf(decoded.status()), "body");
}

std::string PseudoRandomBytes(size_t size) {
  std::string bytes(size, '\0');
  uint32_t state = 12345;
  for (char& b : bytes) {
    state = state * 1103515245u + 12345u;
    b = static_cast<char>(state >> 24);
  }
  return bytes;
}

TEST(CharsetTest, BinaryGarbageIsAnError) {
  const std::string garbage = PseudoRandomBytes(2048);
  absl::StatusOr<DecodedText> detected = DecodeToUtf8(garbage, {});
  ASSERT_FALSE(detected.ok()) << detected->charset;
  EXPECT_EQ(FieldOf(detected.status()), "body");

  // Even a single-byte charset, which maps every byte, rejects the control characters.
  absl::StatusOr<DecodedText> hinted = DecodeToUtf8(garbage, {.charset_hint = "windows-1252"});
  ASSERT_FALSE(hinted.ok());
  EXPECT_EQ(FieldOf(hinted.status()), "body");
}

TEST(CharsetTest, Utf8WithOneStrayByteIsKeptAndCleaned) {
  const std::string text =
      "Это обычный текст новостей на русском языке, \xff и он всё равно читается."s;
  absl::StatusOr<DecodedText> decoded = DecodeToUtf8(text, {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->charset, "UTF-8");
  EXPECT_THAT(decoded->utf8, HasSubstr("\xEF\xBF\xBD"));  // U+FFFD in place of the byte
  EXPECT_EQ(NormalizeText(decoded->utf8),
            "Это обычный текст новостей на русском языке, и он всё равно читается.");
}

TEST(CharsetTest, OutputIsValidUtf8ForArbitraryInput) {
  const std::string pieces[] = {"<meta charset=", "shift_jis>", "<!--",     "-->",  "'",     "\"",
                                "<a href=x>",     "\x82\xa0",   "\xa4\xa2", "\xff", "text ", "\0"s};
  uint32_t state = 99;
  for (int round = 0; round < 300; ++round) {
    std::string input;
    for (int i = 0; i < round % 20; ++i) {
      state = state * 1103515245u + 12345u;
      input += pieces[(state >> 16) % std::size(pieces)];
    }
    SniffMetaCharset(input);  // must not read out of bounds on truncated markup
    absl::StatusOr<DecodedText> decoded = DecodeToUtf8(input, {.is_html = true});
    if (decoded.ok()) {
      EXPECT_TRUE(IsValidUtf8(decoded->utf8)) << round;
    } else {
      EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << round;
    }
  }
}

TEST(SniffMetaCharsetTest, FindsCharsetAttribute) {
  EXPECT_EQ(SniffMetaCharset("<!doctype html><html><head><meta charset=euc-jp>"), "euc-jp");
  EXPECT_EQ(SniffMetaCharset("<head><meta name=x charset = 'GBK' >"), "gbk");
}

TEST(SniffMetaCharsetTest, FindsHttpEquivOnlyWithPragma) {
  EXPECT_EQ(SniffMetaCharset(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"),
            "shift_jis");
  // content= without http-equiv=content-type does not declare anything.
  EXPECT_EQ(SniffMetaCharset("<meta content=\"text/html; charset=Shift_JIS\">"), "");
}

TEST(SniffMetaCharsetTest, IgnoresCommentsAndOtherAttributes) {
  EXPECT_EQ(SniffMetaCharset("<!-- <meta charset=koi8-r> --><meta charset=big5>"), "big5");
  EXPECT_EQ(SniffMetaCharset("<div data-x='<meta charset=koi8-r>'></div>"), "");
}

TEST(SniffMetaCharsetTest, OnlyScansFirstFourKilobytes) {
  const std::string padding(5000, ' ');
  EXPECT_EQ(SniffMetaCharset(padding + "<meta charset=koi8-r>"), "");
  EXPECT_EQ(SniffMetaCharset("<meta charset=koi8-r>" + padding), "koi8-r");
}

TEST(SniffMetaCharsetTest, Utf16DeclarationMeansUtf8) {
  EXPECT_EQ(SniffMetaCharset("<meta charset=utf-16le>"), "UTF-8");
}

TEST(SniffMetaCharsetTest, UnknownLabelIsSkipped) {
  EXPECT_EQ(SniffMetaCharset("<meta charset=nonsense><meta charset=utf-8>"), "utf-8");
}

}  // namespace
}  // namespace newsflow::text
