#include "metadata_json_ld.h"

#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsflow/extract/dates.h"

#include "content_scorer.h"
#include "date_finder.h"
#include "html_dom.h"
#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

using nlohmann::json;

// JSON-LD blocks bigger or deeper than this are skipped: they are not article metadata.
constexpr size_t kMaxJsonLdBytes = 1 << 20;
constexpr int kMaxJsonLdDepth = 64;

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

// `text` with HTML character references decoded ("Redacci&oacute;n" -> "Redacción"): some CMSs
// escape JSON-LD strings for HTML. Text without one is returned as it is.
std::string WithoutCharacterReferences(std::string text) {
  const size_t amp = text.find('&');
  if (amp == std::string::npos || text.find(';', amp) == std::string::npos ||
      text.find('<') != std::string::npos) {
    return text;
  }
  // The <title> element's text is read with references decoded and without markup.
  absl::StatusOr<std::unique_ptr<HtmlDom>> dom =
      HtmlDom::Parse("<title>" + text + "</title>", {.max_nodes = 16, .max_depth = 8});
  if (!dom.ok()) return text;
  for (int i = 0; i < (*dom)->size(); ++i) {
    if ((*dom)->node(i).tag == MyHTML_TAG_TITLE) return ElementText(**dom, i);
  }
  return text;
}

std::string StringOf(const json& value) {
  if (value.is_string()) return CollapseSpace(WithoutCharacterReferences(value.get<std::string>()));
  if (value.is_array() && !value.empty()) return StringOf(value.front());
  if (value.is_object()) {
    auto it = value.find("name");
    if (it != value.end() && it->is_string()) {
      return CollapseSpace(WithoutCharacterReferences(it->get<std::string>()));
    }
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
                JsonLdFields& fields) {
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
    if (name.empty() || name.find("://") != std::string::npos) return;
    if (target->is_object() && HasType(*target, {"Organization"}) &&
        !HasType(*target, {"Person"})) {
      fields.organisation_authors.push_back(std::move(name));
    } else {
      fields.authors.push_back(std::move(name));
    }
  };
  if (value.is_array()) {
    for (const json& a : value) add_one(a);
  } else {
    add_one(value);
  }
}

// A date field as written in a date attribute: a timestamp, or a short text holding one
// ("04:25:06 PM IST Apr 08, 2020").
std::string DateOfField(std::string_view value) {
  std::string date = ParseDate(value);
  if (!date.empty() || value.size() > 64) return date;
  DateMatch match;
  return FindDate(value, match) ? match.date : "";
}

// The date in the first `"key": "value"` pair of a JSON text that does not parse.
std::string RawJsonDate(std::string_view text, std::string_view key) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  for (size_t pos = text.find(quoted); pos != std::string_view::npos;
       pos = text.find(quoted, pos + 1)) {
    size_t i = text.find_first_not_of(" \t\r\n", pos + quoted.size());
    if (i == std::string_view::npos || text[i] != ':') continue;
    i = text.find_first_not_of(" \t\r\n", i + 1);
    if (i == std::string_view::npos || text[i] != '"') continue;
    const size_t end = text.find('"', i + 1);
    if (end == std::string_view::npos) break;
    std::string date = DateOfField(text.substr(i + 1, end - i - 1));
    if (!date.empty()) return date;
  }
  return "";
}

}  // namespace

void ReadJsonLd(std::string_view text, JsonLdFields& fields) {
  if (text.size() > kMaxJsonLdBytes || !NestingWithin(text, kMaxJsonLdDepth)) return;
  // Non-throwing mode: a malformed block yields a discarded value, no exception.
  const json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded()) {
    // Hand-written blocks often break JSON (a trailing comma, two objects glued together)
    // yet still state their dates plainly.
    if (fields.date_published.empty()) fields.date_published = RawJsonDate(text, "datePublished");
    if (fields.date_modified.empty()) fields.date_modified = RawJsonDate(text, "dateModified");
    return;
  }
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
    if (HasType(*object, {"Article", "BlogPosting", "Report", "LiveBlogPosting", "Recipe"})) {
      if (fields.headline.empty()) fields.headline = field(*object, "headline");
      if (fields.headline.empty()) fields.headline = field(*object, "name");
      if (fields.date_published.empty()) {
        fields.date_published_raw = field(*object, "datePublished");
        fields.date_published = DateOfField(fields.date_published_raw);
      }
      if (fields.date_modified.empty()) {
        fields.date_modified = DateOfField(field(*object, "dateModified"));
      }
      if (fields.description.empty()) fields.description = field(*object, "description");
      if (fields.authors.empty() && fields.organisation_authors.empty()) {
        auto author = object->find("author");
        if (author != object->end()) AddAuthors(*author, by_id, fields);
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
    } else if (HasType(*object, {"WebPage"}) && fields.page_authors.empty()) {
      auto author = object->find("author");
      if (author != object->end()) {
        JsonLdFields page;
        AddAuthors(*author, by_id, page);
        fields.page_authors = std::move(page.authors);
      }
    }
    if (fields.other_date_published.empty() && !HasType(*object, {"Comment", "Review"})) {
      fields.other_date_published = ParseDate(field(*object, "datePublished"));
    }
  }
}

}  // namespace newsflow::extract::internal
