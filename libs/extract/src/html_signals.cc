#include "html_signals.h"

#include <array>
#include <string>
#include <vector>

#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

// Splits "site-navBar main_menu" into {"site", "nav", "bar", "main", "menu"}.
std::vector<std::string> Tokens(std::string_view value) {
  std::vector<std::string> tokens;
  std::string current;
  char previous = 0;
  auto flush = [&] {
    if (!current.empty()) tokens.push_back(std::move(current));
    current.clear();
  };
  for (char c : value) {
    const bool lower = c >= 'a' && c <= 'z';
    const bool upper = c >= 'A' && c <= 'Z';
    const bool digit = c >= '0' && c <= '9';
    if (!lower && !upper && !digit) {
      flush();
    } else {
      if (upper && previous >= 'a' && previous <= 'z') flush();  // camelCase boundary
      current.push_back(upper ? static_cast<char>(c - 'A' + 'a') : c);
    }
    previous = c;
  }
  flush();
  return tokens;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool IsStrongBoilerplateWord(std::string_view t) {
  static constexpr std::array<std::string_view, 38> kExact = {
      "nav",       "navbar",     "menu",        "menubar",     "footer",  "sidebar",
      "share",     "sharing",    "shares",      "social",      "comment", "comments",
      "related",   "ad",         "ads",         "adsbygoogle", "advert",  "promo",
      "banner",    "cookie",     "cookies",     "consent",     "gdpr",    "newsletter",
      "subscribe", "breadcrumb", "breadcrumbs", "pagination",  "pager",   "sponsored",
      "ranking",   "popular",    "trending",    "outbrain",    "taboola", "disqus",
      "recirc",    "paywall"};
  for (std::string_view word : kExact) {
    if (t == word) return true;
  }
  static constexpr std::array<std::string_view, 13> kPrefixes = {
      "navig",   "advert",  "recommend",  "sponsor", "subscri", "paginat", "breadcrumb",
      "comment", "related", "newsletter", "sidebar", "footer",  "cookie"};
  for (std::string_view prefix : kPrefixes) {
    if (StartsWith(t, prefix)) return true;
  }
  return false;
}

bool IsWeakBoilerplateWord(std::string_view t) {
  static constexpr std::array<std::string_view, 12> kWords = {
      "header", "masthead", "widget", "tags", "tag",    "toolbar",
      "skip",   "popup",    "modal",  "bio",  "hidden", "print"};
  for (std::string_view word : kWords) {
    if (t == word) return true;
  }
  return false;
}

bool IsContentWord(std::string_view t) {
  static constexpr std::array<std::string_view, 12> kWords = {
      "article", "articlebody", "content", "entry", "main",   "post",
      "story",   "body",        "text",    "prose", "hentry", "column"};
  for (std::string_view word : kWords) {
    if (t == word) return true;
  }
  return false;
}

bool IsNegation(std::string_view t) {
  return t == "has" || t == "with" || t == "no" || t == "show" || t == "enable" || t == "is";
}

bool OneOf(myhtml_tag_id_t tag, std::initializer_list<myhtml_tag_id_t> tags) {
  for (myhtml_tag_id_t t : tags) {
    if (tag == t) return true;
  }
  return false;
}

}  // namespace

AttributeHint ClassifyClassAndId(std::string_view class_attr, std::string_view id_attr) {
  bool strong = false;
  bool weak = false;
  bool content = false;
  for (std::string_view value : {class_attr, id_attr}) {
    const std::vector<std::string> tokens = Tokens(value);
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (i > 0 && IsNegation(tokens[i - 1])) continue;
      strong = strong || IsStrongBoilerplateWord(tokens[i]);
      weak = weak || IsWeakBoilerplateWord(tokens[i]);
      content = content || IsContentWord(tokens[i]);
    }
  }
  if (strong || (weak && !content)) return AttributeHint::kBoilerplate;
  if (content) return AttributeHint::kContent;
  return AttributeHint::kNeutral;
}

bool IsBoilerplateElement(const HtmlDom& dom, int i) {
  const myhtml_tag_id_t tag = dom.node(i).tag;
  if (OneOf(tag, {MyHTML_TAG_HEAD,     MyHTML_TAG_SCRIPT, MyHTML_TAG_STYLE,  MyHTML_TAG_NOSCRIPT,
                  MyHTML_TAG_TEMPLATE, MyHTML_TAG_SVG,    MyHTML_TAG_MATH,   MyHTML_TAG_NAV,
                  MyHTML_TAG_HEADER,   MyHTML_TAG_FOOTER, MyHTML_TAG_ASIDE,  MyHTML_TAG_FORM,
                  MyHTML_TAG_IFRAME,   MyHTML_TAG_BUTTON, MyHTML_TAG_SELECT, MyHTML_TAG_INPUT,
                  MyHTML_TAG_TEXTAREA, MyHTML_TAG_OBJECT, MyHTML_TAG_EMBED,  MyHTML_TAG_CANVAS,
                  MyHTML_TAG_VIDEO,    MyHTML_TAG_AUDIO,  MyHTML_TAG_DIALOG, MyHTML_TAG_MENU})) {
    return true;
  }
  // The page's own containers are never dropped for a class such as "has-sidebar".
  if (OneOf(tag, {MyHTML_TAG_HTML, MyHTML_TAG_BODY, MyHTML_TAG_ARTICLE, MyHTML_TAG_MAIN})) {
    return false;
  }
  if (dom.HasAttr(i, "hidden") || dom.Attr(i, "aria-hidden") == "true") return true;
  const std::string style = AsciiLower(dom.Attr(i, "style"));
  if (style.find("display:none") != std::string::npos ||
      style.find("display: none") != std::string::npos) {
    return true;
  }
  const std::string role = AsciiLower(dom.Attr(i, "role"));
  if (role == "navigation" || role == "banner" || role == "contentinfo" ||
      role == "complementary" || role == "menu" || role == "menubar" || role == "search" ||
      role == "dialog" || role == "alertdialog") {
    return true;
  }
  if (dom.Attr(i, "itemprop") == "articleBody") return false;
  return ClassifyClassAndId(dom.Attr(i, "class"), dom.Attr(i, "id")) == AttributeHint::kBoilerplate;
}

bool IsBlockTag(myhtml_tag_id_t tag) {
  return OneOf(tag,
               {MyHTML_TAG_P,       MyHTML_TAG_DIV,        MyHTML_TAG_SECTION, MyHTML_TAG_ARTICLE,
                MyHTML_TAG_MAIN,    MyHTML_TAG_H1,         MyHTML_TAG_H2,      MyHTML_TAG_H3,
                MyHTML_TAG_H4,      MyHTML_TAG_H5,         MyHTML_TAG_H6,      MyHTML_TAG_UL,
                MyHTML_TAG_OL,      MyHTML_TAG_LI,         MyHTML_TAG_DL,      MyHTML_TAG_DT,
                MyHTML_TAG_DD,      MyHTML_TAG_BLOCKQUOTE, MyHTML_TAG_PRE,     MyHTML_TAG_TABLE,
                MyHTML_TAG_TR,      MyHTML_TAG_TD,         MyHTML_TAG_TH,      MyHTML_TAG_CAPTION,
                MyHTML_TAG_FIGURE,  MyHTML_TAG_FIGCAPTION, MyHTML_TAG_HEADER,  MyHTML_TAG_FOOTER,
                MyHTML_TAG_ADDRESS, MyHTML_TAG_HR,         MyHTML_TAG_BR,      MyHTML_TAG_DETAILS,
                MyHTML_TAG_SUMMARY, MyHTML_TAG_CENTER,     MyHTML_TAG_BODY,    MyHTML_TAG_HTML});
}

}  // namespace newsflow::extract::internal
