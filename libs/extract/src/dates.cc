#include "newsflow/extract/dates.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <vector>

#include "date_finder.h"
#include "utf8_util.h"

namespace newsflow::extract {
namespace {

using internal::NextCodePoint;

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2100;

struct Ymd {
  int year = 0;
  int month = 0;
  int day = 0;
};

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool IsValid(const Ymd& d) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.year < kMinYear || d.year > kMaxYear || d.month < 1 || d.month > 12 || d.day < 1) {
    return false;
  }
  const int max_day = kDays[d.month - 1] + (d.month == 2 && IsLeap(d.year) ? 1 : 0);
  return d.day <= max_day;
}

std::string Format(const Ymd& d) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// A cursor over UTF-8 text that understands ASCII and full-width digits, so "２０２４年"
// parses like "2024年".
class Cursor {
 public:
  explicit Cursor(std::string_view s, size_t pos = 0) : s_(s), pos_(pos) {}

  size_t pos() const { return pos_; }
  bool AtEnd() const { return pos_ >= s_.size(); }

  char32_t Peek() const {
    if (AtEnd()) return 0;
    size_t p = pos_;
    return NextCodePoint(s_, p);
  }
  // The byte at the cursor with ASCII upper case folded, as ConsumeWord compares it (0 at the
  // end).
  unsigned char PeekFoldedByte() const {
    if (AtEnd()) return 0;
    const auto c = static_cast<unsigned char>(s_[pos_]);
    return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c - 'A' + 'a') : c;
  }
  void Advance() {
    if (!AtEnd()) NextCodePoint(s_, pos_);
  }
  void SkipSpaces() {
    while (!AtEnd() && internal::IsSpace(Peek())) Advance();
  }
  bool Consume(char32_t cp) {
    if (Peek() != cp) return false;
    Advance();
    return true;
  }
  // Consumes an ASCII word case-insensitively when it is not followed by a letter.
  bool ConsumeWord(std::string_view word) {
    if (s_.size() - pos_ < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      char c = s_[pos_ + i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    size_t after = pos_ + word.size();
    if (after < s_.size()) {
      size_t next = after;
      if (IsLetter(NextCodePoint(s_, next))) return false;
    }
    pos_ = after;
    return true;
  }
  bool ConsumeUtf8(std::string_view literal) {
    if (s_.substr(pos_, literal.size()) != literal) return false;
    pos_ += literal.size();
    return true;
  }
  // Reads 1..max_digits digits; fails when more digits follow.
  std::optional<int> ReadNumber(int min_digits, int max_digits, int* digits_read = nullptr) {
    int value = 0;
    int digits = 0;
    while (!AtEnd()) {
      const int d = DigitValue(Peek());
      if (d < 0) break;
      if (digits == max_digits) return std::nullopt;
      value = value * 10 + d;
      ++digits;
      Advance();
    }
    if (digits < min_digits) return std::nullopt;
    if (digits_read != nullptr) *digits_read = digits;
    return value;
  }

  static bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
  // A letter of the scripts whose month names are known: a month name must not be the start
  // of a longer word ("mai" in "mainz", "آب" in "آبار").
  static bool IsLetter(char32_t cp) {
    if (cp < 0x80) return IsAsciiLetter(static_cast<char>(cp));
    return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
           (cp >= 0x400 && cp <= 0x4FF) || (cp >= 0x620 && cp <= 0x64A);
  }
  // ASCII, full-width and Arabic-Indic digits ("٢٠٢٠").
  static int DigitValue(char32_t cp) {
    if (cp >= '0' && cp <= '9') return static_cast<int>(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19) return static_cast<int>(cp - 0xFF10);
    if (cp >= 0x660 && cp <= 0x669) return static_cast<int>(cp - 0x660);
    if (cp >= 0x6F0 && cp <= 0x6F9) return static_cast<int>(cp - 0x6F0);
    return -1;
  }

 private:
  std::string_view s_;
  size_t pos_;
};

struct MonthName {
  std::string_view name;
  int month;
};

// Month names of the languages the crawler meets most (en, de, fr, es, it, pt, nl, pl in the
// genitive it uses in dates), full forms before abbreviations: the first name that matches as
// a whole word wins. Lowercase; only ASCII letters are case-folded, so "März" and "août" match
// as usually written.
constexpr MonthName kMonthNames[] = {
    // English
    {"january", 1},
    {"february", 2},
    {"march", 3},
    {"april", 4},
    {"may", 5},
    {"june", 6},
    {"july", 7},
    {"august", 8},
    {"september", 9},
    {"october", 10},
    {"november", 11},
    {"december", 12},
    // German, Dutch
    {"januar", 1},
    {"januari", 1},
    {"jänner", 1},
    {"februar", 2},
    {"februari", 2},
    {"märz", 3},
    {"maerz", 3},
    {"maart", 3},
    {"mai", 5},
    {"mei", 5},
    {"juni", 6},
    {"juli", 7},
    {"augustus", 8},
    {"oktober", 10},
    {"dezember", 12},
    // French
    {"janvier", 1},
    {"février", 2},
    {"fevrier", 2},
    {"mars", 3},
    {"avril", 4},
    {"juin", 6},
    {"juillet", 7},
    {"août", 8},
    {"aout", 8},
    {"septembre", 9},
    {"octobre", 10},
    {"novembre", 11},
    {"décembre", 12},
    {"decembre", 12},
    // Spanish, Italian, Portuguese
    {"enero", 1},
    {"febrero", 2},
    {"marzo", 3},
    {"abril", 4},
    {"mayo", 5},
    {"junio", 6},
    {"julio", 7},
    {"agosto", 8},
    {"septiembre", 9},
    {"setiembre", 9},
    {"octubre", 10},
    {"noviembre", 11},
    {"diciembre", 12},
    {"gennaio", 1},
    {"febbraio", 2},
    {"aprile", 4},
    {"maggio", 5},
    {"giugno", 6},
    {"luglio", 7},
    {"settembre", 9},
    {"ottobre", 10},
    {"dicembre", 12},
    {"janeiro", 1},
    {"fevereiro", 2},
    {"março", 3},
    {"maio", 5},
    {"junho", 6},
    {"julho", 7},
    {"setembro", 9},
    {"outubro", 10},
    {"novembro", 11},
    {"dezembro", 12},
    // Polish (genitive)
    {"stycznia", 1},
    {"lutego", 2},
    {"marca", 3},
    {"kwietnia", 4},
    {"maja", 5},
    {"czerwca", 6},
    {"lipca", 7},
    {"sierpnia", 8},
    {"września", 9},
    {"października", 10},
    {"listopada", 11},
    {"grudnia", 12},
    // Russian (genitive, as in "29 июня 2020")
    {"января", 1},
    {"февраля", 2},
    {"марта", 3},
    {"апреля", 4},
    {"мая", 5},
    {"июня", 6},
    {"июля", 7},
    {"августа", 8},
    {"сентября", 9},
    {"октября", 10},
    {"ноября", 11},
    {"декабря", 12},
    // Arabic: the names used in Egypt and the Maghreb, then those of the Levant and Iraq
    {"يناير", 1},
    {"فبراير", 2},
    {"مارس", 3},
    {"أبريل", 4},
    {"ابريل", 4},
    {"إبريل", 4},
    {"مايو", 5},
    {"يونيو", 6},
    {"يوليو", 7},
    {"أغسطس", 8},
    {"اغسطس", 8},
    {"سبتمبر", 9},
    {"أكتوبر", 10},
    {"اكتوبر", 10},
    {"نوفمبر", 11},
    {"ديسمبر", 12},
    {"كانون الثاني", 1},
    {"شباط", 2},
    {"آذار", 3},
    {"نيسان", 4},
    {"أيار", 5},
    {"حزيران", 6},
    {"تموز", 7},
    {"آب", 8},
    {"أيلول", 9},
    {"تشرين الأول", 10},
    {"تشرين الثاني", 11},
    {"كانون الأول", 12},
    // Abbreviations
    {"jan", 1},
    {"feb", 2},
    {"mar", 3},
    {"apr", 4},
    {"jun", 6},
    {"jul", 7},
    {"aug", 8},
    {"sept", 9},
    {"sep", 9},
    {"oct", 10},
    {"okt", 10},
    {"nov", 11},
    {"dec", 12},
    {"dez", 12},
    {"févr", 2},
    {"fév", 2},
    {"janv", 1},
    {"avr", 4},
    {"juil", 7},
    {"déc", 12},
    // German abbreviations of März ("06. Mär. 2023", "6. Mrz 2023")
    {"mär", 3},
    {"mrz", 3},
};

// The month names by their first byte, each list in the order of kMonthNames (so the first
// name that matches is the same): the names whose first byte is not the text's cannot match,
// and ReadOneMonthName runs at many places of a text (after numbers, at ASCII letters).
const std::array<std::vector<const MonthName*>, 256>& MonthNamesByFirstByte() {
  static const auto* by_first_byte = [] {
    auto* table = new std::array<std::vector<const MonthName*>, 256>();
    for (const MonthName& m : kMonthNames) {
      (*table)[static_cast<unsigned char>(m.name[0])].push_back(&m);
    }
    return table;
  }();
  return *by_first_byte;
}

std::optional<int> ReadOneMonthName(Cursor& c) {
  for (const MonthName* m : MonthNamesByFirstByte()[c.PeekFoldedByte()]) {
    if (c.ConsumeWord(m->name)) {
      c.Consume('.');
      return m->month;
    }
  }
  return std::nullopt;
}

// A month name, or two names of the same month joined by a slash ("نيسان / أبريل": the
// Levantine and the Egyptian name side by side).
std::optional<int> ReadMonthName(Cursor& c) {
  std::optional<int> month = ReadOneMonthName(c);
  if (!month) return std::nullopt;
  Cursor second = c;
  second.SkipSpaces();
  if (second.Consume('/')) {
    second.SkipSpaces();
    if (ReadOneMonthName(second) == month) c = second;
  }
  return month;
}

void SkipOrdinalSuffix(Cursor& c) {
  for (std::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (c.ConsumeWord(suffix)) return;
  }
}

bool IsDash(char32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2212; }

// Year-first forms: ISO "2024-06-19", "2024/06/19", "2024.06.19", "2024年6月19日".
std::optional<Ymd> MatchYearFirst(Cursor& c, int year) {
  Ymd d{.year = year};
  const char32_t sep = c.Peek();
  if (sep == '-' || sep == '/' || sep == '.') {
    c.Advance();
    std::optional<int> month = c.ReadNumber(1, 2);
    if (!month || !c.Consume(sep)) return std::nullopt;
    std::optional<int> day = c.ReadNumber(1, 2);
    if (!day) return std::nullopt;
    d.month = *month;
    d.day = *day;
    return d;
  }
  c.SkipSpaces();
  if (!c.ConsumeUtf8("年")) return std::nullopt;
  c.SkipSpaces();
  std::optional<int> month = c.ReadNumber(1, 2);
  c.SkipSpaces();
  if (!month || !c.ConsumeUtf8("月")) return std::nullopt;
  c.SkipSpaces();
  std::optional<int> day = c.ReadNumber(1, 2);
  c.SkipSpaces();
  if (!day || !c.ConsumeUtf8("日")) return std::nullopt;
  d.month = *month;
  d.day = *day;
  return d;
}

// Day- or month-first numeric forms: "19.06.2024", "19/06/2024", "11月 15, 2024",
// "5 November 2024", "19 Jun 2024" (RFC 2822).
std::optional<Ymd> MatchSmallNumberFirst(Cursor& c, int first, int first_digits,
                                         NumericDateOrder order) {
  const char32_t sep = c.Peek();
  if (sep == '.') {
    // "31. Oktober 2023": a German day number, then the month's name.
    Cursor after = c;
    after.Advance();
    if (internal::IsSpace(after.Peek())) {
      after.SkipSpaces();
      if (std::optional<int> month = ReadMonthName(after)) {
        after.SkipSpaces();
        std::optional<int> year = after.ReadNumber(4, 4);
        if (!year) return std::nullopt;
        c = after;
        return Ymd{.year = *year, .month = *month, .day = first};
      }
    }
  }
  if (sep == '.' || sep == '/' || IsDash(sep)) {
    c.Advance();
    int second_digits = 0;
    std::optional<int> second = c.ReadNumber(1, 2, &second_digits);
    if (!second || !c.Consume(sep)) return std::nullopt;
    int year_digits = 0;
    std::optional<int> year = c.ReadNumber(2, 4, &year_digits);
    if (!year || year_digits == 3) return std::nullopt;
    if (year_digits == 2) {
      // "26.10.13": the short German form, only with dots and two-digit day and month (a
      // version number such as "1.2.13" or a dotted quad is not a date).
      if (sep != '.' || first_digits != 2 || second_digits != 2 || c.Peek() == '.') {
        return std::nullopt;
      }
      *year += *year >= kMinYear % 100 ? 1900 : 2000;
    }
    if (sep == '/' && first <= 12 && *second > 12) {
      return Ymd{.year = *year, .month = first, .day = *second};  // US month/day/year
    }
    if (sep == '/' && first <= 12 && *second <= 12 && first != *second) {
      // "06/07/2024" is ambiguous: without the page's convention, better no date than a
      // wrong one.
      if (order == NumericDateOrder::kMonthFirst) {
        return Ymd{.year = *year, .month = first, .day = *second};
      }
      if (order != NumericDateOrder::kDayFirst) return std::nullopt;
    }
    return Ymd{.year = *year, .month = *second, .day = first};
  }
  c.SkipSpaces();
  if (c.ConsumeUtf8("月")) {
    c.SkipSpaces();
    std::optional<int> day = c.ReadNumber(1, 2);
    if (!day) return std::nullopt;
    c.ConsumeUtf8("日");
    c.SkipSpaces();
    if (!c.Consume(',') && !c.ConsumeUtf8("、")) return std::nullopt;
    c.SkipSpaces();
    std::optional<int> year = c.ReadNumber(4, 4);
    if (!year) return std::nullopt;
    return Ymd{.year = *year, .month = first, .day = *day};
  }
  SkipOrdinalSuffix(c);
  c.SkipSpaces();
  c.ConsumeWord("of");
  c.ConsumeWord("de");  // "5 de junio de 2020"
  c.SkipSpaces();
  std::optional<int> month = ReadMonthName(c);
  if (!month) return std::nullopt;
  c.Consume(',');
  c.SkipSpaces();
  if (c.ConsumeWord("de")) c.SkipSpaces();
  std::optional<int> year = c.ReadNumber(4, 4);
  if (!year) return std::nullopt;
  return Ymd{.year = *year, .month = *month, .day = first};
}

// "Nov. 5, 2024", "November 5th, 2024", "Nov 5 2024".
std::optional<Ymd> MatchMonthNameFirst(Cursor& c) {
  std::optional<int> month = ReadMonthName(c);
  if (!month) return std::nullopt;
  c.SkipSpaces();
  std::optional<int> day = c.ReadNumber(1, 2);
  if (!day) return std::nullopt;
  SkipOrdinalSuffix(c);
  c.Consume(',');
  c.SkipSpaces();
  std::optional<int> year = c.ReadNumber(4, 4);
  if (!year) return std::nullopt;
  return Ymd{.year = *year, .month = *month, .day = *day};
}

// Japanese era years: "令和6年6月19日", "令和元年5月1日".
std::optional<Ymd> MatchEra(Cursor& c) {
  int base = 0;
  if (c.ConsumeUtf8("令和")) {
    base = 2018;
  } else if (c.ConsumeUtf8("平成")) {
    base = 1988;
  } else {
    return std::nullopt;
  }
  c.SkipSpaces();
  int era_year = 0;
  if (c.ConsumeUtf8("元")) {
    era_year = 1;
  } else if (std::optional<int> n = c.ReadNumber(1, 2)) {
    era_year = *n;
  } else {
    return std::nullopt;
  }
  if (era_year < 1) return std::nullopt;
  return MatchYearFirst(c, base + era_year);
}

// Matches one date expression at the cursor. On success the cursor is after it.
std::optional<Ymd> MatchAt(Cursor& c, NumericDateOrder order) {
  const char32_t first = c.Peek();
  std::optional<Ymd> result;
  if (Cursor::DigitValue(first) >= 0) {
    int digits = 0;
    std::optional<int> n = c.ReadNumber(1, 4, &digits);
    if (!n) return std::nullopt;
    if (digits == 4) {
      result = MatchYearFirst(c, *n);
    } else if (digits <= 2) {
      result = MatchSmallNumberFirst(c, *n, digits, order);
    }
  } else if (first < 0x80 && Cursor::IsAsciiLetter(static_cast<char>(first))) {
    result = MatchMonthNameFirst(c);
  } else {
    result = MatchEra(c);
  }
  if (!result || !IsValid(*result)) return std::nullopt;
  // "2024-06-1999" is not a date followed by junk.
  if (Cursor::DigitValue(c.Peek()) >= 0) return std::nullopt;
  return result;
}

void SkipWeekday(Cursor& c) {
  static constexpr std::array<std::string_view, 14> kWeekdays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "mon",    "tue",     "wed",       "thu",      "fri",    "sat",      "sun"};
  for (std::string_view day : kWeekdays) {
    if (c.ConsumeWord(day)) {
      c.Consume('.');
      c.Consume(',');
      c.SkipSpaces();
      return;
    }
  }
}

}  // namespace

std::string ParseDate(std::string_view text, NumericDateOrder order) {
  text = internal::TrimSpace(text);
  Cursor c(text);
  SkipWeekday(c);
  std::optional<Ymd> date = MatchAt(c, order);
  if (!date) return "";
  // What follows must not continue the expression: a time ("T10:00", " 10:00"), a zone, a
  // weekday in brackets ("(水)") are fine; letters glued to the date are not.
  if (!c.AtEnd()) {
    const char32_t next = c.Peek();
    if (next != 'T' && next < 0x80 && Cursor::IsAsciiLetter(static_cast<char>(next))) return "";
  }
  return Format(*date);
}

NumericDateOrder NumericDateOrderOf(std::string_view language_tag) {
  std::string tag;
  for (char c : internal::TrimSpace(language_tag)) {
    tag.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (tag.empty() || tag == "en" || tag == "en-ca") return NumericDateOrder::kUnknown;
  if (tag == "en-us" || tag == "en-ph" || tag == "fil" || tag.starts_with("fil-")) {
    return NumericDateOrder::kMonthFirst;
  }
  // Chinese, Japanese and Korean write the year first; a short numeric date there is rare and
  // of no known order.
  for (std::string_view cjk : {"zh", "ja", "ko"}) {
    if (tag == cjk || tag.starts_with(std::string(cjk) + "-")) return NumericDateOrder::kUnknown;
  }
  return NumericDateOrder::kDayFirst;
}

namespace internal {

bool FindDate(std::string_view text, DateMatch& match, size_t from, NumericDateOrder order) {
  char32_t previous = 0;
  size_t pos = from;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = NextCodePoint(text, pos);
    const bool digit_start = Cursor::DigitValue(cp) >= 0 && Cursor::DigitValue(previous) < 0;
    const bool letter_start =
        cp < 0x80 && Cursor::IsAsciiLetter(static_cast<char>(cp)) &&
        !(previous < 0x80 && Cursor::IsAsciiLetter(static_cast<char>(previous)));
    const bool era_start = cp == U'令' || cp == U'平';
    previous = cp;
    if (!digit_start && !letter_start && !era_start) continue;
    Cursor c(text, start);
    if (std::optional<Ymd> date = MatchAt(c, order)) {
      match.begin = start;
      match.end = c.pos();
      match.date = Format(*date);
      return true;
    }
  }
  return false;
}

}  // namespace internal
}  // namespace newsflow::extract
