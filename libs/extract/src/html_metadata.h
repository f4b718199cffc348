#pragma once

#include <string>
#include <string_view>

#include "newsflow/extract/extracted_page.h"

#include "html_dom.h"

namespace newsflow::extract::internal {

/// Fills the metadata fields of `page` (title, authors, dates, site name, language,
/// description, canonical href) from <meta>, <link>, <title>, <h1>, <time>, bylines and
/// JSON-LD (including @graph). `content_root` is the element the main text came from (or -1);
/// headlines and <time> inside it are preferred. `url` (may be empty) is the page's address,
/// whose path may hold the publication date. Leaves `page.text` alone. Thread-safe.
void ExtractHtmlMetadata(const HtmlDom& dom, int content_root, std::string_view url,
                         ExtractedPage& page);

/// The date in a URL path such as "/2019/11/19/slug" or "/news/2019-11-19-slug" (or, day
/// first, "/news/29-10-2021" where the day cannot be a month), as "YYYY-MM-DD", or empty.
std::string DateFromUrl(std::string_view url);

/// `title` without `site_name` at either end behind a separator ("Site | Headline",
/// "Headline · Site"); unchanged when the site's name is not there.
std::string WithoutSiteNameAtEnds(std::string_view title, std::string_view site_name);

/// WithoutSiteNameAtEnds(); else, for a title that starts with a domain name, its last part;
/// else strips a trailing " | Site", " - Site", " – Site", "｜Site", " · Site" ... when the
/// remaining headline is long enough to stand alone, and then further short tails behind the
/// same separator ("Question | Category | Forum").
std::string StripSiteSuffix(std::string_view title, std::string_view site_name);

}  // namespace newsflow::extract::internal
