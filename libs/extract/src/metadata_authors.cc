#include "metadata_authors.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>
#include <vector>

#include "html_signals.h"
#include "metadata_site_names.h"
#include "metadata_words.h"
#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

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

}  // namespace

bool IsBylinePunctuation(char c) {
  return c == '|' || c == ':' || c == '-' || c == ',' || c == ';' || c == '/' || c == '@' ||
         c == '>' || c == '(' || c == ')' || c == '.' || c == ' ';
}

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

bool IsBylineClass(const ClassWords& lower_class) {
  for (std::string_view word :
       {"byline", "author", "auteur", "auteurs", "autor", "autoren", "verfasser", "writer"}) {
    if (lower_class.Has(word)) return true;
  }
  return false;
}

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

std::string NameBesideDate(std::string_view line) {
  static constexpr std::string_view kFieldSeparators[] = {"|", " - ", " – ", " · "};
  std::string_view name;
  bool digits = false;
  while (!line.empty()) {
    size_t end = line.size();
    size_t separator_size = 0;
    for (std::string_view separator : kFieldSeparators) {
      const size_t pos = line.find(separator);
      if (pos < end) {
        end = pos;
        separator_size = separator.size();
      }
    }
    const std::string_view field = TrimSpace(line.substr(0, end));
    line.remove_prefix(std::min(line.size(), end + separator_size));
    if (field.empty()) continue;
    if (std::any_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      digits = true;
    } else if (name.empty()) {
      name = field;
    } else {
      return "";  // two fields of words: a place, a section, a title
    }
  }
  // A comma lists topics or places ("Naturschutz, BUND"); capitals alone are a label ("PAID
  // CONTENT"). A name beside a date is written as names are.
  const bool lowercase = std::any_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
  });
  if (!digits || !lowercase || name.find(',') != std::string_view::npos ||
      !LooksLikePersonName(name)) {
    return "";
  }
  return std::string(name);
}

bool LooksLikeOrganisation(std::string_view name) {
  if (name.find(' ') != std::string_view::npos) return !LooksLikePersonName(name);
  bool lower = false;
  for (char c : name) lower = lower || (c >= 'a' && c <= 'z');
  return !lower;
}

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

bool LooksLikeAccountName(std::string_view name) {
  if (name.empty() || name.find(' ') != std::string_view::npos) return false;
  bool joined = false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') return false;
    joined = joined || c == '-' || c == '.' || c == '_';
  }
  return joined;
}

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

bool IsPlaceholderName(std::string_view name) {
  const std::string lower = AsciiLower(TrimSpace(name));
  for (std::string_view placeholder :
       {"admin", "administrator", "wordpressadmin", "no author", "unknown", "anonymous"}) {
    if (lower == placeholder) return true;
  }
  return false;
}

}  // namespace newsflow::extract::internal
