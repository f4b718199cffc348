#include "metadata_dates.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "date_finder.h"
#include "html_signals.h"
#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

// True for a meta name that a CMS coined for the publication date ("sw-pubdate",
// "publication_date", "article.published", "DC.date.publication"): the known names are
// looked up first, these only when none of them is there.
bool IsPublicationDateKey(std::string_view key) {
  std::string letters;
  for (char c : key) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) letters.push_back(c);
  }
  for (std::string_view other : {"modif", "updat", "expir", "revis", "lastmod"}) {
    if (letters.find(other) != std::string::npos) return false;
  }
  for (std::string_view word :
       {"pubdate", "publishdate", "publisheddate", "publishedtime", "publishedat", "datepublished",
        "publicationdate", "publishtime", "publishingdate", "articlepublished", "datecreated",
        "datepublication", "releasedate", "originalpublicationdate", "createdate"}) {
    if (letters.find(word) != std::string::npos) return true;
  }
  return false;
}

std::string JoinDate(std::string_view year, std::string_view month, std::string_view day) {
  std::string date(year);
  date.push_back('-');
  date.append(month);
  date.push_back('-');
  date.append(day);
  return date;
}

enum class DateLabel { kNone, kPublished, kUpdated, kOther };

// What the words just before a date in the text say it is: "Veröffentlicht am", "Posted",
// "Datum:" name the publication; "Aktualisiert", "Last updated", "Stand:" an update; "©",
// "geboren", "Registriert" another date. The label nearest to the date decides.
DateLabel LabelBefore(std::string_view lower_window, size_t* label_begin = nullptr) {
  static constexpr std::string_view kPublished[] = {
      "published",  "posted",     "released",    "written",      "veröffentlicht", "erstellt",
      "erschienen", "publiziert", "geschrieben", "gespeichert",  "datum",          "date",
      "publié",     "publicado",  "pubblicato",  "opublikowano", "gepubliceerd"};
  static constexpr std::string_view kUpdated[] = {
      "update",  "aktualisiert", "geändert",   "änderung", "modified", "stand",    "mis à jour",
      "modifié", "actualizado",  "aggiornato", "letzte",   "last",     "revision", "edited"};
  // Includes the dates of a forum member's profile ("Registriert: 18.09.2008").
  static constexpr std::string_view kOther[] = {
      "copyright",    "©",           "geboren",    "born",          "expires",
      "gültig",       "registriert", "registered", "mitglied seit", "joined",
      "member since", "inscrit",     "dabei seit"};
  size_t best = std::string_view::npos;
  DateLabel label = DateLabel::kNone;
  auto consider = [&](std::string_view word, DateLabel kind) {
    const size_t pos = lower_window.rfind(word);
    if (pos == std::string_view::npos) return;
    const size_t end = pos + word.size();
    if (best == std::string_view::npos || end > best) {
      best = end;
      label = kind;
      if (label_begin != nullptr) *label_begin = pos;
    }
  };
  for (std::string_view word : kPublished) consider(word, DateLabel::kPublished);
  for (std::string_view word : kUpdated) consider(word, DateLabel::kUpdated);
  for (std::string_view word : kOther) consider(word, DateLabel::kOther);
  return label;
}

// The label of `match` in `text`: the words up to 40 bytes before it, but not before the end of
// the previous date (`previous_end`), whose label they would be. `label_begin` is where the
// label starts in `text`.
DateLabel LabelOfDate(std::string_view text, const DateMatch& match, size_t previous_end,
                      size_t* label_begin = nullptr) {
  constexpr size_t kLabelWindow = 40;
  const size_t window_begin =
      std::max(previous_end, match.begin > kLabelWindow ? match.begin - kLabelWindow : size_t{0});
  size_t begin = 0;
  const DateLabel label =
      LabelBefore(AsciiLower(text.substr(window_begin, match.begin - window_begin)), &begin);
  if (label_begin != nullptr) *label_begin = window_begin + begin;
  return label;
}

}  // namespace

std::string FirstDateOf(const std::map<std::string, std::string>& meta,
                        std::span<const std::string_view> keys, std::string* raw) {
  for (std::string_view key : keys) {
    auto it = meta.find(std::string(key));
    if (it == meta.end()) continue;
    std::string date = ParseDate(it->second);
    if (date.empty()) continue;
    if (raw != nullptr) *raw = it->second;
    return date;
  }
  return "";
}

std::string FirstDateOf(const std::map<std::string, std::string>& meta,
                        std::initializer_list<std::string_view> keys) {
  return FirstDateOf(meta, std::span<const std::string_view>(keys.begin(), keys.size()));
}

bool IsUtcTimestamp(std::string_view raw) {
  raw = TrimSpace(raw);
  if (raw.find(':') == std::string_view::npos) return false;
  for (std::string_view zone : {"Z", "+00:00", "+0000", "GMT", "UTC"}) {
    if (raw.ends_with(zone)) return true;
  }
  return false;
}

bool HasLocalOffset(std::string_view raw) {
  raw = TrimSpace(raw);
  const size_t t = raw.find('T');
  if (t == std::string_view::npos || IsUtcTimestamp(raw)) return false;
  const size_t sign = raw.find_last_of("+-");
  if (sign == std::string_view::npos || sign < t) return false;
  const std::string_view offset = raw.substr(sign + 1);
  return offset.size() >= 4 && offset.size() <= 5 && offset[0] >= '0' && offset[0] <= '9';
}

std::string FirstPublicationDateOfAnyName(const std::map<std::string, std::string>& meta) {
  for (const auto& [key, value] : meta) {
    if (!IsPublicationDateKey(key)) continue;
    std::string date = ParseDate(value);
    if (!date.empty()) return date;
  }
  return "";
}

bool IsDateHolder(const ClassWords& lower_class) {
  for (std::string_view word : {"modified", "updated", "update", "copyright", "footer", "expire"}) {
    if (lower_class.Has(word)) return false;
  }
  for (std::string_view word :
       {"date", "time", "published", "posted", "pubdate", "datum", "timestamp", "dateline", "meta",
        "byline", "entry-date", "post-date", "postdate", "created", "info"}) {
    if (lower_class.Has(word)) return true;
  }
  return false;
}

std::string DateInShortText(std::string_view text, NumericDateOrder order) {
  if (text.empty() || text.size() > 200) return "";
  DateMatch match;
  return FindDate(text, match, 0, order) ? match.date : "";
}

int64_t DayNumber(std::string_view date) {
  const int64_t y0 = std::stoi(std::string(date.substr(0, 4)));
  const int64_t m = std::stoi(std::string(date.substr(5, 2)));
  const int64_t d = std::stoi(std::string(date.substr(8, 2)));
  const int64_t y = m <= 2 ? y0 - 1 : y0;
  const int64_t era = y / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string LocalMidnightDay(const std::string& date, std::string_view raw) {
  raw = TrimSpace(raw);
  const size_t t = raw.find('T');
  if (date.empty() || t == std::string_view::npos || !IsUtcTimestamp(raw)) return date;
  const std::string_view time = raw.substr(t + 1);
  if (time.size() < 5 || time[0] != '2' || time[1] < '0' || time[1] > '3') return date;
  for (size_t i = 2; i < time.size(); ++i) {
    const char c = time[i];
    if (c >= '1' && c <= '9') return date;  // minutes or seconds past the hour
    if (c == 'Z' || c == '+' || c == 'G' || c == 'U') break;
  }
  const int64_t next = DayNumber(date) + 1;
  // Back from the day number to "YYYY-MM-DD" (H. Hinnant's civil_from_days).
  const int64_t z = next + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char out[16];
  std::snprintf(out, sizeof(out), "%04d-%02d-%02d", static_cast<int>(year), static_cast<int>(month),
                static_cast<int>(day));
  return out;
}

TextDates FindTextDates(const HtmlDom& dom, NumericDateOrder order,
                        const std::vector<bool>& comments, const std::vector<bool>& outside_article,
                        int h1) {
  constexpr size_t kMaxText = 256 * 1024;
  constexpr size_t kMaxLabelIndent = 12;
  constexpr size_t kMaxLineBytes = 80;  // longer text nodes are running prose
  std::string text;
  // Where the text of footers and lists of other articles starts and ends in `text`.
  std::vector<std::pair<size_t, size_t>> outside_ranges;
  std::vector<size_t> node_starts;   // where the text of each text node starts in `text`
  std::vector<size_t> node_lengths;  // and how long it is, without surrounding space
  size_t headline_end = std::string::npos;
  const int after_h1 = h1 >= 0 ? dom.node(h1).subtree_end : dom.size();
  for (int i = 0; i < dom.size() && text.size() < kMaxText; ++i) {
    const DomNode& node = dom.node(i);
    if (i >= after_h1 && headline_end == std::string::npos) headline_end = text.size();
    if (!node.IsText() || node.parent < 0 || comments[static_cast<size_t>(node.parent)]) continue;
    const myhtml_tag_id_t parent = dom.node(node.parent).tag;
    if (parent == MyHTML_TAG_SCRIPT || parent == MyHTML_TAG_STYLE ||
        parent == MyHTML_TAG_NOSCRIPT || parent == MyHTML_TAG_TEMPLATE) {
      continue;
    }
    const size_t begin = text.size();
    node_starts.push_back(begin);
    node_lengths.push_back(TrimSpace(node.text).size());
    text.append(node.text);
    text.push_back(' ');
    if (outside_article[static_cast<size_t>(node.parent)]) {
      if (!outside_ranges.empty() && outside_ranges.back().second == begin) {
        outside_ranges.back().second = text.size();
      } else {
        outside_ranges.emplace_back(begin, text.size());
      }
    }
  }
  auto outside = [&](size_t pos) {
    auto it = std::upper_bound(outside_ranges.begin(), outside_ranges.end(),
                               std::make_pair(pos, std::string::npos));
    return it != outside_ranges.begin() && pos < std::prev(it)->second;
  };
  TextDates found;
  DateMatch match;
  size_t previous_end = 0;
  for (size_t from = 0; FindDate(text, match, from, order); from = match.end) {
    size_t label_begin = 0;
    DateLabel label = LabelOfDate(text, match, previous_end, &label_begin);
    previous_end = match.end;
    // A label names the date when it starts its line ("Posted on", "| Erschienen am"); in the
    // middle of a sentence ("Version 5.2 was released on") the date is about something else.
    if (label == DateLabel::kPublished) {
      auto node = std::upper_bound(node_starts.begin(), node_starts.end(), label_begin);
      const size_t line_start = node == node_starts.begin() ? 0 : *std::prev(node);
      const std::string_view lead =
          TrimSpace(std::string_view(text).substr(line_start, label_begin - line_start));
      if (lead.size() > kMaxLabelIndent) label = DateLabel::kNone;
    }
    if (label == DateLabel::kOther) continue;
    if (label == DateLabel::kUpdated) {
      if (found.updated.empty()) found.updated = match.date;
      continue;
    }
    if (label == DateLabel::kPublished && found.labelled.empty()) found.labelled = match.date;
    if (outside(match.begin)) continue;
    const auto node = std::upper_bound(node_starts.begin(), node_starts.end(), match.begin);
    const bool in_prose =
        node != node_starts.begin() &&
        node_lengths[static_cast<size_t>(std::prev(node) - node_starts.begin())] > kMaxLineBytes;
    if (found.first.empty()) {
      found.first = match.date;
      found.first_in_prose = in_prose;
    }
    if (found.first_after_headline.empty() && headline_end != std::string::npos &&
        match.begin >= headline_end) {
      found.first_after_headline = match.date;
      found.first_after_headline_in_prose = in_prose;
    }
    if (!found.labelled.empty() && !found.first_after_headline.empty()) break;
  }
  return found;
}

std::string DateAfterHeadline(const HtmlDom& dom, NumericDateOrder order,
                              const std::vector<bool>& excluded, int h1, HeadlineDates which) {
  // A dateline is a short line of its own ("Stand: 28.04.2020 18:00 Uhr") before the text
  // starts; a date in the opening sentence ("Am 11. Juli fand ... statt") or further down is
  // what the article is about.
  constexpr size_t kMaxDatelineBytes = 80;
  const bool datelines_only = which == HeadlineDates::kDateline;
  std::string text;
  std::vector<std::pair<size_t, size_t>> nodes;  // start in `text` and trimmed length
  for (int i = dom.node(h1).subtree_end; i < dom.size() && text.size() < 300; ++i) {
    const DomNode& node = dom.node(i);
    if (!node.IsText() || node.parent < 0 || excluded[static_cast<size_t>(node.parent)]) continue;
    if (IsRawTextElement(dom.node(node.parent).tag)) continue;
    const size_t length = TrimSpace(node.text).size();
    // The article's first paragraph ends what is under the headline (a standfirst in a
    // heading or box may come before the dateline).
    if (datelines_only && length > kMaxDatelineBytes && dom.node(node.parent).tag == MyHTML_TAG_P) {
      break;
    }
    nodes.emplace_back(text.size(), length);
    text.append(node.text);
    text.push_back(' ');
  }
  auto in_short_line = [&](size_t pos) {
    auto it = std::upper_bound(nodes.begin(), nodes.end(), std::make_pair(pos, std::string::npos));
    return it != nodes.begin() && std::prev(it)->second <= kMaxDatelineBytes;
  };
  DateMatch match;
  size_t previous_end = 0;
  for (size_t from = 0; FindDate(text, match, from, order); from = match.end) {
    const DateLabel label = LabelOfDate(text, match, previous_end);
    previous_end = match.end;
    if (label == DateLabel::kOther) continue;
    if (label == DateLabel::kUpdated && which == HeadlineDates::kPublication) continue;
    if (datelines_only && !in_short_line(match.begin)) continue;
    return match.date;
  }
  return "";
}

std::string DateFromUrl(std::string_view url) {
  const size_t query = url.find_first_of("?#");
  if (query != std::string_view::npos) url = url.substr(0, query);
  auto digits = [&](size_t pos, size_t count) {
    if (pos + count > url.size()) return false;
    for (size_t i = pos; i < pos + count; ++i) {
      if (url[i] < '0' || url[i] > '9') return false;
    }
    return true;
  };
  auto separator = [&](size_t pos) {
    return pos < url.size() && (url[pos] == '/' || url[pos] == '-' || url[pos] == '_');
  };
  for (size_t slash = url.find('/'); slash != std::string_view::npos;
       slash = url.find('/', slash + 1)) {
    const size_t y = slash + 1;
    // "/2019/11/19", "/2019-11-19": year, month and day, then no further digit.
    if (!digits(y, 4) || !separator(y + 4) || !digits(y + 5, 2) || !separator(y + 7) ||
        url[y + 4] != url[y + 7] || !digits(y + 8, 2) || digits(y + 10, 1)) {
      continue;
    }
    const std::string date =
        ParseDate(JoinDate(url.substr(y, 4), url.substr(y + 5, 2), url.substr(y + 8, 2)));
    if (!date.empty()) return date;
  }
  // "/meldungen/29-10-2021": day, month and year, read only where the day cannot be a month.
  for (size_t slash = url.find('/'); slash != std::string_view::npos;
       slash = url.find('/', slash + 1)) {
    const size_t d = slash + 1;
    const auto day_first_separator = [&](size_t pos) {
      return separator(pos) || (pos < url.size() && url[pos] == '.');
    };
    if (!digits(d, 2) || !day_first_separator(d + 2) || !digits(d + 3, 2) ||
        !day_first_separator(d + 5) || url[d + 2] != url[d + 5] || !digits(d + 6, 4) ||
        digits(d + 10, 1) || url[d] < '1' || (url[d] == '1' && url[d + 1] <= '2')) {
      continue;
    }
    const std::string date =
        ParseDate(JoinDate(url.substr(d + 6, 4), url.substr(d + 3, 2), url.substr(d, 2)));
    if (!date.empty()) return date;
  }
  return "";
}

}  // namespace newsflow::extract::internal
