#include "html_metadata.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsflow/extract/dates.h"

#include "content_scorer.h"
#include "date_finder.h"
#include "html_signals.h"
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
  /// datePublished as written ("2023-11-09T02:11:03+00:00").
  std::string date_published_raw;
  std::string date_modified;
  /// datePublished of an object that is not an article (a WebPage in a @graph).
  std::string other_date_published;
  std::vector<std::string> authors;
  /// Authors typed as an Organization: the publication, not a person.
  std::vector<std::string> organisation_authors;
  /// Authors of a WebPage object (a CMS's pages that are not typed as articles).
  std::vector<std::string> page_authors;
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

bool StartsWithIgnoringCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    // Bytes outside ASCII ("ö") compare as they are.
    if (std::tolower(static_cast<unsigned char>(s[i])) != static_cast<unsigned char>(prefix[i])) {
      return false;
    }
  }
  return true;
}

bool IsBylinePunctuation(char c) {
  return c == '|' || c == ':' || c == '-' || c == ',' || c == ';' || c == '/' || c == '@' ||
         c == '>' || c == '(' || c == ')' || c == '.' || c == ' ';
}

bool LooksLikePersonName(std::string_view name);

// True for names listed with commas ("Jane Roe, Olu Bede, Max Muster"), each a person's.
bool IsListOfNames(std::string_view text) {
  int names = 0;
  while (!text.empty()) {
    const size_t comma = text.find(", ");
    if (!LooksLikePersonName(text.substr(0, comma))) return false;
    ++names;
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 2);
  }
  return names >= 2;
}

// "By Jane Doe" -> "Jane Doe"; "von Max Muster · 3. Mai 2023" -> "Max Muster";
// "文・山田太郎" -> "山田太郎". Empty when what is left does not look like a name.
std::string CleanByline(std::string_view text) {
  std::string line = CollapseSpace(text);
  std::string_view rest = line;
  // Byline words in the languages the crawler meets most, longest first so "posted by" is
  // taken whole; then separators left in front of the name.
  static constexpr std::string_view kPrefixes[] = {
      "posted by",    "written by",   "geschrieben von",
      "verfasst von", "erstellt von", "publié par",
      "escrito por",  "interview:",   "autoren:",
      "autor:",       "author:",      "authors:",
      "autorin:",     "text:",        "von:",
      "by:",          "by",           "von",
      "par",          "por",          "door",
      "di",           "av",           "autoren",
      "autor",        "authors",      "author",
      "autorin",      "auteur",       "text"};
  for (bool stripped = true; stripped;) {
    stripped = false;
    while (!rest.empty() && IsBylinePunctuation(rest.front())) {
      rest.remove_prefix(1);
      stripped = true;
    }
    for (std::string_view prefix : kPrefixes) {
      if (StartsWithIgnoringCase(rest, prefix) &&
          (rest.size() == prefix.size() || prefix.back() == ':' || rest[prefix.size()] == ' ' ||
           rest[prefix.size()] == ':')) {
        rest.remove_prefix(prefix.size());
        stripped = true;
        break;
      }
    }
  }
  for (std::string_view prefix : {"文・", "文：", "文:", "記者：", "・"}) {
    if (rest.substr(0, prefix.size()) == prefix) {
      rest.remove_prefix(prefix.size());
      break;
    }
  }
  // A date, a time or a second field after the name ends it.
  static constexpr std::string_view kEnds[] = {" · ", " | ",  " • ",  " - ",  " – ",
                                               " — ", " am ", " on ", " le ", " el ",
                                               "|",   "·",    "•",    "\n",   " ("};
  for (std::string_view end : kEnds) {
    const size_t pos = rest.find(end);
    if (pos != std::string_view::npos) rest = rest.substr(0, pos);
  }
  // A number that starts a word is a date or time ("r23" is a user name).
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] >= '0' && rest[i] <= '9' && (i == 0 || rest[i - 1] == ' ')) {
      rest = rest.substr(0, i);
      break;
    }
  }
  // Quotes around the whole name ("'Jane Roe'") are the CMS's.
  auto is_edge = [](char c) { return IsBylinePunctuation(c) || c == '\'' || c == '"' || c == '&'; };
  // ... but the period of a closing initial ("Joe S.") stays.
  auto closing_initial = [](std::string_view r) {
    const size_t n = r.size();
    return n >= 3 && r[n - 1] == '.' && r[n - 2] >= 'A' && r[n - 2] <= 'Z' && r[n - 3] == ' ';
  };
  while (!rest.empty() && is_edge(rest.back()) && !closing_initial(rest)) rest.remove_suffix(1);
  while (!rest.empty() && is_edge(rest.front())) rest.remove_prefix(1);
  if (rest.empty() || CodePointCount(rest) > 60 || rest.find("://") != std::string_view::npos) {
    return "";
  }
  // A label whose name was elsewhere ("Veröffentlicht", "Posted", "Authors"), a field of
  // another kind ("En kiosques : juillet") or a photo credit.
  const std::string lower = AsciiLower(rest);
  for (std::string_view label :
       {"veröffentlicht", "published", "posted", "publié", "publicado", "geschrieben", "written",
        "autor", "author", "autoren", "authors", "auteur", "auteurs", "von", "by"}) {
    if (lower == label) return "";
  }
  if (lower.find(':') != std::string::npos) return "";
  // A name has few words, and a byline sentence ("View my complete profile") is not one.
  size_t words = 1;
  for (char c : rest) words += c == ' ' ? 1 : 0;
  if (words > 5 && !IsListOfNames(rest)) return "";
  // "Posted on", "Publiziert am", "Artikel von": a label whose date or name was elsewhere ends
  // in a short lowercase function word.
  const size_t last_space = rest.rfind(' ');
  if (last_space != std::string_view::npos) {
    const std::string_view last = rest.substr(last_space + 1);
    bool lowercase = last.size() <= 3;
    for (char c : last) lowercase = lowercase && c >= 'a' && c <= 'z';
    if (lowercase) return "";
  }
  return std::string(rest);
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

// The date of the first of `keys` that holds one; `raw` (when given) receives its value as
// written.
std::string FirstDateOf(const std::map<std::string, std::string>& meta,
                        std::span<const std::string_view> keys, std::string* raw = nullptr) {
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

// Meta names of the publication date, in order of trust.
constexpr std::string_view kPublishedMetaKeys[] = {"article:published_time",
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

// True for a timestamp with a time of day in UTC ("2023-11-09T02:11:03Z", "...+00:00"): the
// day it names may be the day before or after the one the publisher's readers saw.
bool IsUtcTimestamp(std::string_view raw) {
  raw = TrimSpace(raw);
  if (raw.find(':') == std::string_view::npos) return false;
  for (std::string_view zone : {"Z", "+00:00", "+0000", "GMT", "UTC"}) {
    if (raw.ends_with(zone)) return true;
  }
  return false;
}

// True for an ISO timestamp with a time of day and an offset other than UTC
// ("2022-05-07T13:43:46-05:00"): it states the day in the publisher's own zone.
bool HasLocalOffset(std::string_view raw) {
  raw = TrimSpace(raw);
  const size_t t = raw.find('T');
  if (t == std::string_view::npos || IsUtcTimestamp(raw)) return false;
  const size_t sign = raw.find_last_of("+-");
  if (sign == std::string_view::npos || sign < t) return false;
  const std::string_view offset = raw.substr(sign + 1);
  return offset.size() >= 4 && offset.size() <= 5 && offset[0] >= '0' && offset[0] <= '9';
}

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

std::string FirstPublicationDateOfAnyName(const std::map<std::string, std::string>& meta) {
  for (const auto& [key, value] : meta) {
    if (!IsPublicationDateKey(key)) continue;
    std::string date = ParseDate(value);
    if (!date.empty()) return date;
  }
  return "";
}

// The words of an element's class and id values, lowercased, split at anything that is not
// an ASCII letter or digit ("entry-date updated" -> entry, date, updated). Fixed capacity: an
// element with more words than that is judged by its first ones.
class ClassWords {
 public:
  ClassWords(std::string_view class_attr, std::string_view id_attr) {
    if (class_attr.empty() && id_attr.empty()) return;
    for (std::string_view value : {class_attr, id_attr}) {
      for (char c : value) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        const bool upper = c >= 'A' && c <= 'Z';
        if (alnum || upper) {
          if (length_ < kCapacity) buffer_[length_++] = upper ? static_cast<char>(c + 32) : c;
        } else {
          End();
        }
      }
      End();
    }
  }
  bool empty() const { return count_ == 0; }
  bool Has(std::string_view word) const {
    for (size_t i = 0; i < count_; ++i) {
      if (std::string_view(buffer_ + begin_[i], size_[i]) == word) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kCapacity = 256;
  static constexpr size_t kMaxWords = 24;

  void End() {
    if (length_ > start_ && count_ < kMaxWords) {
      begin_[count_] = static_cast<uint16_t>(start_);
      size_[count_] = static_cast<uint16_t>(length_ - start_);
      ++count_;
    }
    start_ = length_;
  }

  // Left uninitialized: only the first count_ words / length_ bytes are ever read.
  char buffer_[kCapacity];
  uint16_t begin_[kMaxWords];
  uint16_t size_[kMaxWords];
  size_t length_ = 0;
  size_t start_ = 0;
  size_t count_ = 0;
};

// True for the class / id of an element that shows the publication date ("entry-date",
// "post-meta", "published", "datum"), not for one that shows an update or a copyright.
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

// True for the part of a shown headline in front of the declared one that is a kicker
// ("Tunesien ", "Winter: ", "Medienmitteilung der Direktion :" in an element of its own): it
// ends at a word boundary.
bool IsKicker(std::string_view prefix) {
  return !prefix.empty() && (prefix.back() == ' ' || prefix.back() == ':');
}

// Class words of an element that shows the author, in the languages the crawler meets most.
bool IsBylineClass(const ClassWords& lower_class) {
  for (std::string_view word :
       {"byline", "author", "auteur", "auteurs", "autor", "autoren", "verfasser", "writer"}) {
    if (lower_class.Has(word)) return true;
  }
  return false;
}

// Class words of a part of the post itself ("post-footer", "entry-footer", "article-footer").
bool IsPostPart(const ClassWords& lower_class) {
  return lower_class.Has("post") || lower_class.Has("entry") || lower_class.Has("article");
}

// True for lowercased text that starts with a byline word: "by", "von", "text:", "written
// by", "verfasst von", ...
bool StartsWithBylineWord(std::string_view lower) {
  static constexpr std::string_view kWords[] = {
      "by",      "von",          "par",       "por",         "door",
      "text",    "texto",        "texte",     "autor",       "autorin",
      "autoren", "author",       "authors",   "written by",  "geschrieben von",
      "auteur",  "verfasst von", "écrit par", "escrito por", "posted by"};
  for (std::string_view word : kWords) {
    if (!lower.starts_with(word)) continue;
    if (lower.size() == word.size()) return true;
    const char next = lower[word.size()];
    if (next == ' ' || next == ':') return true;
  }
  return false;
}

// True for a person's name as bylines write it: two to five words, each capitalised, an
// initial ("J."), or a name particle ("von", "de"); no digits.
bool LooksLikePersonName(std::string_view name) {
  static constexpr std::string_view kParticles[] = {"von", "van", "der", "den", "de",  "da",
                                                    "di",  "du",  "del", "la",  "le",  "zu",
                                                    "y",   "bin", "al",  "dos", "das", "ten"};
  static constexpr std::string_view kJoiners[] = {"und", "and", "et", "&"};
  size_t words = 0;  // in the current name of "A B und C D"
  size_t pos = 0;
  while (pos < name.size()) {
    size_t end = name.find(' ', pos);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view word = name.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    if (std::find(std::begin(kJoiners), std::end(kJoiners), word) != std::end(kJoiners)) {
      if (words < 2) return false;
      words = 0;
      continue;
    }
    ++words;
    if (std::find(std::begin(kParticles), std::end(kParticles), word) != std::end(kParticles)) {
      continue;
    }
    size_t i = 0;
    const char32_t first = NextCodePoint(word, i);
    const bool upper = (first >= 'A' && first <= 'Z') ||
                       (first >= 0xC0 && first <= 0xDE && first != 0xD7) ||
                       (first >= 0x100 && first <= 0x17F && first % 2 == 0);
    if (!upper) return false;
    for (char c : word) {
      if ((c >= '0' && c <= '9') || c == ':' || c == '@') return false;
    }
  }
  return words >= 2 && words <= 5;
}

// True for an author that names an organisation rather than a person or a user: several words
// that are no person's name ("Bund der Verbraucher e.V."), or an acronym ("L-MAG").
bool LooksLikeOrganisation(std::string_view name) {
  if (name.find(' ') != std::string_view::npos) return !LooksLikePersonName(name);
  bool lower = false;
  for (char c : name) lower = lower || (c >= 'a' && c <= 'z');
  return !lower;
}

// The name in an author box, an element named for the author that holds more than a byline (a
// picture, a bio, links): the first heading, link or bold text in it that is a person's name.
std::string NameInAuthorBox(const HtmlDom& dom, int box) {
  constexpr int kMaxNodes = 40;
  const int end = std::min(dom.node(box).subtree_end, box + kMaxNodes);
  for (int i = box + 1; i < end; ++i) {
    const DomNode& node = dom.node(i);
    if (!node.IsText() || node.parent < 0) continue;
    const myhtml_tag_id_t tag = dom.node(node.parent).tag;
    if (tag != MyHTML_TAG_H2 && tag != MyHTML_TAG_H3 && tag != MyHTML_TAG_H4 &&
        tag != MyHTML_TAG_H5 && tag != MyHTML_TAG_A && tag != MyHTML_TAG_STRONG &&
        tag != MyHTML_TAG_B) {
      continue;
    }
    // Links to a category or tag ("Top Solar News") name topics, not people.
    if (tag == MyHTML_TAG_A &&
        AsciiLower(dom.Attr(node.parent, "rel")).find("tag") != std::string::npos) {
      continue;
    }
    std::string name = CleanByline(node.text);
    if (LooksLikePersonName(name)) return name;
  }
  return "";
}

// True for a CMS account rather than a name as the byline shows it: one lowercase token joined
// by a hyphen, a dot or an underscore ("sarah-indra", "j.roe").
bool LooksLikeAccountName(std::string_view name) {
  if (name.empty() || name.find(' ') != std::string_view::npos) return false;
  bool joined = false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') return false;
    joined = joined || c == '-' || c == '.' || c == '_';
  }
  return joined;
}

// A byline written as text: a line that starts with a byline word and goes on with a person's
// name ("Text: Jane Roe", "von <em>Max Muster</em>"), outside `excluded` elements (comment
// sections, footers). A field after the name that is set apart with non-breaking spaces
// ("Text von Jane Roe&nbsp;&nbsp;Fotos von ...") ends it.
std::string BylineInText(const HtmlDom& dom, const std::vector<bool>& excluded) {
  constexpr size_t kMaxLine = 160;
  const int body = dom.body();
  if (body < 0) return "";
  auto readable = [&](const DomNode& node) {
    if (!node.IsText() || node.parent < 0 || excluded[static_cast<size_t>(node.parent)]) {
      return false;
    }
    const myhtml_tag_id_t parent = dom.node(node.parent).tag;
    return parent != MyHTML_TAG_SCRIPT && parent != MyHTML_TAG_STYLE &&
           parent != MyHTML_TAG_NOSCRIPT && parent != MyHTML_TAG_TEMPLATE &&
           parent != MyHTML_TAG_OPTION;
  };
  // The line that starts at text node `i`: its text and what follows it up to a line break or
  // the end of its block; `next` is where it stopped.
  auto read_line = [&](int i, int& next) {
    int block = dom.node(i).parent;
    while (block >= 0 && !IsBlockTag(dom.node(block).tag)) block = dom.node(block).parent;
    const int line_end = block >= 0 ? dom.node(block).subtree_end : dom.size();
    std::string line;
    next = i;
    for (; next < line_end && line.size() <= kMaxLine; ++next) {
      const DomNode& part = dom.node(next);
      if (part.IsText()) {
        if (readable(part)) line.append(part.text);
      } else if (part.tag == MyHTML_TAG_BR || IsBlockTag(part.tag)) {
        break;
      }
    }
    const size_t field_end = line.find("\u00a0\u00a0");
    if (field_end != std::string::npos) line.resize(field_end);
    return line;
  };
  for (int i = body; i < dom.node(body).subtree_end; ++i) {
    const DomNode& node = dom.node(i);
    if (!readable(node)) continue;
    // "---- by Jane Roe": dashes in front of the byline word.
    std::string_view start = TrimSpace(node.text);
    while (!start.empty() && IsBylinePunctuation(start.front())) start.remove_prefix(1);
    if (!StartsWithBylineWord(AsciiLower(start))) continue;
    int next = i;
    std::string line = read_line(i, next);
    // A label on a line of its own ("<h4>Autor</h4><p>Jane Roe</p>", "Von:<br><br>Jane Roe"):
    // the name is the next line.
    std::string label = AsciiLower(CollapseSpace(line));
    const bool colon = !label.empty() && label.back() == ':';
    if (colon) label.pop_back();
    const bool own_line =
        label.find(' ') == std::string::npos &&
        (colon ? StartsWithBylineWord(label)
               : (label == "autor" || label == "autorin" || label == "autoren" ||
                  label == "author" || label == "authors" || label == "von" || label == "by"));
    if (own_line) {
      const int limit = std::min(dom.size(), next + 8);
      while (next < limit &&
             !(readable(dom.node(next)) && !TrimSpace(dom.node(next).text).empty())) {
        ++next;
      }
      if (next >= limit) continue;
      int after = next;
      line.append(" ").append(read_line(next, after));
    }
    if (line.size() > kMaxLine) continue;  // a sentence of the text, not a byline
    std::string name = CleanByline(line);
    // "Jane Roe, correspondent in Tunis": the role after the name goes.
    const size_t comma = line.find(", ");
    if (!LooksLikePersonName(name) && comma != std::string::npos) {
      name = CleanByline(std::string_view(line).substr(0, comma));
    }
    if (LooksLikePersonName(name)) return name;
  }
  return "";
}

// `text` without soft hyphens ("Mes&shy;sen&shy;ger"): break hints, not part of the words.
std::string WithoutSoftHyphens(std::string_view text) {
  std::string out(text);
  for (size_t pos = out.find("\u00ad"); pos != std::string::npos; pos = out.find("\u00ad", pos)) {
    out.erase(pos, 2);
  }
  return out;
}

// The text of headline element `h`, without a kicker shown in it ("<span class=kicker>
// Corona</span> Headline") or text hidden for screen readers, and with its spans apart.
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

// True for a heading that is the site's logo: hidden for screen readers only, named "logo",
// or a link to the home page ("<h1><a href='/'>Site</a></h1>").
bool IsLogoHeading(const HtmlDom& dom, int h) {
  const DomNode& heading = dom.node(h);
  const ClassWords words(heading.class_attr, heading.id_attr);
  if (heading.hidden || words.Has("aural") || words.Has("sr") || words.Has("hidden") ||
      words.Has("logo")) {
    return true;
  }
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

// Of the headings `candidates` (element indexes), the text of the first one that `agrees` and
// is not a logo, preferring one the page's declared titles hold word for word; else empty.
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

// The first date in a short text ("Erstellt am: 01.11.2023 | 3 Kommentare"); a long text is a
// container of many things, not a date field.
std::string DateInShortText(std::string_view text, NumericDateOrder order) {
  if (text.empty() || text.size() > 200) return "";
  DateMatch match;
  return FindDate(text, match, 0, order) ? match.date : "";
}

std::string JoinDate(std::string_view year, std::string_view month, std::string_view day) {
  std::string date(year);
  date.push_back('-');
  date.append(month);
  date.push_back('-');
  date.append(day);
  return date;
}

// The lowercased words of `text`: runs of letters and digits (any script), so "L-Mag" is
// "l" and "mag" and "o" never matches inside "opinion".
std::vector<std::string> LowerWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (size_t pos = 0; pos < text.size();) {
    const size_t begin = pos;
    const char32_t cp = NextCodePoint(text, pos);
    if (IsWordChar(cp)) {
      word.append(AsciiLower(text.substr(begin, pos - begin)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// The share of the words of `text` that are words of `reference` too. One-letter words are not
// counted: an initial or a logo letter agrees with anything.
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

// True when `text` and `reference` share a word of four letters or more: they speak of the
// same thing ("Wie hoch sind die Zinsen?" and "Privatkredit-Zinsen: ...").
bool SharesAContentWord(std::string_view text, std::string_view reference) {
  const std::vector<std::string> reference_words = LowerWords(reference);
  for (const std::string& word : LowerWords(text)) {
    if (CodePointCount(word) >= 4 &&
        std::find(reference_words.begin(), reference_words.end(), word) != reference_words.end()) {
      return true;
    }
  }
  return false;
}

// Days since 1970-01-01 of a "YYYY-MM-DD" date (the civil-calendar count of H. Hinnant's
// date algorithms).
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

// The day after `date` for a UTC timestamp at a full evening hour ("2021-11-04T23:00Z",
// "...T22:00:00.000Z"): a CMS that stores a bare date keeps it as midnight in its own zone,
// and midnight east of UTC (Europe, up to UTC+4) is the evening before in UTC. Else `date`.
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

// Dates written in the visible text of the page (outside scripts and comment sections): the
// first one labelled as the publication date, even in a footer ("Erschienen am: 01.11.2023"),
// the first ones not labelled as something else outside footers and lists of other articles,
// anywhere and after the headline, and the first one labelled as an update.
struct TextDates {
  std::string labelled;
  std::string first_after_headline;
  std::string first;
  std::string updated;
};

TextDates FindTextDates(const HtmlDom& dom, NumericDateOrder order,
                        const std::vector<bool>& comments, const std::vector<bool>& outside_article,
                        int h1) {
  constexpr size_t kMaxText = 256 * 1024;
  constexpr size_t kMaxLabelIndent = 12;
  std::string text;
  // Where the text of footers and lists of other articles starts and ends in `text`.
  std::vector<std::pair<size_t, size_t>> outside_ranges;
  std::vector<size_t> node_starts;  // where the text of each text node starts in `text`
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
    if (found.first.empty()) found.first = match.date;
    if (found.first_after_headline.empty() && headline_end != std::string::npos &&
        match.begin >= headline_end) {
      found.first_after_headline = match.date;
    }
    if (!found.labelled.empty() && !found.first_after_headline.empty()) break;
  }
  return found;
}

// The first date in the text that follows the headline `h1` (a dateline or byline under it),
// unless labelled as another date ("Updated", "©").
std::string DateAfterHeadline(const HtmlDom& dom, NumericDateOrder order,
                              const std::vector<bool>& excluded, int h1) {
  std::string text;
  for (int i = dom.node(h1).subtree_end; i < dom.size() && text.size() < 300; ++i) {
    const DomNode& node = dom.node(i);
    if (!node.IsText() || node.parent < 0 || excluded[static_cast<size_t>(node.parent)]) continue;
    if (IsRawTextElement(dom.node(node.parent).tag)) continue;
    text.append(node.text);
    text.push_back(' ');
  }
  DateMatch match;
  size_t previous_end = 0;
  for (size_t from = 0; FindDate(text, match, from, order); from = match.end) {
    const DateLabel label = LabelOfDate(text, match, previous_end);
    previous_end = match.end;
    if (label == DateLabel::kNone || label == DateLabel::kPublished) return match.date;
  }
  return "";
}

// "23.01.2022 - Headline", "1. Februar 2022 Headline" -> the headline: a date in front of a
// headline is the listing's, not part of it.
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

// A domain name: "finanztreff.de", "www.example.com".
bool IsDomainName(std::string_view text) {
  const std::string lower = AsciiLower(TrimSpace(text));
  const size_t dot = lower.rfind('.');
  if (lower.find(' ') != std::string::npos || dot == std::string::npos || dot == 0 ||
      dot + 3 > lower.size()) {
    return false;
  }
  for (char c : lower.substr(dot + 1)) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

// "Rob Picheta, CNN" -> "Rob Picheta" when the site is CNN; "Jane Roe / example.de" ->
// "Jane Roe".
std::string WithoutSiteName(const std::string& name, std::string_view site_name) {
  for (std::string_view separator : {", ", " / ", " | "}) {
    const size_t pos = name.rfind(separator);
    if (pos != std::string::npos && pos > 0 &&
        IsDomainName(std::string_view(name).substr(pos + separator.size()))) {
      return name.substr(0, pos);
    }
  }
  if (site_name.empty()) return name;
  const std::string lower = AsciiLower(name);
  const std::string lower_site = AsciiLower(TrimSpace(site_name));
  for (std::string_view separator : {", ", " / ", " | "}) {
    const std::string suffix = std::string(separator) + lower_site;
    if (lower.size() > suffix.size() && lower.ends_with(suffix)) {
      return name.substr(0, name.size() - suffix.size());
    }
  }
  return name;
}

// The letters and digits of `text`, lowercased, without spaces and marks: "El Colombiano" and
// "elcolombiano" have the same key. Bytes outside ASCII are kept as they are.
std::string SiteKey(std::string_view text) {
  std::string key;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9')) {
      key.push_back(c);
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      key.push_back(static_cast<char>(c | 0x20));
    }
  }
  return key;
}

// The key of the name a host is registered under: "https://www.el-colombiano.com/x" ->
// "elcolombiano" (without "www." and the top-level domain).
std::string HostKey(std::string_view address) {
  const size_t scheme = address.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view host = address.substr(scheme + 3);
  host = host.substr(0, host.find_first_of("/?#:"));
  if (host.starts_with("www.")) host.remove_prefix(4);
  const size_t dot = host.rfind('.');
  if (dot == std::string_view::npos) return "";
  host = host.substr(0, dot);
  const size_t inner = host.rfind('.');  // "blog.example" -> "example"
  if (inner != std::string_view::npos) host = host.substr(inner + 1);
  return SiteKey(host);
}

// True for a byline that names the publication or its domain rather than a person: the site's
// name, its host's name written with spaces ("El Colombiano" on elcolombiano.com) or as the
// initials of its words ("Deutsche Welle" on dw.com).
bool IsPublicationName(std::string_view name, std::string_view site_name,
                       std::string_view host_key) {
  const std::string lower = AsciiLower(TrimSpace(name));
  if (lower.empty()) return true;
  const std::string lower_site = AsciiLower(TrimSpace(site_name));
  if (!lower_site.empty() && (lower == lower_site || lower_site.starts_with(lower + " "))) {
    return true;
  }
  const std::string key = SiteKey(name);
  if (!key.empty() && (key == SiteKey(site_name) || key == host_key)) return true;
  if (host_key.size() >= 2 && lower.find(' ') != std::string::npos) {
    std::string initials;
    for (const std::string& word : LowerWords(name)) initials += word.front();
    if (initials == host_key) return true;
  }
  return IsDomainName(lower);
}

// "Von FOCUS-Online-Experte Jane Roe" -> "Jane Roe": a byline word and a role in front of a
// person's name ("SPIEGEL-Korrespondent", "Gastautorin") are not part of it, nor is a role or
// a publication after it ("Jane Roe, AP Sports Writer", "Jane Roe For The Daily Example").
std::string WithoutRoles(const std::string& name) {
  static constexpr std::string_view kRoles[] = {
      "experte",  "expertin",   "korrespondent", "korrespondentin", "redakteur", "redakteurin",
      "reporter", "reporterin", "kolumnist",     "kolumnistin",     "autor",     "autorin",
      "volontär", "volontärin", "columnist",     "correspondent",   "editor",    "writer"};
  std::string_view rest = TrimSpace(name);
  for (std::string_view word :
       {"von ", "by ", "par ", "por ", "door ", "veröffentlicht von ", "published by ",
        "posted by ", "written by ", "created by ", "erstellt von ", "recipe by ",
        "propos recueillis par ", "recueilli par "}) {
    if (StartsWithIgnoringCase(rest, word)) {
      rest.remove_prefix(word.size());
      break;
    }
  }
  // Contact addresses after the name ("Jane Roe jane@example.org", "... www.example.de").
  for (size_t space = rest.rfind(' '); space != std::string_view::npos; space = rest.rfind(' ')) {
    const std::string_view last = rest.substr(space + 1);
    if (last.find('@') == std::string_view::npos && !last.starts_with("www.") &&
        !last.starts_with("http")) {
      break;
    }
    rest = TrimSpace(rest.substr(0, space));
  }
  // Roles stand in front of a name of two words or more.
  for (int round = 0; round < 2; ++round) {
    const size_t space = rest.find(' ');
    if (space == std::string_view::npos) break;
    const std::string first = AsciiLower(rest.substr(0, space));
    const bool role = std::any_of(std::begin(kRoles), std::end(kRoles),
                                  [&](std::string_view r) { return first.ends_with(r); });
    const std::string_view after = TrimSpace(rest.substr(space + 1));
    if (!role || !LooksLikePersonName(after)) break;
    rest = after;
  }
  const size_t comma = rest.rfind(", ");
  if (comma != std::string_view::npos) {
    const std::string tail = AsciiLower(rest.substr(comma + 2));
    const std::string_view last = std::string_view(tail).substr(tail.rfind(' ') + 1);
    const bool role = std::any_of(std::begin(kRoles), std::end(kRoles),
                                  [&](std::string_view r) { return last == r; });
    if (role && LooksLikePersonName(rest.substr(0, comma))) rest = rest.substr(0, comma);
  }
  for (std::string_view word : {" for ", " For "}) {
    const size_t pos = rest.find(word);
    if (pos != std::string_view::npos && LooksLikePersonName(rest.substr(0, pos))) {
      rest = rest.substr(0, pos);
      break;
    }
  }
  return std::string(rest);
}

// A byline that names nobody: a CMS account or a "no author" marker.
bool IsPlaceholderName(std::string_view name) {
  const std::string lower = AsciiLower(TrimSpace(name));
  for (std::string_view placeholder :
       {"admin", "administrator", "wordpressadmin", "no author", "unknown", "anonymous"}) {
    if (lower == placeholder) return true;
  }
  return false;
}

// True for a heading that shows the site rather than a headline: the site's name (or a
// longer form of it, "Site, the first daily of X"), or a domain name.
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

// The separators between a headline and the site's name in a document title.
constexpr std::string_view kTitleSeparators[] = {
    " | ", " - ", " – ", " — ", "｜", " :: ", " « ", " » ", " · ", " • ", " // "};

// The first or last part of a document title that names the site after its host
// ("EFC Musterstadt Fans - Headline" on musterstadt-fans.example): a short part between
// separators whose letters hold the host's name. Empty when there is none; a bare domain
// name is left to StripSiteSuffix().
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

}  // namespace

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
  std::string time_first;     // <time> anywhere before the end of the content
  std::string itemprop_date;  // [itemprop=datePublished] on an element other than <meta>
  std::string class_date;     // in a short element named "date", "published", ...
  std::string class_date_in_scope;
  int h1_count = 0;
  // The page's <h1> elements outside lists and comments, the first few: where a page has
  // several (a logo, "Navigation", the headline), the one that agrees with the title.
  constexpr size_t kMaxHeadlinesCompared = 8;
  std::vector<int> other_h1s;
  // The element marked itemprop=headline (schema.org microdata), when the page has one only.
  std::string marked_headline;
  int marked_headlines = 0;
  int h1_index = -1;
  std::vector<std::string> byline_authors;
  int byline_element = -1;
  std::vector<std::string> rel_authors;
  // The name heading of the first author box ("<div class=author-bio><h3>Jane Roe</h3>...").
  std::string boxed_author;
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
    if (node.itemprop == "headline" && !in_link_list) {
      if (++marked_headlines == 1) marked_headline = HeadlineText(dom, i);
    }
    if (node.itemprop == "datePublished" && itemprop_date.empty()) {
      for (std::string_view attr : {"content", "datetime", "title"}) {
        if (itemprop_date.empty()) itemprop_date = ParseDate(dom.Attr(i, attr));
      }
      if (itemprop_date.empty()) itemprop_date = ParseDate(ElementText(dom, i), date_order);
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
  const std::string document_title = StripSiteSuffix(title_without_site, page.site_name);
  // What the page declares as its title, without the site's name, to check a visible headline
  // against: an <h1> that shares none of its words is a section heading ("Navigation",
  // "Related") or the site's logo.
  const std::string reference =
      AsciiLower(WithoutSoftHyphens(declared_title + " " + document_title + " " + ld.headline));
  auto agrees = [&](const std::string& headline) {
    if (headline.empty() || IsSiteLabel(headline, page.site_name)) return false;
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
  // Last, the name heading of an author box.
  if (page.authors.empty()) add_author(std::move(boxed_author));
  if (page.authors.empty()) page.authors = std::move(publication_authors);

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
  // Then what the page shows, nearest to the article first.
  for (const std::string* date :
       {&itemprop_date, &ld.other_date_published, &time_in_content, &generic_meta_date,
        &class_date_in_scope, &time_first, &other_meta_date, &class_date}) {
    if (page.published_date.empty()) page.published_date = *date;
  }
  if (page.published_date.empty() && h1_index >= 0) {
    page.published_date = DateAfterHeadline(dom, date_order, outside_article, h1_index);
  }
  if (page.published_date.empty()) {
    // Last, dates written in the text: one labelled as the publication date, else the first
    // after the headline, else the first of the page, else the one labelled as an update.
    const TextDates text_dates =
        FindTextDates(dom, date_order, in_comments, outside_article, h1_index);
    // The date of the last update, as a last resort: the page was published by then.
    for (const std::string* date : {&text_dates.labelled, &text_dates.first_after_headline,
                                    &text_dates.first, &text_dates.updated}) {
      if (page.published_date.empty()) page.published_date = *date;
    }
  }
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
