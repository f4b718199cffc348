#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "newsflow/extract/dates.h"

#include "element_class_words.h"
#include "html_dom.h"

// Dates: the publication date in meta tags, the page's address, date elements and the
// visible text, and the day a timestamp names.

namespace newsflow::extract::internal {

/// The date of the first of `keys` that holds one; `raw` (when given) receives its value as
/// written.
std::string FirstDateOf(const std::map<std::string, std::string>& meta,
                        std::span<const std::string_view> keys, std::string* raw = nullptr);

std::string FirstDateOf(const std::map<std::string, std::string>& meta,
                        std::initializer_list<std::string_view> keys);

/// Meta names of the publication date, in order of trust.
inline constexpr std::string_view kPublishedMetaKeys[] = {"article:published_time",
                                                          "og:published_time",
                                                          "datepublished",
                                                          "pubdate",
                                                          "publishdate",
                                                          "publish-date",
                                                          "dc.date",
                                                          "dc.date.issued",
                                                          "dcterms.created",
                                                          "dcterms.issued",
                                                          "sailthru.date",
                                                          "parsely-pub-date",
                                                          "cxenseparse:recs:publishtime",
                                                          "dc.date.created",
                                                          "dc.date.publication",
                                                          "article.published",
                                                          "datecreated",
                                                          "originalpublicationdate",
                                                          "rnews:datepublished",
                                                          "vr:published_time",
                                                          "shareaholic:article_published_time",
                                                          "twt-published-at"};

/// True for a timestamp with a time of day in UTC ("2023-11-09T02:11:03Z", "...+00:00"): the
/// day it names may be the day before or after the one the publisher's readers saw.
bool IsUtcTimestamp(std::string_view raw);

/// True for an ISO timestamp with a time of day and an offset other than UTC
/// ("2022-05-07T13:43:46-05:00"): it states the day in the publisher's own zone.
bool HasLocalOffset(std::string_view raw);

std::string FirstPublicationDateOfAnyName(const std::map<std::string, std::string>& meta);

/// True for the class / id of an element that shows the publication date ("entry-date",
/// "post-meta", "published", "datum"), not for one that shows an update or a copyright.
bool IsDateHolder(const ClassWords& lower_class);

/// The first date in a short text ("Erstellt am: 01.11.2023 | 3 Kommentare"); a long text is a
/// container of many things, not a date field.
std::string DateInShortText(std::string_view text, NumericDateOrder order);

/// Days since 1970-01-01 of a "YYYY-MM-DD" date (the civil-calendar count of H. Hinnant's
/// date algorithms).
int64_t DayNumber(std::string_view date);

/// The day after `date` for a UTC timestamp at a full evening hour ("2021-11-04T23:00Z",
/// "...T22:00:00.000Z"): a CMS that stores a bare date keeps it as midnight in its own zone,
/// and midnight east of UTC (Europe, up to UTC+4) is the evening before in UTC. Else `date`.
std::string LocalMidnightDay(const std::string& date, std::string_view raw);

/// Dates written in the visible text of the page (outside scripts and comment sections): the
/// first one labelled as the publication date, even in a footer ("Erschienen am: 01.11.2023"),
/// the first ones not labelled as something else outside footers and lists of other articles,
/// anywhere and after the headline, and the first one labelled as an update.
struct TextDates {
  std::string labelled;
  std::string first_after_headline;
  std::string first;
  std::string updated;
  /// Whether those two stand in running prose ("ein Satellitenbild vom 31.05.2021 zeigt"):
  /// such a date is what the text is about, less sure than the labelled update.
  bool first_after_headline_in_prose = false;
  bool first_in_prose = false;
};

TextDates FindTextDates(const HtmlDom& dom, NumericDateOrder order,
                        const std::vector<bool>& comments, const std::vector<bool>& outside_article,
                        int h1);

/// Which dates under the headline count: any not labelled as an update; any, also the date of
/// the last update ("Aktualisiert am 06.03.2023"), which some pages show as their only date;
/// or a dateline: any on a short line of its own before the article's first paragraph.
enum class HeadlineDates { kPublication, kPublicationOrUpdate, kDateline };

/// The first date in the text that follows the headline `h1` (a dateline or byline under it),
/// unless labelled as another date ("©", and "Updated" unless `which` takes updates).
std::string DateAfterHeadline(const HtmlDom& dom, NumericDateOrder order,
                              const std::vector<bool>& excluded, int h1,
                              HeadlineDates which = HeadlineDates::kPublication);

/// The date in a URL path such as "/2019/11/19/slug" or "/news/2019-11-19-slug" (or, day
/// first, "/news/29-10-2021" where the day cannot be a month), as "YYYY-MM-DD", or empty.
std::string DateFromUrl(std::string_view url);

}  // namespace newsflow::extract::internal
