#include "edge_trimmer.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "date_finder.h"
#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

// Lines up to this long without sentence punctuation are labels at the edges.
constexpr size_t kLabelMaxChars = 40;
// Lines up to this long that end with a colon introduce a list or a box, not article text.
constexpr size_t kIntroMaxChars = 80;
// Content with less prose than this after trimming is left as chosen.
constexpr size_t kMinKeptChars = 100;
// A closing box of contact details or further links: short lines, little text in all.
constexpr size_t kClosingLineMaxChars = 100;
constexpr size_t kClosingBoxMaxChars = 300;
// A picture's caption with its credit is at most this long; the credit (after the copyright sign
// or a label such as "Foto:") at most kCreditMaxChars.
constexpr size_t kCaptionMaxChars = 200;
constexpr size_t kCreditMaxChars = 60;
// A "read more" link under a teaser is at most this long.
constexpr size_t kReadMoreMaxChars = 25;
// The head of the content (kicker, lead, byline and dateline) ends with its second line of at
// least kProseLineChars.
constexpr int kHeadProseLines = 2;
constexpr size_t kProseLineChars = 100;

bool IsSentenceEnd(char32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == U'。' || cp == U'．' || cp == U'！' ||
         cp == U'？' || cp == U'…';
}

bool IsClosing(char32_t cp) {
  return cp == ')' || cp == U'）' || cp == '"' || cp == '\'' || cp == U'”' || cp == U'’' ||
         cp == U'」' || cp == U'』' || cp == U'»' || cp == U'“';
}

// The last code point that is not a closing bracket or quote.
char32_t LastMark(std::string_view text) {
  while (!text.empty()) {
    size_t begin = 0;
    const char32_t cp = LastCodePoint(text, &begin);
    if (!IsClosing(cp)) return cp;
    text = text.substr(0, begin);
  }
  return 0;
}

bool IsContactLine(std::string_view text, size_t chars) {
  if (chars > kIntroMaxChars) return false;
  // An e-mail address, also written to fool harvesters ("name[at]example.org").
  const size_t at = text.find('@');
  if (at != std::string_view::npos && at > 0 && at + 1 < text.size() && text[at - 1] != ' ' &&
      text[at + 1] != ' ') {
    return true;
  }
  if (Contains(text, "[at]") || Contains(text, "(at)")) return true;
  // A phone number: mostly digits and separators.
  size_t digits = 0;
  size_t other = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '-' && c != '/' && c != '(' && c != ')' && c != '.') {
      ++other;
    }
  }
  return digits >= 7 && other <= 6;  // room for a label such as "Tel.:" or "Fax"
}

// A line that is a date and little else ("03.04.2020", "Updated 11 Jan 2019"): metadata.
bool IsDateLine(std::string_view text, size_t chars) {
  if (chars > kLabelMaxChars) return false;
  DateMatch match;
  if (!FindDate(text, match)) return false;
  size_t letters = 0;
  for (std::string_view rest : {text.substr(0, match.begin), text.substr(match.end)}) {
    size_t pos = 0;
    while (pos < rest.size()) {
      const char32_t cp = NextCodePoint(rest, pos);
      // The time beside the date is part of the stamp ("Publiziert: 03.04.2020, 12:35").
      if (IsWordChar(cp) && !(cp >= '0' && cp <= '9')) ++letters;
    }
  }
  return letters <= 12;
}

bool IsEdgeFurniture(const ContentLine& line) {
  const std::string_view text = line.text;
  const size_t chars = CodePointCount(text);
  const char32_t last = LastMark(text);
  if (chars <= kIntroMaxChars && (last == ':' || last == U'：')) return true;
  if (IsContactLine(text, chars)) return true;
  if (IsDateLine(text, chars)) return true;
  if (chars > kLabelMaxChars || IsSentenceEnd(last)) return false;
  // A short plain line may be the writer's sign-off or an item of the article's own list; a
  // link ("Permalink", "Back to the list") or a heading with no text under it is furniture.
  const bool mostly_link = line.link_chars * 2 > line.chars;
  return mostly_link || (line.heading && !line.list_item);
}

bool IsIntroLine(const ContentLine& line) {
  const size_t chars = CodePointCount(line.text);
  const char32_t last = LastMark(line.text);
  return chars <= kIntroMaxChars && (last == ':' || last == U'：');
}

// Where a closing box of short lines begins ("Further information:" then a link, "Contact:"
// then a name and a phone number), or `end` when the content does not end with one.
size_t ClosingBoxStart(const std::vector<ContentLine>& lines, size_t end) {
  size_t tail_chars = 0;
  bool contact_or_link = false;
  for (size_t i = end; i-- > 0;) {
    const ContentLine& line = lines[i];
    if (IsIntroLine(line)) {
      if (contact_or_link) return i;
      continue;
    }
    contact_or_link = contact_or_link || line.link_chars * 2 > line.chars ||
                      IsContactLine(line.text, CodePointCount(line.text));
    tail_chars += line.chars;
    if (line.chars > kClosingLineMaxChars || tail_chars > kClosingBoxMaxChars) break;
  }
  return end;
}

// True when `credit` is a short name or source, not a sentence that goes on ("2019 by the
// author. Reprinted by permission." is prose).
bool IsShortCredit(std::string_view credit) {
  if (CodePointCount(credit) > kCreditMaxChars) return false;
  size_t pos = 0;
  char32_t previous = 0;
  while (pos < credit.size()) {
    const char32_t cp = NextCodePoint(credit, pos);
    // The point after a day ("02. Februar 2022") ends no sentence.
    const bool ordinal = cp == '.' && previous >= '0' && previous <= '9';
    if (IsSentenceEnd(cp) && !ordinal && pos < credit.size() && credit[pos] == ' ') return false;
    previous = cp;
  }
  return true;
}

// "Caption text. © Source": the copyright sign followed by a short source.
bool EndsWithCopyrightCredit(std::string_view text) {
  constexpr std::string_view kCopyrightSign = "©";
  const size_t sign = text.rfind(kCopyrightSign);
  return sign != std::string_view::npos && IsShortCredit(text.substr(sign + kCopyrightSign.size()));
}

// "Foto: Jane Roe", "(Credit: Photo Agency)", "Quelle: Landesregierung": a label naming where a
// picture or the facts come from, then a short name. A label with nothing after it introduces
// a list and is left to the edge trimming.
bool IsLabelledCredit(std::string_view text) {
  static constexpr std::string_view kLabels[] = {
      "foto",   "fotos",     "bild",         "photo",          "photos",
      "image",  "titelbild", "bildquelle",   "fotocredit",     "photo credit",
      "credit", "credits",   "image credit", "crédits photos", "crédit photo",
      "quelle", "source",    "fuente",       "fonte",          "photo credits"};
  if (!text.empty() && text.front() == '(') text.remove_prefix(1);
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon > 20) return false;
  std::string_view label = text.substr(0, colon);
  while (!label.empty() && label.back() == ' ') label.remove_suffix(1);
  std::string_view credit = text.substr(colon + 1);
  if (!credit.empty() && credit.back() == ')') credit.remove_suffix(1);
  if (credit.find_first_not_of(' ') == std::string_view::npos || !IsShortCredit(credit)) {
    return false;
  }
  const std::string lower = AsciiLower(label);
  for (std::string_view known : kLabels) {
    if (lower == known) return true;
  }
  return false;
}

bool IsCreditLine(const ContentLine& line) {
  if (line.chars > kCaptionMaxChars) return false;
  return EndsWithCopyrightCredit(line.text) || IsLabelledCredit(line.text);
}

// "Read more...", "Weiterlesen…": a short link that ends a teaser of another page.
bool IsReadMoreLink(const ContentLine& line) {
  if (line.chars > kReadMoreMaxChars || line.link_chars * 2 <= line.chars) return false;
  const std::string_view text = line.text;
  return text.ends_with("...") || text.ends_with("…") || text.ends_with("»") ||
         text.ends_with("›") || text.ends_with("→");
}

// A teaser's title (or the heading over the list): short, no sentence.
bool IsTitleLike(const ContentLine& line) {
  return line.chars <= kIntroMaxChars && !IsSentenceEnd(LastMark(line.text));
}

// Where a closing list of teasers of other pages begins (each a snippet, perhaps under a title,
// then "Read more...", at least twice), or `end` when the content does not end with one. The
// article's last paragraph before the list is prose, never taken for a title.
size_t TeaserListStart(const std::vector<ContentLine>& lines, size_t end) {
  size_t start = end;
  int teasers = 0;
  while (start >= 2 && IsReadMoreLink(lines[start - 1]) && !IsReadMoreLink(lines[start - 2])) {
    size_t item = start - 2;  // the snippet
    if (item > 0 && !IsReadMoreLink(lines[item - 1]) && IsTitleLike(lines[item - 1])) --item;
    start = item;
    ++teasers;
  }
  return teasers >= 2 ? start : end;
}

// At the end a short question set as a heading, or in bold as one, with nothing under it asks
// the reader to do something else ("Already read?", "Would you like to share this article?",
// "What do you think?"). A bold sign-off or slogan stays.
bool IsTrailingFurniture(const ContentLine& line) {
  if (IsEdgeFurniture(line)) return true;
  const bool heading_like = line.heading || line.bold_chars == line.chars;
  const char32_t last = LastMark(line.text);
  return heading_like && !line.list_item && line.chars <= kLabelMaxChars &&
         (last == '?' || last == U'？');
}

}  // namespace

void DropCredits(std::vector<ContentLine>& lines) {
  lines.erase(std::remove_if(lines.begin(), lines.end(), IsCreditLine), lines.end());
}

void DropHeadDateline(std::vector<ContentLine>& lines) {
  // The dateline sits among the headline's companions (kicker, lead, byline) before the body
  // gets going; a date further down belongs to the article (a timeline, an event's dates).
  int prose_lines = 0;
  size_t head_end = 0;
  while (head_end < lines.size() && prose_lines < kHeadProseLines) {
    if (lines[head_end].chars >= kProseLineChars) ++prose_lines;
    ++head_end;
  }
  // A date under a label ("Beginn:") is the value of a field of the article (an event's start).
  std::vector<bool> drop(head_end, false);
  for (size_t i = 0; i < head_end; ++i) {
    drop[i] = IsDateLine(lines[i].text, CodePointCount(lines[i].text)) &&
              !(i > 0 && IsIntroLine(lines[i - 1]));
  }
  size_t kept = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i < head_end && drop[i]) continue;
    if (kept != i) lines[kept] = std::move(lines[i]);
    ++kept;
  }
  lines.resize(kept);
}

void TrimEdgeFurniture(std::vector<ContentLine>& lines) {
  size_t end = lines.size();
  while (end > 0 && IsTrailingFurniture(lines[end - 1])) --end;
  end = ClosingBoxStart(lines, end);
  end = TeaserListStart(lines, end);
  while (end > 0 && IsTrailingFurniture(lines[end - 1])) --end;
  size_t begin = 0;
  while (begin < end && IsEdgeFurniture(lines[begin])) ++begin;
  size_t kept_chars = 0;
  for (size_t i = begin; i < end; ++i) kept_chars += lines[i].chars;
  // Too little prose to judge by: leave the content as chosen.
  if (kept_chars < kMinKeptChars) return;
  lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(end), lines.end());
  lines.erase(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(begin));
}

}  // namespace newsflow::extract::internal
