#include "newsflow/extract/dates.h"

#include <string>

#include <gtest/gtest.h>

#include "date_finder.h"

namespace newsflow::extract {
namespace {

TEST(DatesTest, ParsesIso8601AndRfc3339) {
  EXPECT_EQ(ParseDate("2024-06-19"), "2024-06-19");
  EXPECT_EQ(ParseDate("2024-06-19T10:15:00+09:00"), "2024-06-19");
  EXPECT_EQ(ParseDate("2024-06-19T01:15:00Z"), "2024-06-19");
  EXPECT_EQ(ParseDate("  2024-06-19 10:15  "), "2024-06-19");
}

TEST(DatesTest, ParsesRfc2822) {
  EXPECT_EQ(ParseDate("Wed, 19 Jun 2024 10:15:00 +0900"), "2024-06-19");
  EXPECT_EQ(ParseDate("19 Jun 2024 10:15:00 GMT"), "2024-06-19");
}

TEST(DatesTest, ParsesJapaneseDates) {
  EXPECT_EQ(ParseDate("2024年6月19日"), "2024-06-19");
  EXPECT_EQ(ParseDate("2024年 6月 19日（水）"), "2024-06-19");
  EXPECT_EQ(ParseDate("２０２４年６月１９日"), "2024-06-19");
  EXPECT_EQ(ParseDate("令和6年6月19日"), "2024-06-19");
  EXPECT_EQ(ParseDate("令和元年5月1日"), "2019-05-01");
  EXPECT_EQ(ParseDate("11月 15, 2024"), "2024-11-15");
}

TEST(DatesTest, ParsesEnglishDates) {
  EXPECT_EQ(ParseDate("Nov. 5, 2024"), "2024-11-05");
  EXPECT_EQ(ParseDate("Nov 5 2024"), "2024-11-05");
  EXPECT_EQ(ParseDate("5 November 2024"), "2024-11-05");
  EXPECT_EQ(ParseDate("November 5th, 2024"), "2024-11-05");
  EXPECT_EQ(ParseDate("September 21st, 2023"), "2023-09-21");
  EXPECT_EQ(ParseDate("Sept. 1, 2023"), "2023-09-01");
}

TEST(DatesTest, ParsesMonthNamesOfEuropeanLanguages) {
  EXPECT_EQ(ParseDate("31. Oktober 2023"), "2023-10-31");
  EXPECT_EQ(ParseDate("3. März 2021"), "2021-03-03");
  EXPECT_EQ(ParseDate("12 février 2020"), "2020-02-12");
  EXPECT_EQ(ParseDate("5 de junio de 2020"), "2020-06-05");
  EXPECT_EQ(ParseDate("7 luglio 2019"), "2019-07-07");
  EXPECT_EQ(ParseDate("14 października 2022"), "2022-10-14");
  // Abbreviated names, with or without their dot.
  EXPECT_EQ(ParseDate("06. Mär. 2023"), "2023-03-06");
  EXPECT_EQ(ParseDate("6. Mrz 2023"), "2023-03-06");
  EXPECT_EQ(ParseDate("3 avr. 2019"), "2019-04-03");
  EXPECT_EQ(ParseDate("14 juil. 2020"), "2020-07-14");
  EXPECT_EQ(ParseDate("1. Mars"), "");  // no year
}

TEST(DatesTest, ReadsAmbiguousNumericDatesInThePagesOrder) {
  EXPECT_EQ(ParseDate("02/10/2020"), "");
  EXPECT_EQ(ParseDate("02/10/2020", NumericDateOrder::kDayFirst), "2020-10-02");
  EXPECT_EQ(ParseDate("02/10/2020", NumericDateOrder::kMonthFirst), "2020-02-10");
  // Unambiguous dates keep their reading whatever the order.
  EXPECT_EQ(ParseDate("10/25/2020", NumericDateOrder::kDayFirst), "2020-10-25");
  EXPECT_EQ(ParseDate("25/10/2020", NumericDateOrder::kMonthFirst), "2020-10-25");
  EXPECT_EQ(NumericDateOrderOf("en-GB"), NumericDateOrder::kDayFirst);
  EXPECT_EQ(NumericDateOrderOf("de"), NumericDateOrder::kDayFirst);
  EXPECT_EQ(NumericDateOrderOf("fr_FR"), NumericDateOrder::kDayFirst);
  EXPECT_EQ(NumericDateOrderOf("en-US"), NumericDateOrder::kMonthFirst);
  EXPECT_EQ(NumericDateOrderOf("en_us"), NumericDateOrder::kMonthFirst);
  EXPECT_EQ(NumericDateOrderOf("en"), NumericDateOrder::kUnknown);
  EXPECT_EQ(NumericDateOrderOf("ja-JP"), NumericDateOrder::kUnknown);
  EXPECT_EQ(NumericDateOrderOf(""), NumericDateOrder::kUnknown);
}

TEST(DatesTest, ParsesRussianAndArabicMonthNames) {
  EXPECT_EQ(ParseDate("29 июня 2020"), "2020-06-29");
  EXPECT_EQ(ParseDate("3 декабря 2019 года"), "2019-12-03");
  EXPECT_EQ(ParseDate("7 أكتوبر 2020"), "2020-10-07");
  EXPECT_EQ(ParseDate("12 آذار 2021"), "2021-03-12");
  EXPECT_EQ(ParseDate("5 تشرين الثاني 2022"), "2022-11-05");
  // The Levantine and the Egyptian name of the month side by side; Arabic-Indic digits.
  EXPECT_EQ(ParseDate("24 نيسان / أبريل 2020"), "2020-04-24");
  EXPECT_EQ(ParseDate("٢٤ أبريل ٢٠٢٠"), "2020-04-24");
  // A month name that starts a longer word is not one.
  EXPECT_EQ(ParseDate("3 آبار 2020"), "");
  EXPECT_EQ(ParseDate("3 маяк 2020"), "");
}

TEST(DatesTest, FindsArabicDatesInText) {
  internal::DateMatch match;
  const std::string text = "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً";
  ASSERT_TRUE(internal::FindDate(text, match));
  EXPECT_EQ(match.date, "2020-04-24");
}

TEST(DatesTest, ParsesNumericDates) {
  EXPECT_EQ(ParseDate("2024/06/19"), "2024-06-19");
  EXPECT_EQ(ParseDate("2024/6/9"), "2024-06-09");
  EXPECT_EQ(ParseDate("19.06.2024"), "2024-06-19");
  EXPECT_EQ(ParseDate("19/06/2024"), "2024-06-19");
  EXPECT_EQ(ParseDate("06/19/2024"), "2024-06-19");
}

TEST(DatesTest, ParsesDottedDatesWithTwoDigitYears) {
  EXPECT_EQ(ParseDate("26.10.13"), "2013-10-26");
  EXPECT_EQ(ParseDate("02.12.95"), "1995-12-02");
  EXPECT_EQ(ParseDate("26.10.13 12:00"), "2013-10-26");
  // Version numbers and addresses are not dates.
  EXPECT_EQ(ParseDate("1.2.13"), "");
  EXPECT_EQ(ParseDate("26.10.13.4"), "");
  EXPECT_EQ(ParseDate("26/10/13"), "");
  EXPECT_EQ(ParseDate("26.10.135"), "");
}

TEST(DatesTest, RejectsImpossibleDates) {
  EXPECT_EQ(ParseDate("2024-02-30"), "");
  EXPECT_EQ(ParseDate("2023-02-29"), "");
  EXPECT_EQ(ParseDate("2024-02-29"), "2024-02-29");  // leap year
  EXPECT_EQ(ParseDate("2100-02-29"), "");            // not a leap year
  EXPECT_EQ(ParseDate("2024-13-01"), "");
  EXPECT_EQ(ParseDate("2024年4月31日"), "");
  EXPECT_EQ(ParseDate("31.04.2024"), "");
  EXPECT_EQ(ParseDate("Feb. 30, 2024"), "");
}

TEST(DatesTest, RejectsYearsOutsideRange) {
  EXPECT_EQ(ParseDate("1989-12-31"), "");
  EXPECT_EQ(ParseDate("1990-01-01"), "1990-01-01");
  EXPECT_EQ(ParseDate("2100-12-31"), "2100-12-31");
  EXPECT_EQ(ParseDate("2101-01-01"), "");
}

TEST(DatesTest, RejectsAmbiguousAndMalformedInput) {
  EXPECT_EQ(ParseDate(""), "");
  EXPECT_EQ(ParseDate("yesterday"), "");
  EXPECT_EQ(ParseDate("06/07/2024"), "");  // June 7 or July 6
  EXPECT_EQ(ParseDate("2024-06"), "");
  EXPECT_EQ(ParseDate("2024-06-1999"), "");
  EXPECT_EQ(ParseDate("2024-06-19abc"), "");
  EXPECT_EQ(ParseDate("Novembr 5, 2024"), "");  // not a month name in any language read
}

}  // namespace
}  // namespace newsflow::extract
