#include "metadata_titles.h"

#include <algorithm>
#include <string>
#include <vector>

#include "content_scorer.h"
#include "date_finder.h"
#include "element_class_words.h"
#include "html_signals.h"
#include "metadata_authors.h"
#include "metadata_site_names.h"
#include "metadata_words.h"

namespace newsflow::extract::internal {
namespace {

// The length of the run of spaces and separator marks ("|", "-", "·", "»", ...) at the start
// (`leading`) or end of `text`, or 0 when it holds no mark or a hyphen joins it to a word
// ("Spiegel-Affäre" does not start with the site "Spiegel").
size_t SeparatorRun(std::string_view text, bool leading) {
  static constexpr std::string_view kMarks[] = {"|", "｜", "-", "–", "—",  ":", "·",
                                                "•", "»",  "«", "/", "::", " "};
  size_t length = 0;
  bool mark = false;
  std::string_view last_mark;
  for (bool found = true; found && length < text.size();) {
    found = false;
    const std::string_view rest =
        leading ? text.substr(length) : text.substr(0, text.size() - length);
    for (std::string_view m : kMarks) {
      if (leading ? rest.starts_with(m) : rest.ends_with(m)) {
        length += m.size();
        found = true;
        if (m != " ") {
          mark = true;
          last_mark = m;
        }
        break;
      }
    }
  }
  if (!mark) return 0;
  // A hyphen touching the headline's word is part of a word.
  const bool touches = leading ? text[length - 1] != ' ' : text[text.size() - length] != ' ';
  if (last_mark == "-" && touches) return 0;
  return length == text.size() ? 0 : length;
}

bool HasWordChar(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    if (IsWordChar(NextCodePoint(text, pos))) return true;
  }
  return false;
}

// The separators between a headline and the site's name in a document title.
constexpr std::string_view kTitleSeparators[] = {
    " | ", " - ", " – ", " — ", "｜", " :: ", " « ", " » ", " · ", " • ", " // "};

}  // namespace

bool IsKicker(std::string_view prefix) {
  return !prefix.empty() && (prefix.back() == ' ' || prefix.back() == ':');
}

std::string WithoutSoftHyphens(std::string_view text) {
  std::string out(text);
  for (size_t pos = out.find("\u00ad"); pos != std::string::npos; pos = out.find("\u00ad", pos)) {
    out.erase(pos, 2);
  }
  return out;
}

std::string HeadlineText(const HtmlDom& dom, int h) {
  std::string text;
  bool dropped_kicker = false;
  const int end = dom.node(h).subtree_end;
  for (int j = h + 1; j < end; ++j) {
    const DomNode& node = dom.node(j);
    if (node.IsText()) {
      text.append(node.text);
      continue;
    }
    if (IsRawTextElement(node.tag)) {
      j = node.subtree_end - 1;
      continue;
    }
    const ClassWords words(node.class_attr, node.id_attr);
    bool kicker = false;
    for (std::string_view word : {"kicker", "dachzeile", "overline", "topline", "roofline",
                                  "eyebrow", "supertitle", "spitzmarke"}) {
      kicker = kicker || words.Has(word);
    }
    // Hidden text is skipped, but not a hidden dash between two parts of the headline; so are
    // styles and scripts that page builders put inside headings.
    const bool hidden = node.hidden || words.Has("hidden") || words.Has("sr");
    if (node.tag == MyHTML_TAG_STYLE || node.tag == MyHTML_TAG_SCRIPT) {
      j = node.subtree_end - 1;
      continue;
    }
    if (kicker || (hidden && HasWordChar(ElementText(dom, j)))) {
      dropped_kicker = dropped_kicker || kicker;
      j = node.subtree_end - 1;
    } else if (node.tag == MyHTML_TAG_SPAN || IsBlockTag(node.tag)) {
      text.push_back(' ');
    }
  }
  text = CollapseSpace(WithoutSoftHyphens(text));
  // A colon left at the end by a hidden part ("Headline : <span hidden>Topic</span>").
  if (text.ends_with(" :")) text.resize(text.size() - 2);
  // The dash that was between a dropped kicker and the headline.
  const size_t run = dropped_kicker ? SeparatorRun(text, /*leading=*/true) : 0;
  if (run > 0) text.erase(0, run);
  return CodePointCount(text) >= 5 ? text : ElementText(dom, h);
}

bool IsLogoHeading(const HtmlDom& dom, int h) {
  const DomNode& heading = dom.node(h);
  const ClassWords words(heading.class_attr, heading.id_attr);
  if (heading.hidden || words.Has("aural") || words.Has("sr") || words.Has("hidden")) return true;
  return ShowsTheSiteLogo(dom, h);
}

bool ShowsTheSiteLogo(const HtmlDom& dom, int h) {
  const DomNode& heading = dom.node(h);
  if (ClassWords(heading.class_attr, heading.id_attr).Has("logo")) return true;
  for (int i = h + 1; i < heading.subtree_end; ++i) {
    if (dom.node(i).tag != MyHTML_TAG_A) continue;
    if (ClassWords(dom.node(i).class_attr, dom.node(i).id_attr).Has("logo")) return true;
    std::string_view href = TrimSpace(dom.Attr(i, "href"));
    const size_t scheme = href.find("://");
    if (scheme != std::string_view::npos) {
      href.remove_prefix(scheme + 3);
      const size_t slash = href.find('/');
      href = slash == std::string_view::npos ? std::string_view("/") : href.substr(slash);
    }
    if (href == "/" || href == "/index.html" || href == "/index.php") return true;
  }
  return false;
}

int FirstHeadingMarkedAsTitle(const HtmlDom& dom, const std::vector<int>& candidates) {
  for (int h : candidates) {
    const ClassWords words(dom.node(h).class_attr, dom.node(h).id_attr);
    const bool marked = words.Has("entrytitle") || words.Has("posttitle") ||
                        (words.Has("title") && (words.Has("entry") || words.Has("post") ||
                                                words.Has("page") || words.Has("article")));
    if (marked && !IsLogoHeading(dom, h) && CodePointCount(HeadlineText(dom, h)) >= 5) return h;
  }
  return -1;
}

double SharedWordShare(std::string_view text, std::string_view reference) {
  const std::vector<std::string> reference_words = LowerWords(reference);
  int words = 0;
  int shared = 0;
  for (const std::string& word : LowerWords(text)) {
    if (CodePointCount(word) < 2) continue;
    ++words;
    if (std::find(reference_words.begin(), reference_words.end(), word) != reference_words.end()) {
      ++shared;
    }
  }
  return words == 0 ? 0.0 : static_cast<double>(shared) / words;
}

bool SharesAContentWord(std::string_view text, std::string_view reference) {
  const std::vector<std::string> reference_words = LowerWords(reference);
  for (const std::string& word : LowerWords(text)) {
    const size_t length = CodePointCount(word);
    if (length < 4) continue;
    for (const std::string& other : reference_words) {
      if (other == word) return true;
      // A long word at either end of a compound names the same thing ("Finanzierung",
      // "Autofinanzierung"); shorter ones are often parts of unrelated words.
      const std::string& shorter = word.size() < other.size() ? word : other;
      const std::string& longer = word.size() < other.size() ? other : word;
      if (CodePointCount(shorter) >= 7 &&
          (longer.starts_with(shorter) || longer.ends_with(shorter))) {
        return true;
      }
    }
  }
  return false;
}

std::string WithoutLeadingDate(const std::string& title) {
  DateMatch match;
  if (!FindDate(title, match) || match.begin != 0) return title;
  std::string_view rest = std::string_view(title).substr(match.end);
  while (!rest.empty() && (IsBylinePunctuation(rest.front()) || rest.front() == '|')) {
    rest.remove_prefix(1);
  }
  for (std::string_view dash : {"–", "—"}) {
    if (rest.starts_with(dash)) rest = TrimSpace(rest.substr(dash.size()));
  }
  return CodePointCount(rest) >= 5 ? std::string(rest) : title;
}

// GCC 12 reports a false -Wrestrict on std::string::replace() with a one-character literal
// (GCC bug 105329) once this function is compiled apart from its caller.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
bool IsSiteLabel(std::string_view heading, std::string_view site_name) {
  if (IsDomainName(heading)) return true;
  auto key = [](std::string_view text) {
    std::string out = AsciiLower(CollapseSpace(text));
    for (std::string_view dash : {"–", "—"}) {
      for (size_t pos = out.find(dash); pos != std::string::npos; pos = out.find(dash, pos)) {
        out.replace(pos, dash.size(), "-");
      }
    }
    return out;
  };
  const std::string site = key(site_name);
  const std::string lower = key(heading);
  if (site.empty() || lower.empty()) return false;
  if (lower == site || site.starts_with(lower + " ")) return true;
  if (!lower.starts_with(site)) return false;
  const char next = lower[site.size()];
  return next == ',' || next == '|';
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

std::string SitePartNamedAfterHost(std::string_view title, std::string_view host_key) {
  if (host_key.size() < 4) return "";
  size_t first = std::string_view::npos;
  size_t last = std::string_view::npos;
  size_t last_len = 0;
  for (std::string_view sep : kTitleSeparators) {
    const size_t pos = title.find(sep);
    if (pos != std::string_view::npos && (first == std::string_view::npos || pos < first)) {
      first = pos;
    }
    const size_t back = title.rfind(sep);
    if (back != std::string_view::npos && (last == std::string_view::npos || back > last)) {
      last = back;
      last_len = sep.size();
    }
  }
  if (first == std::string_view::npos) return "";
  for (std::string_view part :
       {TrimSpace(title.substr(0, first)), TrimSpace(title.substr(last + last_len))}) {
    if (part.empty() || CodePointCount(part) > 40 || IsDomainName(part)) continue;
    if (SiteKey(part).find(host_key) != std::string::npos) return std::string(part);
  }
  return "";
}

std::string WithoutSiteNameAtEnds(std::string_view title, std::string_view site_name) {
  std::string t = CollapseSpace(title);
  const std::string site = AsciiLower(CollapseSpace(site_name));
  const std::string lower = AsciiLower(t);
  if (!site.empty() && lower.size() > site.size()) {
    // A short rest behind the name is more likely a site name after a headline given as
    // og:site_name than a headline.
    if (lower.starts_with(site)) {
      const std::string_view rest = std::string_view(t).substr(site.size());
      const size_t run = SeparatorRun(rest, /*leading=*/true);
      if (run > 0 && CodePointCount(rest.substr(run)) >= 5) return std::string(rest.substr(run));
    }
    if (lower.ends_with(site)) {
      const std::string_view rest = std::string_view(t).substr(0, t.size() - site.size());
      const size_t run = SeparatorRun(rest, /*leading=*/false);
      if (run > 0 && HasWordChar(rest.substr(0, rest.size() - run))) {
        return std::string(rest.substr(0, rest.size() - run));
      }
    }
  }
  return t;
}

std::string StripSiteSuffix(std::string_view title, std::string_view site_name) {
  std::string t = WithoutSiteNameAtEnds(title, site_name);
  if (t != CollapseSpace(title)) return t;
  // A title that starts with a domain name ("example.de » Blog » Headline") ends with the
  // headline.
  size_t first = std::string::npos;
  size_t last = std::string::npos;
  std::string_view last_sep;
  for (std::string_view sep : kTitleSeparators) {
    const size_t pos = t.find(sep);
    if (pos != std::string::npos && pos < first) first = pos;
    const size_t back = t.rfind(sep);
    if (back != std::string::npos && (last == std::string::npos || back > last)) {
      last = back;
      last_sep = sep;
    }
  }
  if (first != std::string::npos && IsDomainName(std::string_view(t).substr(0, first))) {
    const std::string_view tail = TrimSpace(std::string_view(t).substr(last + last_sep.size()));
    if (CodePointCount(tail) >= 5) return std::string(tail);
  }
  // Else a short tail after the last separator, next to a headline-sized head; then more
  // tails behind the same separator ("Question? | iPhone | Forum | MacNews").
  std::string_view separator;
  for (int round = 0; round < 3; ++round) {
    size_t best = std::string::npos;
    std::string_view best_sep;
    for (std::string_view sep : kTitleSeparators) {
      if (!separator.empty() && sep != separator) continue;
      const size_t pos = t.rfind(sep);
      if (pos != std::string::npos && (best == std::string::npos || pos > best)) {
        best = pos;
        best_sep = sep;
      }
    }
    if (best == std::string::npos || best == 0) break;
    const std::string_view head = TrimSpace(std::string_view(t).substr(0, best));
    const std::string_view tail = TrimSpace(std::string_view(t).substr(best + best_sep.size()));
    const size_t max_tail = round == 0 ? 40 : 20;
    // A tail that starts with a number ("14. - 20. Januar 2022") is the end of a range or a
    // date in the headline, not a site's or a section's name.
    if (CodePointCount(head) < 10 || CodePointCount(tail) > max_tail ||
        CodePointCount(tail) >= CodePointCount(head) ||
        (!tail.empty() && tail[0] >= '0' && tail[0] <= '9')) {
      break;
    }
    separator = best_sep;
    t = std::string(head);
  }
  return t;
}

}  // namespace newsflow::extract::internal
