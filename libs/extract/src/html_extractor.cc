#include "newsflow/extract/html_extractor.h"

#include <memory>
#include <string>
#include <string_view>

#include "newsflow/common/field_error.h"

#include "content_scorer.h"
#include "html_dom.h"
#include "html_metadata.h"
#include "html_prescan.h"
#include "utf8_util.h"

namespace newsflow::extract {

absl::StatusOr<ExtractedPage> ExtractFromHtml(std::string_view utf8_html,
                                              const HtmlExtractOptions& options) {
  // Reject oversized pages before building a tree, and flatten pathological nesting so the
  // parser's work stays linear in the input.
  std::string flattened;
  const internal::PrescanResult scan =
      internal::PrescanHtml(utf8_html, options.max_depth, options.max_nodes, &flattened);
  if (scan.start_tags > options.max_nodes) {
    return common::InvalidField(
        "body", "the page has more than " + std::to_string(options.max_nodes) + " elements");
  }
  std::string_view html = scan.flattened ? std::string_view(flattened) : utf8_html;
  // myhtml rewrites the bytes around NUL characters in text ("Ж\0\0N" came out as "ЖD\xd0N",
  // invalid UTF-8; found by tests/fuzz/extract_html_fuzz). HTML5 ignores NUL in body text, so
  // they are removed before parsing.
  std::string without_nul;
  if (html.find('\0') != std::string_view::npos) {
    without_nul.reserve(html.size());
    for (char c : html) {
      if (c != '\0') without_nul.push_back(c);
    }
    html = without_nul;
  }

  absl::StatusOr<std::unique_ptr<internal::HtmlDom>> dom =
      internal::HtmlDom::Parse(html, {.max_nodes = options.max_nodes,
                                      .max_depth = options.max_depth,
                                      .expected_elements = scan.start_tags});
  if (!dom.ok()) return dom.status();

  ExtractedPage page;
  const internal::MainContent content = internal::ExtractMainContent(**dom);
  internal::ExtractHtmlMetadata(**dom, content.root, options.url, page);
  page.text = content.text;
  // The headline is metadata; when the content starts with it (or with it behind a kicker,
  // "Winter: Headline"), it is not repeated as text.
  if (!page.title.empty()) {
    const size_t newline = page.text.find('\n');
    const std::string_view first =
        internal::TrimSpace(std::string_view(page.text).substr(0, newline));
    constexpr size_t kMaxKickerBytes = 80;
    const bool behind_kicker = newline != std::string::npos && first.ends_with(" " + page.title) &&
                               first.size() <= page.title.size() + kMaxKickerBytes;
    if (first == page.title || behind_kicker) {
      page.text.erase(0, newline == std::string::npos ? page.text.size() : newline + 1);
    }
  }
  if (internal::TrimSpace(page.text).empty() && !options.keep_pages_without_text) {
    return common::InvalidField("body", "the page has no text");
  }
  return page;
}

}  // namespace newsflow::extract
