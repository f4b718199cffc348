#include "html_metadata.h"

#include <array>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsflow/extract/dates.h"

#include "content_scorer.h"
#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

using nlohmann::json;

// JSON-LD blocks bigger or deeper than this are skipped: they are not article metadata.
constexpr size_t kMaxJsonLdBytes = 1 << 20;
constexpr int kMaxJsonLdDepth = 64;

struct JsonLdFields {
  std::string headline;
  std::string date_published;
  std::string date_modified;
  std::vector<std::string> authors;
  std::string publisher;
  std::string website_name;
  std::string description;
};

bool NestingWithin(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

std::string StringOf(const json& value) {
  if (value.is_string()) return CollapseSpace(value.get<std::string>());
  if (value.is_array() && !value.empty()) return StringOf(value.front());
  if (value.is_object()) {
    auto it = value.find("name");
    if (it != value.end() && it->is_string()) return CollapseSpace(it->get<std::string>());
    it = value.find("@value");
    if (it != value.end() && it->is_string()) return CollapseSpace(it->get<std::string>());
  }
  return "";
}

bool HasType(const json& object, std::initializer_list<std::string_view> suffixes) {
  auto it = object.find("@type");
  if (it == object.end()) return false;
  auto matches = [&](const json& t) {
    if (!t.is_string()) return false;
    const std::string& type = t.get_ref<const std::string&>();
    for (std::string_view suffix : suffixes) {
      if (type.size() >= suffix.size() &&
          std::string_view(type).substr(type.size() - suffix.size()) == suffix) {
        return true;
      }
    }
    return false;
  };
  if (it->is_array()) {
    for (const json& t : *it) {
      if (matches(t)) return true;
    }
    return false;
  }
  return matches(*it);
}

void AddAuthors(const json& value, const std::map<std::string, const json*>& by_id,
                std::vector<std::string>& authors) {
  auto add_one = [&](const json& a) {
    const json* target = &a;
    if (a.is_object() && !a.contains("name")) {
      auto id = a.find("@id");
      if (id != a.end() && id->is_string()) {
        auto found = by_id.find(id->get<std::string>());
        if (found != by_id.end()) target = found->second;
      }
    }
    std::string name = StringOf(*target);
    if (!name.empty() && name.find("://") == std::string::npos) authors.push_back(name);
  };
  if (value.is_array()) {
    for (const json& a : value) add_one(a);
  } else {
    add_one(value);
  }
}

void ReadJsonLd(std::string_view text, JsonLdFields& fields) {
  if (text.size() > kMaxJsonLdBytes || !NestingWithin(text, kMaxJsonLdDepth)) return;
  // Non-throwing mode: a malformed block yields a discarded value, no exception.
  const json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded()) return;
  std::vector<const json*> objects;
  auto collect = [&](const json& value) {
    if (value.is_object()) {
      objects.push_back(&value);
      auto graph = value.find("@graph");
      if (graph != value.end() && graph->is_array()) {
        for (const json& item : *graph) {
          if (item.is_object()) objects.push_back(&item);
        }
      }
    }
  };
  if (root.is_array()) {
    for (const json& item : root) collect(item);
  } else {
    collect(root);
  }
  std::map<std::string, const json*> by_id;
  for (const json* object : objects) {
    auto id = object->find("@id");
    if (id != object->end() && id->is_string()) by_id.emplace(id->get<std::string>(), object);
  }
  auto field = [](const json& object, const char* key) -> std::string {
    auto it = object.find(key);
    return it == object.end() ? std::string() : StringOf(*it);
  };
  for (const json* object : objects) {
    if (HasType(*object, {"Article", "BlogPosting", "Report", "LiveBlogPosting"})) {
      if (fields.headline.empty()) fields.headline = field(*object, "headline");
      if (fields.headline.empty()) fields.headline = field(*object, "name");
      if (fields.date_published.empty()) {
        fields.date_published = ParseDate(field(*object, "datePublished"));
      }
      if (fields.date_modified.empty()) {
        fields.date_modified = ParseDate(field(*object, "dateModified"));
      }
      if (fields.description.empty()) fields.description = field(*object, "description");
      if (fields.authors.empty()) {
        auto author = object->find("author");
        if (author != object->end()) AddAuthors(*author, by_id, fields.authors);
      }
      auto publisher = object->find("publisher");
      if (fields.publisher.empty() && publisher != object->end()) {
        const json* target = &*publisher;
        if (publisher->is_object() && !publisher->contains("name")) {
          auto id = publisher->find("@id");
          if (id != publisher->end() && id->is_string()) {
            auto found = by_id.find(id->get<std::string>());
            if (found != by_id.end()) target = found->second;
          }
        }
        fields.publisher = StringOf(*target);
      }
    } else if (HasType(*object, {"WebSite"}) && fields.website_name.empty()) {
      fields.website_name = field(*object, "name");
    }
  }
}

// "By Jane Doe" -> "Jane Doe"; "文・山田太郎" -> "山田太郎".
std::string CleanByline(std::string_view text) {
  std::string line = CollapseSpace(text);
  for (std::string_view prefix : {"By ", "by ", "BY ", "文・", "文：", "文:", "記者："}) {
    if (std::string_view(line).substr(0, prefix.size()) == prefix) {
      line = line.substr(prefix.size());
      break;
    }
  }
  if (line.empty() || CodePointCount(line) > 60 || line.find("://") != std::string::npos) {
    return "";
  }
  return line;
}

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

std::string FirstDateOf(const std::map<std::string, std::string>& meta,
                        std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    auto it = meta.find(std::string(key));
    if (it == meta.end()) continue;
    std::string date = ParseDate(it->second);
    if (!date.empty()) return date;
  }
  return "";
}

bool HasClassWord(std::string_view class_attr, std::string_view word) {
  const std::string lower = AsciiLower(class_attr);
  size_t pos = 0;
  while ((pos = lower.find(word, pos)) != std::string::npos) {
    const bool left = pos == 0 || !std::isalnum(static_cast<unsigned char>(lower[pos - 1]));
    const size_t after = pos + word.size();
    const bool right =
        after >= lower.size() || !std::isalnum(static_cast<unsigned char>(lower[after]));
    if (left && right) return true;
    pos = after;
  }
  return false;
}

}  // namespace

std::string StripSiteSuffix(std::string_view title, std::string_view site_name) {
  std::string t = CollapseSpace(title);
  static constexpr std::array<std::string_view, 7> kSeparators = {" | ", " - ",  " – ", " — ",
                                                                  "｜",  " :: ", " « "};
  size_t best = std::string::npos;
  size_t best_len = 0;
  for (std::string_view sep : kSeparators) {
    const size_t pos = t.rfind(sep);
    if (pos != std::string::npos && (best == std::string::npos || pos > best)) {
      best = pos;
      best_len = sep.size();
    }
  }
  if (best == std::string::npos || best == 0) return t;
  const std::string_view head = TrimSpace(std::string_view(t).substr(0, best));
  const std::string_view tail = TrimSpace(std::string_view(t).substr(best + best_len));
  const bool tail_is_site = !site_name.empty() && tail == TrimSpace(site_name);
  // Without a known site name, only a short tail next to a headline-sized head is a suffix.
  if (tail_is_site || (CodePointCount(head) >= 10 && CodePointCount(tail) <= 40 &&
                       CodePointCount(tail) < CodePointCount(head))) {
    return std::string(head);
  }
  return t;
}

void ExtractHtmlMetadata(const HtmlDom& dom, int content_root, ExtractedPage& page) {
  std::map<std::string, std::string> meta;  // lowercased name/property/itemprop -> content
  JsonLdFields ld;
  std::string title_tag;
  std::string canonical;
  std::string h1_in_content;
  std::string h1_first;
  std::string time_in_content;
  std::vector<std::string> byline_authors;
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

  for (int i = 0; i < dom.size(); ++i) {
    const DomNode& node = dom.node(i);
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
        if (h1_first.empty()) h1_first = ElementText(dom, i);
        if (h1_in_content.empty() && in_scope(i)) h1_in_content = ElementText(dom, i);
        break;
      case MyHTML_TAG_TIME:
        if (time_in_content.empty() && in_scope(i)) {
          time_in_content = ParseDate(dom.Attr(i, "datetime"));
          if (time_in_content.empty()) time_in_content = ParseDate(ElementText(dom, i));
        }
        break;
      case MyHTML_TAG_A:
        if (AsciiLower(dom.Attr(i, "rel")) == "author") {
          AddUnique(byline_authors, CleanByline(ElementText(dom, i)));
        }
        break;
      default:
        break;
    }
    if (!node.IsText() && node.tag != MyHTML_TAG_A && node.tag != MyHTML_TAG_META) {
      const std::string_view cls = dom.Attr(i, "class");
      if (HasClassWord(cls, "byline") || HasClassWord(cls, "author-name") ||
          dom.Attr(i, "itemprop") == "author" || HasClassWord(cls, "author")) {
        // The innermost name wins: take a short text only.
        std::string name = CleanByline(ElementText(dom, i));
        if (!name.empty() && byline_authors.empty()) AddUnique(byline_authors, name);
      }
    }
  }

  page.site_name = FirstOf(meta, {"og:site_name"});
  if (page.site_name.empty()) page.site_name = ld.publisher;
  if (page.site_name.empty()) page.site_name = ld.website_name;
  if (page.site_name.empty()) page.site_name = FirstOf(meta, {"application-name"});

  page.title = StripSiteSuffix(FirstOf(meta, {"og:title", "twitter:title"}), page.site_name);
  if (page.title.empty()) page.title = ld.headline;
  if (page.title.empty()) page.title = !h1_in_content.empty() ? h1_in_content : h1_first;
  if (page.title.empty()) page.title = StripSiteSuffix(title_tag, page.site_name);

  for (std::string& author : ld.authors) AddUnique(page.authors, std::move(author));
  if (page.authors.empty()) {
    for (std::string_view key : {"author", "article:author", "dc.creator", "byl"}) {
      auto it = meta.find(std::string(key));
      if (it != meta.end()) AddUnique(page.authors, CleanByline(it->second));
    }
  }
  if (page.authors.empty()) page.authors = std::move(byline_authors);

  page.published_date = ld.date_published;
  if (page.published_date.empty()) {
    page.published_date =
        FirstDateOf(meta, {"article:published_time", "og:published_time", "datepublished", "date",
                           "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued",
                           "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date",
                           "cxenseparse:recs:publishtime"});
  }
  if (page.published_date.empty()) page.published_date = time_in_content;
  page.modified_date = ld.date_modified;
  if (page.modified_date.empty()) {
    page.modified_date = FirstDateOf(meta, {"article:modified_time", "og:updated_time",
                                            "datemodified", "last-modified", "dcterms.modified"});
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
