#include "html_signals.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

// Calls `on_token(token, first_in_name)` for each lowercase word of a class or id value:
// "site-navBar main_menu" gives "site" (first), "nav", "bar", "main" (first), "menu". Words are
// cut at kMaxToken bytes (no listed word is longer), so nothing is allocated.
constexpr size_t kMaxToken = 24;

template <typename OnToken>
void ForEachToken(std::string_view value, OnToken on_token) {
  char token[kMaxToken];
  size_t length = 0;
  bool in_token = false;
  bool first_in_name = true;
  char previous = 0;
  auto flush = [&] {
    if (in_token) on_token(std::string_view(token, length), first_in_name);
    if (in_token) first_in_name = false;
    in_token = false;
    length = 0;
  };
  for (char c : value) {
    const bool lower = c >= 'a' && c <= 'z';
    const bool upper = c >= 'A' && c <= 'Z';
    const bool digit = c >= '0' && c <= '9';
    if (!lower && !upper && !digit) {
      flush();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') first_in_name = true;
    } else {
      if (upper && previous >= 'a' && previous <= 'z') flush();  // camelCase boundary
      in_token = true;
      if (length < kMaxToken) token[length++] = upper ? static_cast<char>(c - 'A' + 'a') : c;
    }
    previous = c;
  }
  flush();
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool IsStrongBoilerplateWord(std::string_view t) {
  static constexpr std::string_view kExact[] = {
      "nav",       "navbar",     "menu",        "menubar",     "footer",  "sidebar",
      "share",     "sharing",    "shares",      "social",      "comment", "comments",
      "related",   "ad",         "ads",         "adsbygoogle", "advert",  "promo",
      "banner",    "cookie",     "cookies",     "consent",     "gdpr",    "newsletter",
      "subscribe", "breadcrumb", "breadcrumbs", "pagination",  "pager",   "sponsored",
      "ranking",   "popular",    "trending",    "outbrain",    "taboola", "disqus",
      "recirc",    "caption",    "credit",      "credits",     "cta",     "rating",
      "ratings",   "disclosure"};
  for (std::string_view word : kExact) {
    if (t == word) return true;
  }
  static constexpr std::string_view kPrefixes[] = {
      "navig",   "advert",  "recommend",  "sponsor", "subscri", "paginat", "breadcrumb",
      "comment", "related", "newsletter", "sidebar", "footer",  "cookie"};
  for (std::string_view prefix : kPrefixes) {
    if (StartsWith(t, prefix)) return true;
  }
  return false;
}

bool IsWeakBoilerplateWord(std::string_view t) {
  static constexpr std::string_view kWords[] = {
      "header",       "masthead", "widget",  "tags",    "tag",    "toolbar",  "skip",
      "popup",        "modal",    "bio",     "print",   "teaser", "author",   "byline",
      "postmetadata", "alert",    "infobox", "factbox", "embed",  "authorbox"};
  for (std::string_view word : kWords) {
    if (t == word) return true;
  }
  return false;
}

// Screen sizes and media of responsive class names ("hidden-xs", "hidden-md-up").
bool IsDeviceWord(std::string_view t) {
  static constexpr std::string_view kWords[] = {
      "xs", "sm", "md", "lg", "xl", "xxl", "mobile", "tablet", "desktop", "print", "phone"};
  for (std::string_view word : kWords) {
    if (t == word) return true;
  }
  return false;
}

bool IsContentWord(std::string_view t) {
  static constexpr std::string_view kWords[] = {"article", "articlebody", "content", "entry",
                                                "main",    "post",        "story",   "body",
                                                "text",    "prose",       "hentry",  "column"};
  for (std::string_view word : kWords) {
    if (t == word) return true;
  }
  return false;
}

bool IsLeadWord(std::string_view t) {
  static constexpr std::string_view kWords[] = {
      "lead",    "leadtext",    "intro",    "introtext", "standfirst",
      "excerpt", "subheadline", "subhead",  "subline",   "abstract",
      "dek",     "chapo",       "sommario", "deck",      "introduction",
      "teaser",  "summary",     "leader",   "subtitle",  "description"};
  for (std::string_view word : kWords) {
    if (t == word) return true;
  }
  return false;
}

bool IsNegation(std::string_view t) {
  return t == "has" || t == "with" || t == "no" || t == "show" || t == "enable" || t == "is";
}

// What the word lists above say about one class/id word, as bits.
enum WordKind : uint8_t {
  kStrongBoilerplate = 1 << 0,
  kWeakBoilerplate = 1 << 1,
  kDevice = 1 << 2,
  kContent = 1 << 3,
  kLead = 1 << 4,
  kNegation = 1 << 5,
  kHidden = 1 << 6,
};

uint8_t ClassifyWord(std::string_view t) {
  return (IsStrongBoilerplateWord(t) ? kStrongBoilerplate : 0) |
         (IsWeakBoilerplateWord(t) ? kWeakBoilerplate : 0) | (IsDeviceWord(t) ? kDevice : 0) |
         (IsContentWord(t) ? kContent : 0) | (IsLeadWord(t) ? kLead : 0) |
         (IsNegation(t) ? kNegation : 0) | (t == "hidden" ? kHidden : 0);
}

// ClassifyWord() through a small per-thread cache. Every element's class and id words are
// checked against all the lists, and pages repeat the same few hundred words ("flex",
// "container", "col"...) on thousands of elements: the list scans were a tenth of a page's
// extraction. The answer depends on the word only, so the cache never changes a result.
uint8_t WordKinds(std::string_view token) {
  constexpr size_t kKeyBytes = 16;
  if (token.size() > kKeyBytes) return ClassifyWord(token);
  // The word zero-padded: tokens hold no NUL, so words of different lengths differ.
  uint64_t key[2] = {0, 0};
  std::memcpy(key, token.data(), token.size());
  struct Entry {
    uint64_t key[2] = {0, 0};  // the empty word: never passed, so never a false hit
    uint8_t kinds = 0;
  };
  constexpr size_t kEntries = 1024;
  thread_local std::array<Entry, kEntries> cache;
  const uint64_t hash = (key[0] ^ (key[1] * 0x9E3779B97F4A7C15)) * 0xBF58476D1CE4E5B9;
  Entry& entry = cache[hash >> 54];  // the top 10 bits
  if (entry.key[0] != key[0] || entry.key[1] != key[1]) {
    entry.key[0] = key[0];
    entry.key[1] = key[1];
    entry.kinds = ClassifyWord(token);
  }
  return entry.kinds;
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
    // A class name that starts with a negation ("has-double-sidebar", "no-comments") says what
    // the page lacks or shows elsewhere, so none of its words count.
    bool negated = false;
    // "hidden-xs", "hidden-print": a responsive framework hides the element on some devices
    // only; a device word right after "hidden" in the same name says so.
    bool hidden_pending = false;
    ForEachToken(value, [&](std::string_view token, bool first_in_name) {
      const uint8_t kinds = WordKinds(token);
      if (first_in_name) {
        weak = weak || hidden_pending;
        hidden_pending = false;
        negated = (kinds & kNegation) != 0;
      }
      if (negated) return;
      if (hidden_pending) {
        weak = weak || (kinds & kDevice) == 0;
        hidden_pending = false;
      }
      hidden_pending = (kinds & kHidden) != 0;
      strong = strong || (kinds & kStrongBoilerplate) != 0;
      weak = weak || (kinds & kWeakBoilerplate) != 0;
      content = content || (kinds & kContent) != 0;
    });
    weak = weak || hidden_pending;
  }
  if (strong) return AttributeHint::kBoilerplate;
  if (weak && !content) return AttributeHint::kWeakBoilerplate;
  if (content) return AttributeHint::kContent;
  return AttributeHint::kNeutral;
}

bool HasLeadWord(std::string_view class_attr, std::string_view id_attr) {
  bool lead = false;
  for (std::string_view value : {class_attr, id_attr}) {
    bool negated = false;
    ForEachToken(value, [&](std::string_view token, bool first_in_name) {
      const uint8_t kinds = WordKinds(token);
      if (first_in_name) negated = (kinds & kNegation) != 0;
      lead = lead || (!negated && (kinds & kLead) != 0);
    });
  }
  return lead;
}

bool HasItemprop(std::string_view itemprop, std::string_view word) {
  while (!itemprop.empty()) {
    const size_t space = itemprop.find(' ');
    if (itemprop.substr(0, space) == word) return true;
    if (space == std::string_view::npos) break;
    itemprop.remove_prefix(space + 1);
  }
  return false;
}

Furniture ClassifyFurniture(const DomNode& node, AttributeHint hint) {
  const myhtml_tag_id_t tag = node.tag;
  // <rt> and <rp> are ruby readings (furigana) over the text, not text of their own.
  if (OneOf(tag, {MyHTML_TAG_HEAD,       MyHTML_TAG_SCRIPT, MyHTML_TAG_STYLE,  MyHTML_TAG_NOSCRIPT,
                  MyHTML_TAG_TEMPLATE,   MyHTML_TAG_SVG,    MyHTML_TAG_MATH,   MyHTML_TAG_NAV,
                  MyHTML_TAG_IFRAME,     MyHTML_TAG_BUTTON, MyHTML_TAG_SELECT, MyHTML_TAG_INPUT,
                  MyHTML_TAG_TEXTAREA,   MyHTML_TAG_OBJECT, MyHTML_TAG_EMBED,  MyHTML_TAG_CANVAS,
                  MyHTML_TAG_VIDEO,      MyHTML_TAG_AUDIO,  MyHTML_TAG_DIALOG, MyHTML_TAG_MENU,
                  MyHTML_TAG_FIGCAPTION, MyHTML_TAG_RT,     MyHTML_TAG_RP})) {
    return Furniture::kAlways;
  }
  // The page's own containers are never dropped for a class such as "has-sidebar".
  if (OneOf(tag, {MyHTML_TAG_HTML, MyHTML_TAG_BODY, MyHTML_TAG_ARTICLE, MyHTML_TAG_MAIN})) {
    return Furniture::kNone;
  }
  if (node.hidden) return Furniture::kAlways;
  if (!node.style.empty()) {
    const std::string style = AsciiLower(node.style);
    if (style.find("display:none") != std::string::npos ||
        style.find("display: none") != std::string::npos) {
      return Furniture::kAlways;
    }
  }
  if (!node.role.empty()) {
    const std::string role = AsciiLower(node.role);
    if (role == "navigation" || role == "banner" || role == "contentinfo" ||
        role == "complementary" || role == "menu" || role == "menubar" || role == "search" ||
        role == "dialog" || role == "alertdialog") {
      return Furniture::kAlways;
    }
  }
  if (OneOf(tag, {MyHTML_TAG_HEADER, MyHTML_TAG_FOOTER, MyHTML_TAG_ASIDE})) {
    return Furniture::kByTag;
  }
  if (node.itemprop == "articleBody") return Furniture::kNone;
  // Forms hold search boxes and comment fields, but some frameworks wrap the whole page in one.
  if (tag == MyHTML_TAG_FORM) return Furniture::kByAttributes;
  return hint == AttributeHint::kBoilerplate || hint == AttributeHint::kWeakBoilerplate
             ? Furniture::kByAttributes
             : Furniture::kNone;
}

bool IsRawTextElement(myhtml_tag_id_t tag) {
  return OneOf(tag,
               {MyHTML_TAG_SCRIPT, MyHTML_TAG_STYLE, MyHTML_TAG_NOSCRIPT, MyHTML_TAG_TEMPLATE});
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
