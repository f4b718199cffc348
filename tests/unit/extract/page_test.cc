#include "newsflow/extract/page.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "newsflow/common/field_error.h"

namespace newsflow::extract {
namespace {

using ::testing::HasSubstr;

// "港の橋が再開した。" and "橋の記事" in Shift_JIS.
const std::string kSjisSentence =
    "\x8D\x60\x82\xCC\x8B\xB4\x82\xAA\x8D\xC4\x8A\x4A\x82\xB5\x82\xBD\x81\x42";
const std::string kSjisTitle = "\x8B\xB4\x82\xCC\x8B\x4C\x8E\x96";

TEST(PageTest, DecodesShiftJisHtmlFromMetaCharset) {
  const std::string html = "<html><head><meta charset=\"Shift_JIS\"><title>" + kSjisTitle +
                           "</title></head><body><p>" + kSjisSentence + "</p></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractPage({.bytes = html});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->text, "港の橋が再開した。");
  EXPECT_EQ(page->title, "橋の記事");
  EXPECT_EQ(page->source_charset, "Shift_JIS");
}

TEST(PageTest, DatesAfterTheLatestPlausibleDayAreDropped) {
  const std::string html =
      "<html><head><meta property=\"article:published_time\" content=\"2031-05-02T09:00:00Z\">"
      "<meta property=\"article:modified_time\" content=\"2024-06-20T10:00:00Z\"></head>"
      "<body><article><h1>Festival</h1><p>The festival will return next spring with a new "
      "programme of concerts.</p></article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractPage({.bytes = html}, {.latest_date = "2024-06-21"});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->published_date, "");
  EXPECT_EQ(page->modified_date, "2024-06-20");
  // Without a bound the declared date stands.
  page = ExtractPage({.bytes = html});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->published_date, "2031-05-02");
}

TEST(PageTest, CleansPlainTextWithCharsetHint) {
  absl::StatusOr<ExtractedPage> page = ExtractPage(
      {.bytes = kSjisSentence, .format = PageFormat::kText, .charset_hint = "Shift_JIS"});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->text, "港の橋が再開した。");
  EXPECT_EQ(page->source_charset, "Shift_JIS");
}

TEST(PageTest, NormalizesWhitespace) {
  absl::StatusOr<ExtractedPage> page =
      ExtractPage({.bytes = "<p>Ferry\xC2\xA0services   resume\ton the north route this week.</p>",
                   .charset_hint = "UTF-8"});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->text, "Ferry services resume on the north route this week.");
}

TEST(PageTest, NothingLeftIsInvalidBody) {
  absl::StatusOr<ExtractedPage> page = ExtractPage(
      {.bytes = "READ more\nShare\n", .format = PageFormat::kText, .charset_hint = "UTF-8"});
  ASSERT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  const std::vector<common::FieldViolation> violations = common::FieldViolationsOf(page.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "body");
}

TEST(PageTest, PageWithoutTextKeepsItsMetadataWhenAskedTo) {
  const std::string_view front_page =
      "<html><head><title>The Example Gazette</title>"
      "<meta property='article:published_time' content='2024-03-06T06:00:00Z'></head>"
      "<body><nav><a href='/world'>World</a> <a href='/sport'>Sport</a></nav></body></html>";
  EXPECT_EQ(ExtractPage({.bytes = front_page, .charset_hint = "UTF-8"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<ExtractedPage> page = ExtractPage({.bytes = front_page, .charset_hint = "UTF-8"},
                                                   {.keep_pages_without_text = true});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->text, "");
  EXPECT_EQ(page->title, "The Example Gazette");
  EXPECT_EQ(page->published_date, "2024-03-06");
  EXPECT_EQ(page->source_charset, "UTF-8");
}

TEST(PageTest, UnknownCharsetPassesThrough) {
  absl::StatusOr<ExtractedPage> page =
      ExtractPage({.bytes = "<p>text</p>", .charset_hint = "no-such-charset"});
  ASSERT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  const std::vector<common::FieldViolation> violations = common::FieldViolationsOf(page.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "charset");
}

}  // namespace
}  // namespace newsflow::extract
