#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "html_dom.h"
#include "utf8_util.h"

// Titles: the headline as the page shows it, and the site's name taken off a document title.

namespace newsflow::extract::internal {

/// True for the part of a shown headline in front of the declared one that is a kicker
/// ("Tunesien ", "Winter: ", "Medienmitteilung der Direktion :" in an element of its own): it
/// ends at a word boundary.
bool IsKicker(std::string_view prefix);

/// `text` without soft hyphens ("Mes&shy;sen&shy;ger"): break hints, not part of the words.
std::string WithoutSoftHyphens(std::string_view text);

/// The text of headline element `h`, without a kicker shown in it ("<span class=kicker>
/// Corona</span> Headline") or text hidden for screen readers, and with its spans apart.
std::string HeadlineText(const HtmlDom& dom, int h);

/// True for a heading that is the site's logo: hidden for screen readers only, named "logo",
/// or a link to the home page ("<h1><a href='/'>Site</a></h1>").
bool IsLogoHeading(const HtmlDom& dom, int h);

/// True for a heading that shows the site's name as its logo: named "logo" or a link to the
/// home page. (A heading hidden for screen readers may hold the headline too.)
bool ShowsTheSiteLogo(const HtmlDom& dom, int h);

/// Of the headings `candidates` (element indexes), the text of the first one that `agrees` and
/// is not a logo, preferring one the page's declared titles hold word for word; else empty.
template <typename Agrees>
std::string AgreeingHeadline(const HtmlDom& dom, const std::vector<int>& candidates,
                             const std::string& reference, const Agrees& agrees) {
  std::string by_words;
  for (int h : candidates) {
    if (IsLogoHeading(dom, h)) continue;
    std::string text = HeadlineText(dom, h);
    if (CodePointCount(text) < 5 || !agrees(text)) continue;
    if (reference.find(AsciiLower(WithoutSoftHyphens(text))) != std::string::npos) return text;
    if (by_words.empty()) by_words = std::move(text);
  }
  return by_words;
}

/// The first of the headings `candidates` (element indexes) whose class names it the title of
/// the entry, post, page or article ("entry-title", "sp-page-title-heading") and that is no
/// logo; -1 when there is none.
int FirstHeadingMarkedAsTitle(const HtmlDom& dom, const std::vector<int>& candidates);

/// The share of the words of `text` that are words of `reference` too. One-letter words are not
/// counted: an initial or a logo letter agrees with anything.
double SharedWordShare(std::string_view text, std::string_view reference);

/// True when `text` and `reference` share a word of four letters or more, or a compound and a
/// word of seven letters or more at one of its ends: they speak of the same thing ("Wie hoch
/// sind die Zinsen?" and "Privatkredit-Zinsen: ..."; "Finanzierung Ihres Autos" and
/// "Autofinanzierung").
bool SharesAContentWord(std::string_view text, std::string_view reference);

/// "23.01.2022 - Headline", "1. Februar 2022 Headline" -> the headline: a date in front of a
/// headline is the listing's, not part of it.
std::string WithoutLeadingDate(const std::string& title);

/// True for a heading that shows the site rather than a headline: the site's name (or a
/// longer form of it, "Site, the first daily of X"), or a domain name.
bool IsSiteLabel(std::string_view heading, std::string_view site_name);

/// The first or last part of a document title that names the site after its host
/// ("EFC Musterstadt Fans - Headline" on musterstadt-fans.example): a short part between
/// separators whose letters hold the host's name. Empty when there is none; a bare domain
/// name is left to StripSiteSuffix().
std::string SitePartNamedAfterHost(std::string_view title, std::string_view host_key);

/// `title` without `site_name` at either end behind a separator ("Site | Headline",
/// "Headline · Site"); unchanged when the site's name is not there.
std::string WithoutSiteNameAtEnds(std::string_view title, std::string_view site_name);

/// WithoutSiteNameAtEnds(); else, for a title that starts with a domain name, its last part;
/// else strips a trailing " | Site", " - Site", " – Site", "｜Site", " · Site" ... when the
/// remaining headline is long enough to stand alone, and then further short tails behind the
/// same separator ("Question | Category | Forum").
std::string StripSiteSuffix(std::string_view title, std::string_view site_name);

}  // namespace newsflow::extract::internal
