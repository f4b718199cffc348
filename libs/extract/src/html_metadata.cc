#include "html_metadata.h"

#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "newsflow/extract/dates.h"

#include "content_scorer.h"
#include "element_class_words.h"
#include "metadata_authors.h"
#include "metadata_dates.h"
#include "metadata_json_ld.h"
#include "metadata_site_names.h"
#include "metadata_titles.h"
#include "metadata_words.h"
#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

void AddUnique(std::vector<std::string>& list, std::string value) {
  if (value.empty()) return;
  for (const std::string& existing : list) {
    if (existing == value) return;
  }
  list.push_back(std::move(value));
}

std::string FirstOf(const std::map<std::string, std::string>& meta,
                    std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    auto it = meta.find(std::string(key));
    if (it != meta.end() && !it->second.empty()) return it->second;
  }
  return "";
}

// Links to other pages, which show those pages' dates: navigation menus, breadcrumbs, lists
// of related or recommended articles. The page's outer elements never count as one, whatever
// their class says ("body.nav-open"), nor does one around the main content.
bool IsListOfOtherPages(myhtml_tag_id_t tag, const ClassWords& lower_class) {
  if (tag == MyHTML_TAG_NAV) return true;
  if (tag == MyHTML_TAG_BODY || tag == MyHTML_TAG_HTML || tag == MyHTML_TAG_MAIN ||
      tag == MyHTML_TAG_ARTICLE) {
    return false;
  }
  for (std::string_view word :
       {"related", "recommended", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs"}) {
    if (lower_class.Has(word)) return true;
  }
  return false;
}

// Class words of a part of the post itself ("post-footer", "entry-footer", "article-footer").
bool IsPostPart(const ClassWords& lower_class) {
  return lower_class.Has("post") || lower_class.Has("entry") || lower_class.Has("article");
}

}  // namespace

// The page's language as its <html lang> (or XHTML's xml:lang) or its locale meta tag says
// ("en-GB", "de_DE").
std::string PageLanguageTag(const HtmlDom& dom) {
  std::string locale;
  for (int i = 0; i < dom.size(); ++i) {
    const DomNode& node = dom.node(i);
    if (node.tag == MyHTML_TAG_HTML) {
      for (std::string_view attr : {"lang", "xml:lang"}) {
        std::string lang = CollapseSpace(dom.Attr(i, attr));
        if (!lang.empty()) return lang;
      }
    } else if (node.tag == MyHTML_TAG_META && locale.empty()) {
      const std::string key = AsciiLower(TrimSpace(dom.Attr(i, "property")));
      const std::string equiv = AsciiLower(TrimSpace(dom.Attr(i, "http-equiv")));
      if (key == "og:locale" || equiv == "content-language") {
        locale = CollapseSpace(dom.Attr(i, "content"));
      }
    } else if (node.tag == MyHTML_TAG_BODY) {
      break;
    }
  }
  return locale;
}

void ExtractHtmlMetadata(const HtmlDom& dom, int content_root, std::string_view url,
                         ExtractedPage& page) {
  std::map<std::string, std::string> meta;  // lowercased name/property/itemprop -> content
  JsonLdFields ld;
  std::string title_tag;
  std::string canonical;
  std::string h1_in_content;
  std::string h1_first;
  std::string time_in_content;
  std::string time_first;         // <time> anywhere before the end of the content
  std::string itemprop_date;      // [itemprop=datePublished] on an element other than <meta>
  std::string itemprop_modified;  // [itemprop=dateModified] likewise
  std::string class_date;         // in a short element named "date", "published", ...
  std::string class_date_in_scope;
  int h1_count = 0;
  // The page's <h1> elements outside lists and comments, the first few: where a page has
  // several (a logo, "Navigation", the headline), the one that agrees with the title.
  constexpr size_t kMaxHeadlinesCompared = 8;
  std::vector<int> other_h1s;
  // The text of the first <h1> that shows the site's logo: the site's name as the page writes
  // it, when no meta tag declares one.
  std::string logo_heading;
  // The page's first <h2> elements before the end of the content, outside lists and comments:
  // on a page without a headline <h1>, the headline may be one of them.
  std::vector<int> h2s;
  // The element marked itemprop=headline (schema.org microdata), when the page has one only.
  std::string marked_headline;
  int marked_headlines = 0;
  int h1_index = -1;
  std::vector<std::string> byline_authors;
  int byline_element = -1;
  std::vector<std::string> rel_authors;
  // The name heading of the first author box ("<div class=author-bio><h3>Jane Roe</h3>...").
  std::string boxed_author;
  // The name in the first line of a date and a name ("04.02.2022 | 13:10 Uhr | Jane Roe").
  std::string dated_author;
  // Elements inside a comment section: their bylines and dates are the commenters'.
  std::vector<bool> in_comments(static_cast<size_t>(dom.size()), false);
  std::vector<bool> outside_article(static_cast<size_t>(dom.size()), false);
  std::vector<bool> in_link_lists(static_cast<size_t>(dom.size()), false);
  const int content_end = content_root >= 0 ? dom.node(content_root).subtree_end : -1;
  // The article element around the content: <time> and <h1> in it belong to the article.
  int article = -1;
  for (int a = content_root; a >= 0; a = dom.node(a).parent) {
    if (dom.node(a).tag == MyHTML_TAG_ARTICLE || dom.Attr(a, "itemprop") == "articleBody") {
      article = a;
    }
  }
  const int scope_begin = article >= 0 ? article : content_root;
  const int scope_end = article >= 0 ? dom.node(article).subtree_end : content_end;
  auto in_scope = [&](int i) { return scope_begin >= 0 && i >= scope_begin && i < scope_end; };
  // How the page writes "02/10/2020": its language says whether the day comes first.
  const NumericDateOrder date_order = NumericDateOrderOf(PageLanguageTag(dom));
  // An element around the main content is a wrapper of the page, whatever its name.
  auto holds_content = [&](int i) {
    return content_root >= 0 && i <= content_root && content_root < dom.node(i).subtree_end;
  };

  for (int i = 0; i < dom.size(); ++i) {
    const DomNode& node = dom.node(i);
    if (node.IsText()) continue;
    const ClassWords lower_class(node.class_attr, node.id_attr);
    in_comments[static_cast<size_t>(i)] =
        (node.parent >= 0 && in_comments[static_cast<size_t>(node.parent)]) ||
        lower_class.Has("comment") || lower_class.Has("comments") ||
        lower_class.Has("commentlist") || lower_class.Has("respond");
    // Menus and lists of related articles show other pages' dates.
    in_link_lists[static_cast<size_t>(i)] =
        (node.parent >= 0 && in_link_lists[static_cast<size_t>(node.parent)]) ||
        (IsListOfOtherPages(node.tag, lower_class) && !holds_content(i));
    // Footers and comment sections hold copyright years and other people's dates; the
    // footer of the post itself ("post-footer", <footer> inside the <article>) does not.
    const bool page_footer = (node.tag == MyHTML_TAG_FOOTER && !in_scope(i)) ||
                             (lower_class.Has("footer") && !IsPostPart(lower_class));
    outside_article[static_cast<size_t>(i)] =
        in_comments[static_cast<size_t>(i)] || in_link_lists[static_cast<size_t>(i)] ||
        (node.parent >= 0 && outside_article[static_cast<size_t>(node.parent)]) || page_footer;
    const bool commented = in_comments[static_cast<size_t>(i)];
    const bool in_link_list = in_link_lists[static_cast<size_t>(i)];
    const bool before_content_end = content_end < 0 || i < content_end;
    switch (node.tag) {
      case MyHTML_TAG_HTML:
        if (page.language_hint.empty()) page.language_hint = CollapseSpace(dom.Attr(i, "lang"));
        break;
      case MyHTML_TAG_META: {
        std::string content = CollapseSpace(dom.Attr(i, "content"));
        for (std::string_view key_attr : {"property", "name", "itemprop", "http-equiv"}) {
          const std::string key = AsciiLower(TrimSpace(dom.Attr(i, key_attr)));
          if (!key.empty()) meta.emplace(key, content);
        }
        break;
      }
      case MyHTML_TAG_LINK: {
        const std::string rel = AsciiLower(dom.Attr(i, "rel"));
        if (rel == "canonical" && canonical.empty()) canonical = TrimSpace(dom.Attr(i, "href"));
        break;
      }
      case MyHTML_TAG_TITLE:
        if (title_tag.empty()) title_tag = ElementText(dom, i);
        break;
      case MyHTML_TAG_SCRIPT:
        if (AsciiLower(TrimSpace(dom.Attr(i, "type"))) == "application/ld+json") {
          std::string text;
          for (int c = node.first_child; c >= 0; c = dom.node(c).next_sibling) {
            text.append(dom.node(c).text);
          }
          ReadJsonLd(text, ld);
        }
        break;
      case MyHTML_TAG_H1:
        ++h1_count;
        if (h1_index < 0 || (h1_in_content.empty() && in_scope(i))) h1_index = i;
        if (h1_first.empty()) h1_first = HeadlineText(dom, i);
        if (h1_in_content.empty() && in_scope(i)) h1_in_content = HeadlineText(dom, i);
        if (other_h1s.size() < kMaxHeadlinesCompared && !in_link_list && !commented) {
          other_h1s.push_back(i);
        }
        if (logo_heading.empty() && ShowsTheSiteLogo(dom, i)) logo_heading = HeadlineText(dom, i);
        break;
      case MyHTML_TAG_H2:
        if (h2s.size() < kMaxHeadlinesCompared && before_content_end && !in_link_list &&
            !commented) {
          h2s.push_back(i);
        }
        break;
      case MyHTML_TAG_TIME:
        if (in_link_list) break;
        if (time_in_content.empty() && in_scope(i)) {
          time_in_content = ParseDate(dom.Attr(i, "datetime"));
          if (time_in_content.empty()) time_in_content = ParseDate(ElementText(dom, i), date_order);
        }
        if (time_first.empty() && before_content_end && !commented && !lower_class.Has("updated") &&
            !lower_class.Has("modified")) {
          time_first = ParseDate(dom.Attr(i, "datetime"));
          if (time_first.empty()) time_first = ParseDate(ElementText(dom, i), date_order);
        }
        break;
      case MyHTML_TAG_A:
        if (!commented && AsciiLower(dom.Attr(i, "rel")) == "author") {
          AddUnique(rel_authors, CleanByline(ElementText(dom, i)));
        }
        break;
      default:
        break;
    }
    if (node.tag == MyHTML_TAG_META || commented) continue;
    // A line of its own (one text node) that pairs a date with a name, before the end of the
    // article: the article's date and author, as CMS templates print them near the headline.
    if (dated_author.empty() && before_content_end && !outside_article[static_cast<size_t>(i)] &&
        node.first_child >= 0 && dom.node(node.first_child).IsText() &&
        dom.node(node.first_child).next_sibling < 0) {
      const std::string_view line = dom.node(node.first_child).text;
      if (line.size() <= 80 && line.find_first_of("0123456789") != std::string_view::npos) {
        std::string name = NameBesideDate(CollapseSpace(line));
        if (!name.empty() && !DateInShortText(line, date_order).empty()) {
          dated_author = std::move(name);
        }
      }
    }
    if (node.itemprop == "headline" && !in_link_list) {
      if (++marked_headlines == 1) marked_headline = HeadlineText(dom, i);
    }
    if (node.itemprop == "datePublished" && itemprop_date.empty()) {
      for (std::string_view attr : {"content", "datetime", "title"}) {
        if (itemprop_date.empty()) itemprop_date = ParseDate(dom.Attr(i, attr));
      }
      if (itemprop_date.empty()) itemprop_date = ParseDate(ElementText(dom, i), date_order);
    }
    if (node.itemprop == "dateModified" && itemprop_modified.empty()) {
      for (std::string_view attr : {"content", "datetime", "title"}) {
        if (itemprop_modified.empty()) itemprop_modified = ParseDate(dom.Attr(i, attr));
      }
    }
    if (lower_class.empty()) continue;
    if (node.tag != MyHTML_TAG_A && (node.itemprop == "author" || IsBylineClass(lower_class))) {
      // The first byline of the page, and within it the innermost element with a name
      // ("<div class=byline>Posted on <time/> by <span class=author>Jane</span></div>").
      const bool inside_previous = byline_element >= 0 && i < dom.node(byline_element).subtree_end;
      // An element that holds the post ("<article class='hentry author-jane-roe'>") is no
      // byline, whatever its class says.
      const bool container = node.tag == MyHTML_TAG_ARTICLE || node.tag == MyHTML_TAG_BODY ||
                             node.tag == MyHTML_TAG_MAIN || holds_content(i);
      if (!container && (byline_element < 0 || inside_previous)) {
        std::string name = CleanByline(ElementText(dom, i));
        if (!name.empty()) {
          byline_authors.assign(1, std::move(name));
          byline_element = i;
        } else if (boxed_author.empty()) {
          boxed_author = NameInAuthorBox(dom, i);
        }
      }
    }
    if ((class_date.empty() || (class_date_in_scope.empty() && in_scope(i))) &&
        before_content_end && !in_link_list && IsDateHolder(lower_class)) {
      std::string date = node.tag == MyHTML_TAG_ABBR ? ParseDate(dom.Attr(i, "title")) : "";
      if (date.empty()) date = DateInShortText(ElementText(dom, i), date_order);
      if (!date.empty()) {
        if (class_date.empty()) class_date = date;
        if (in_scope(i)) class_date_in_scope = date;
      }
    }
  }

  page.site_name = FirstOf(meta, {"og:site_name"});
  if (page.site_name.empty()) page.site_name = ld.publisher;
  if (page.site_name.empty()) page.site_name = ld.website_name;
  if (page.site_name.empty()) page.site_name = FirstOf(meta, {"application-name"});

  // The page's own address when the caller knows none: its path often holds the date.
  const std::string_view address = !url.empty()         ? url
                                   : !canonical.empty() ? std::string_view(canonical)
                                                        : "";
  const std::string host_key =
      HostKey(!address.empty() ? address : std::string_view(FirstOf(meta, {"og:url"})));

  // The headline as shown: the <h1> of the article, or the page's only <h1>, when it is
  // headline-sized; else what the page declares.
  const std::string declared = FirstOf(meta, {"og:title", "twitter:title"});
  // og:title rarely carries a suffix other than the site's name ("Headline – Subtitle"): a
  // guessed one only goes when the <title> ends with it too.
  std::string declared_title = WithoutSiteNameAtEnds(declared, page.site_name);
  if (declared_title == CollapseSpace(declared)) {
    const std::string guessed = StripSiteSuffix(declared, page.site_name);
    const std::string_view tail = std::string_view(declared_title).substr(guessed.size());
    if (page.site_name.empty() || CollapseSpace(title_tag).ends_with(tail)) {
      declared_title = guessed;
    }
  }
  // A title that does not name the site as declared may name it after its host.
  std::string title_without_site = CollapseSpace(title_tag);
  if (WithoutSiteNameAtEnds(title_tag, page.site_name) == title_without_site) {
    const std::string site_part = SitePartNamedAfterHost(title_without_site, host_key);
    std::string rest = WithoutSiteNameAtEnds(title_tag, site_part);
    // What is left must be headline-sized: "Blog | Site" is the site's blog page.
    if (!site_part.empty() && CodePointCount(rest) >= 10) title_without_site = std::move(rest);
  }
  // Else it may name the site as the page's logo heading shows it ("Headline : Site" under
  // "<h1 class=logo>Site</h1>").
  if (title_without_site == CollapseSpace(title_tag) && !logo_heading.empty() &&
      CodePointCount(logo_heading) <= 40) {
    std::string rest = WithoutSiteNameAtEnds(title_without_site, logo_heading);
    if (CodePointCount(rest) >= 10) title_without_site = std::move(rest);
  }
  const std::string document_title = StripSiteSuffix(title_without_site, page.site_name);
  // What the page declares as its title, without the site's name, to check a visible headline
  // against: an <h1> that shares none of its words is a section heading ("Navigation",
  // "Related") or the site's logo.
  const std::string reference =
      AsciiLower(WithoutSoftHyphens(declared_title + " " + document_title + " " + ld.headline));
  auto agrees = [&](const std::string& headline) {
    if (headline.empty() || IsSiteLabel(headline, page.site_name)) return false;
    if (!logo_heading.empty() && AsciiLower(headline) == AsciiLower(logo_heading)) return false;
    if (TrimSpace(reference).empty()) return true;  // nothing to check against
    const std::string lower = AsciiLower(WithoutSoftHyphens(headline));
    if (reference.find(lower) != std::string::npos) return true;
    return SharedWordShare(lower, reference) >= 0.5;
  };
  // A heading that is the part of the <title> taken off as the site's name is the logo.
  auto in_site_part = [&](const std::string& heading) {
    const std::string lower = AsciiLower(CollapseSpace(heading));
    return AsciiLower(CollapseSpace(title_tag)).find(lower) != std::string::npos &&
           AsciiLower(document_title).find(lower) == std::string::npos;
  };
  std::string h1;
  if (agrees(h1_in_content)) {
    h1 = h1_in_content;
  } else if (h1_count == 1 && agrees(h1_first)) {
    h1 = h1_first;
  } else if (!(h1 = AgreeingHeadline(dom, other_h1s, reference, [&](const std::string& text) {
                 return !in_site_part(text) && agrees(text);
               })).empty()) {
    // One of several <h1> elements agrees with the title: the headline among logos and menus.
  } else if (marked_headlines == 1 && !IsSiteLabel(marked_headline, page.site_name)) {
    // The page marks its headline: it holds even where the <title> names only the site.
    h1 = marked_headline;
  } else if (!IsSiteLabel(h1_in_content, page.site_name) && !in_site_part(h1_in_content) &&
             LowerWords(h1_in_content).size() >= 3 &&
             SharesAContentWord(h1_in_content, reference)) {
    // The article's headline worded otherwise than its <title> ("Wie hoch sind die Zinsen für
    // einen Privatkredit?" under "Privatkredit-Zinsen: So ermitteln Sie Ihre Kosten"): the
    // page shows it, and a shared word says it is about the same thing.
    h1 = h1_in_content;
  } else if (!(h1 = AgreeingHeadline(dom, h2s, reference, [&](const std::string& text) {
                 // Most of a declared title word for word: a section heading ("Archiv") at
                 // most shares a word or two.
                 const size_t declared_chars =
                     std::max({CodePointCount(declared_title), CodePointCount(document_title),
                               CodePointCount(ld.headline)});
                 return !in_site_part(text) && agrees(text) && LowerWords(text).size() >= 2 &&
                        CodePointCount(text) * 2 >= declared_chars &&
                        reference.find(AsciiLower(WithoutSoftHyphens(text))) != std::string::npos;
               })).empty()) {
    // No <h1> is the headline; an <h2> the declared title holds is ("<h1>site.example</h1>
    // <h2>Headline</h2>"), as the page writes it.
  } else if (const int marked = FirstHeadingMarkedAsTitle(dom, h2s); marked >= 0) {
    // Else an <h2> its class names the title of the entry or page ("entry-title"), as blog
    // themes mark the headline of the post the text is taken from.
    // A shared word tells it from the title of a teaser in a sidebar ("Recent posts").
    const std::string text = HeadlineText(dom, marked);
    if (!IsSiteLabel(text, page.site_name) && !in_site_part(text) &&
        SharesAContentWord(text, reference)) {
      h1 = text;
    }
  }
  const size_t h1_chars = CodePointCount(h1);
  if (h1_chars >= 5 && h1_chars <= 300) page.title = WithoutLeadingDate(h1);
  // A headline shown with a kicker in front ("Tunesien Große Aufgaben ...") ends with the
  // title the page declares: the declared one is the headline itself.
  // Unless the page's title shows the kicker too: then it is part of the headline.
  const bool title_confirms = AsciiLower(page.title) == AsciiLower(declared_title) ||
                              AsciiLower(page.title) == AsciiLower(document_title);
  const std::string* headlines[] = {&ld.headline, &declared_title, &document_title};
  for (const std::string* headline : title_confirms ? std::span<const std::string*>() : headlines) {
    if (CodePointCount(*headline) >= 10 && page.title.size() > headline->size() &&
        std::string_view(page.title).ends_with(*headline) &&
        IsKicker(std::string_view(page.title).substr(0, page.title.size() - headline->size()))) {
      page.title = *headline;
      break;
    }
  }
  if (page.title.empty()) page.title = declared_title;
  if (page.title.empty()) page.title = ld.headline;
  if (page.title.empty()) page.title = document_title;
  if (page.title.empty()) {
    const std::string& any_h1 = !h1_in_content.empty() ? h1_in_content : h1_first;
    if (AsciiLower(any_h1) != AsciiLower(page.site_name)) page.title = any_h1;
  }

  // Each source in turn. A source that names only the publication yields to a later one
  // that names a person, and is used when none does; placeholders ("admin") never count.
  std::vector<std::string> publication_authors;
  auto add_author = [&](std::string name) {
    name = WithoutSiteName(WithoutRoles(name), page.site_name);
    if (IsPlaceholderName(name)) return;
    if (IsPublicationName(name, page.site_name, host_key)) {
      AddUnique(publication_authors, std::move(name));
    } else {
      AddUnique(page.authors, std::move(name));
    }
  };
  // A page the CMS does not type as an article names its author on the WebPage.
  if (ld.authors.empty() && ld.organisation_authors.empty())
    ld.authors = std::move(ld.page_authors);
  for (std::string& author : ld.authors) add_author(std::move(author));
  for (std::string& author : ld.organisation_authors) {
    AddUnique(publication_authors, WithoutSiteName(author, page.site_name));
  }
  if (page.authors.empty()) {
    for (std::string_view key : {"author", "article:author", "dc.creator", "dcterms.creator",
                                 "parsely-author", "sailthru.author", "byl"}) {
      auto it = meta.find(std::string(key));
      if (it != meta.end()) add_author(CleanByline(WithoutRoles(it->second)));
    }
  }
  // The "Written by" pair of a Twitter card (twitter:label1 / twitter:data1).
  for (char n = '1'; n <= '4' && page.authors.empty(); ++n) {
    const std::string label = AsciiLower(FirstOf(meta, {std::string("twitter:label") + n}));
    if (StartsWithBylineWord(label))
      add_author(CleanByline(FirstOf(meta, {std::string("twitter:data") + n})));
  }
  if (page.authors.empty()) {
    for (std::string& author : byline_authors) add_author(std::move(author));
  }
  for (std::string& author : rel_authors) {
    if (!page.authors.empty()) break;
    add_author(std::move(author));
  }
  // A byline in the text that names a person wins over sources that name an organisation
  // ("L-MAG", "Example e.V.").
  const std::string text_byline = BylineInText(dom, outside_article);
  if (!text_byline.empty() &&
      std::all_of(page.authors.begin(), page.authors.end(), [](const std::string& name) {
        return LooksLikeOrganisation(name) || LooksLikeAccountName(name);
      })) {
    page.authors.clear();
    add_author(text_byline);
  }
  // Last, the name heading of an author box, or the name beside the date.
  if (page.authors.empty()) add_author(std::move(boxed_author));
  if (page.authors.empty()) add_author(std::move(dated_author));
  if (page.authors.empty()) page.authors = std::move(publication_authors);

  // Dates are read under the headline the title was taken from: a logo's <h1> before it
  // heads nothing.
  int date_h1 = h1_index;
  if (!h1.empty() && (h1_index < 0 || HeadlineText(dom, h1_index) != h1)) {
    for (int candidate : other_h1s) {
      if (HeadlineText(dom, candidate) == h1) {
        date_h1 = candidate;
        break;
      }
    }
  }
  std::string url_date = DateFromUrl(address);
  if (url_date.empty() && url.empty()) url_date = DateFromUrl(FirstOf(meta, {"og:url"}));
  page.published_date = ld.date_published;
  std::string published_raw = ld.date_published_raw;
  if (page.published_date.empty()) {
    page.published_date = FirstDateOf(meta, kPublishedMetaKeys, &published_raw);
  }
  page.published_date = LocalMidnightDay(page.published_date, published_raw);
  // A timestamp one day off the date in the address is the same moment written in UTC; the
  // address has the day as the publisher's readers saw it. One with the publisher's own
  // offset ("-05:00") names that day already.
  if (!page.published_date.empty() && !url_date.empty() && !HasLocalOffset(published_raw) &&
      std::abs(DayNumber(page.published_date) - DayNumber(url_date)) == 1) {
    page.published_date = url_date;
  }
  // Likewise a UTC timestamp one day off the date an element of the page marks as the
  // publication date (itemprop=datePublished): the marked one is in the publisher's zone.
  if (!page.published_date.empty() && !itemprop_date.empty() && IsUtcTimestamp(published_raw) &&
      std::abs(DayNumber(page.published_date) - DayNumber(itemprop_date)) == 1) {
    page.published_date = itemprop_date;
  }
  if (page.published_date.empty()) page.published_date = url_date;
  // A bare "date" meta tag is often the day the page was generated: what the article shows
  // comes first.
  std::string generic_meta_date = FirstDateOf(meta, {"date", "dcterms.date", "dc:date"});
  // Meta names of a CMS's own making are less sure than the standard ones: a date the page
  // shows in or near the article wins over them.
  std::string other_meta_date = FirstPublicationDateOfAnyName(meta);
  // The date the page shows under its headline (a dateline, "Stand: 28.04.2020").
  std::string dateline = date_h1 >= 0 ? DateAfterHeadline(dom, date_order, outside_article, date_h1,
                                                          HeadlineDates::kDateline)
                                      : std::string();
  // Then what the page shows, nearest to the article first.
  for (const std::string* date :
       {&itemprop_date, &ld.other_date_published, &dateline, &time_in_content, &generic_meta_date,
        &class_date_in_scope, &time_first, &other_meta_date, &class_date}) {
    if (page.published_date.empty()) page.published_date = *date;
  }
  page.modified_date = ld.date_modified;
  if (page.modified_date.empty()) {
    page.modified_date = FirstDateOf(meta, {"article:modified_time", "og:updated_time",
                                            "datemodified", "last-modified", "dcterms.modified"});
  }
  if (page.modified_date.empty()) page.modified_date = itemprop_modified;
  // The date the page shows under its headline is the one its readers take for the article's
  // date: where the page declares it too, as its update or in a second publication field
  // that disagrees with the first, the shown one wins (an article republished or revised
  // under that date). An undeclared date under the headline may be anything (an event's).
  if (!page.published_date.empty() && date_h1 >= 0) {
    const std::string shown = DateAfterHeadline(dom, date_order, outside_article, date_h1,
                                                HeadlineDates::kPublicationOrUpdate);
    const std::string meta_published = FirstDateOf(meta, kPublishedMetaKeys);
    const std::string meta_modified =
        FirstDateOf(meta, {"article:modified_time", "og:updated_time", "datemodified",
                           "last-modified", "dcterms.modified"});
    // A timestamp in the publisher's own zone names the day already (as above).
    const bool same_moment = !shown.empty() && HasLocalOffset(published_raw) &&
                             std::abs(DayNumber(shown) - DayNumber(page.published_date)) == 1;
    if (!shown.empty() && shown != page.published_date && !same_moment) {
      const std::string* declared_dates[] = {
          &ld.date_published, &ld.date_modified,  &meta_published,    &meta_modified,
          &itemprop_date,     &itemprop_modified, &generic_meta_date, &other_meta_date};
      for (const std::string* declared : declared_dates) {
        if (*declared == shown) {
          page.published_date = shown;
          break;
        }
      }
    }
  }
  if (page.published_date.empty() && date_h1 >= 0) {
    page.published_date = DateAfterHeadline(dom, date_order, outside_article, date_h1);
  }
  if (page.published_date.empty()) {
    // Last, dates written in the text: one labelled as the publication date, else the first
    // after the headline, else the first of the page, else the one labelled as an update.
    const TextDates text_dates =
        FindTextDates(dom, date_order, in_comments, outside_article, date_h1);
    // The date of the last update, as a last resort: the page was published by then. It comes
    // before a date in running prose, which is what the text is about.
    const std::string* prose_after_headline =
        text_dates.first_after_headline_in_prose ? &text_dates.first_after_headline : nullptr;
    const std::string* prose_first = text_dates.first_in_prose ? &text_dates.first : nullptr;
    const std::string* in_order[] = {
        &text_dates.labelled,
        prose_after_headline == nullptr ? &text_dates.first_after_headline : nullptr,
        prose_first == nullptr ? &text_dates.first : nullptr,
        &text_dates.updated,
        prose_after_headline,
        prose_first};
    for (const std::string* date : in_order) {
      if (date != nullptr && page.published_date.empty()) page.published_date = *date;
    }
  }

  if (page.language_hint.empty()) {
    std::string locale = FirstOf(meta, {"og:locale"});
    for (char& c : locale) {
      if (c == '_') c = '-';
    }
    page.language_hint = locale;
  }
  if (page.language_hint.empty())
    page.language_hint = FirstOf(meta, {"content-language", "language"});

  page.description = FirstOf(meta, {"og:description", "description", "twitter:description"});
  if (page.description.empty()) page.description = ld.description;

  page.canonical_href = !canonical.empty() ? canonical : FirstOf(meta, {"og:url"});
}

}  // namespace newsflow::extract::internal
