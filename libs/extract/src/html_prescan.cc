#include "html_prescan.h"

#include <array>
#include <cstdint>
#include <vector>

#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsTagNameChar(char c) {
  return IsAsciiAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '_';
}

// A tag name packed into an integer: names of up to 8 characters exactly (lowercased), longer
// ones by a hash with the top bit set. Comparing and keeping names then costs no allocation;
// a hash collision between two long custom names only blurs the depth count.
using TagName = uint64_t;

constexpr TagName Pack(std::string_view name) {
  TagName packed = 0;
  if (name.size() <= 8) {
    for (char c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      packed = (packed << 8) | static_cast<unsigned char>(c);
    }
    return packed;
  }
  packed = 1469598103934665603ULL;  // FNV-1a
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    packed = (packed ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return packed | (TagName{1} << 63);
}

template <size_t N>
constexpr std::array<TagName, N> PackAll(const std::array<std::string_view, N>& names) {
  std::array<TagName, N> packed{};
  for (size_t i = 0; i < N; ++i) packed[i] = Pack(names[i]);
  return packed;
}

template <size_t N>
bool OneOf(TagName name, const std::array<TagName, N>& names) {
  for (TagName n : names) {
    if (name == n) return true;
  }
  return false;
}

// Void elements and elements whose end tag may be omitted: they are closed by the parser
// without an end tag, so counting them would make ordinary pages look deep.
bool IsSelfClosingForDepth(TagName name) {
  static constexpr auto kNames = PackAll(std::to_array<std::string_view>(
      {"area",     "base",   "br",    "col", "embed",  "hr",       "img",   "input", "link",
       "meta",     "source", "track", "wbr", "param",  "keygen",   "p",     "li",    "dt",
       "dd",       "tr",     "td",    "th",  "option", "optgroup", "thead", "tbody", "tfoot",
       "colgroup", "rb",     "rt",    "rp",  "rtc",    "html",     "head",  "body"}));
  return OneOf(name, kNames);
}

bool IsRawText(TagName name) {
  static constexpr auto kNames =
      PackAll(std::to_array<std::string_view>({"script", "style", "textarea", "title", "xmp",
                                               "iframe", "noembed", "noframes", "plaintext"}));
  return OneOf(name, kNames);
}

// Finds the end of the tag that starts at `lt` ('<'), honouring quoted attribute values.
size_t FindTagEnd(std::string_view html, size_t pos) {
  for (; pos < html.size(); ++pos) {
    const char c = html[pos];
    if (c == '"' || c == '\'') {
      // A quoted value (URLs, class lists: most of a tag's bytes) ends at the same quote only,
      // which memchr finds faster than a byte loop.
      pos = html.find(c, pos + 1);
      if (pos == std::string_view::npos) return html.size();
    } else if (c == '>') {
      return pos + 1;
    }
  }
  return html.size();
}

}  // namespace

PrescanResult PrescanHtml(std::string_view html, size_t max_depth, size_t max_tags,
                          std::string* flattened) {
  PrescanResult result;
  std::vector<TagName> open;     // names of kept open elements (at most max_depth)
  std::vector<TagName> dropped;  // names of dropped start tags still open
  size_t copied_until = 0;       // html[0, copied_until) is already in *flattened
  auto drop_range = [&](size_t begin, size_t end) {
    if (!result.flattened) {
      result.flattened = true;
      flattened->clear();
      flattened->reserve(html.size());
    }
    flattened->append(html.substr(copied_until, begin - copied_until));
    copied_until = end;
  };

  size_t pos = 0;
  while (pos < html.size()) {
    const size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
    pos = lt + 1;
    if (html.compare(lt, 4, "<!--") == 0) {
      const size_t end = html.find("-->", lt + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const bool is_end = html[pos] == '/';
    size_t name_begin = pos + (is_end ? 1 : 0);
    if (name_begin >= html.size() || !IsAsciiAlpha(html[name_begin])) {
      if (html[pos] == '!' || html[pos] == '?') pos = FindTagEnd(html, pos);
      continue;
    }
    size_t name_end = name_begin;
    while (name_end < html.size() && IsTagNameChar(html[name_end])) ++name_end;
    const std::string_view raw_name = html.substr(name_begin, name_end - name_begin);
    const TagName name = Pack(raw_name);
    const size_t tag_end = FindTagEnd(html, name_end);
    pos = tag_end;

    if (is_end) {
      if (!dropped.empty() && dropped.back() == name) {
        dropped.pop_back();
        drop_range(lt, tag_end);
        continue;
      }
      for (size_t i = open.size(); i > 0; --i) {
        if (open[i - 1] == name) {
          open.resize(i - 1);
          break;
        }
      }
      continue;
    }

    if (++result.start_tags > max_tags) return result;
    if (IsRawText(name)) {
      // Skip the element's content: "<" inside a script is not markup.
      const std::string close = "</" + AsciiLower(raw_name);
      size_t p = tag_end;
      while (true) {
        p = html.find("</", p);
        if (p == std::string_view::npos) {
          pos = html.size();
          break;
        }
        if (AsciiLower(html.substr(p, close.size())) == close) {
          pos = p;
          break;
        }
        p += 2;
      }
      continue;
    }
    // "<div/>" still opens a div in HTML5, so a trailing slash does not close anything.
    if (IsSelfClosingForDepth(name)) continue;
    if (open.size() >= max_depth) {
      dropped.push_back(name);
      drop_range(lt, tag_end);
      continue;
    }
    open.push_back(name);
  }
  if (result.flattened) flattened->append(html.substr(copied_until));
  return result;
}

}  // namespace newsflow::extract::internal
