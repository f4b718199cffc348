#pragma once

#include <string>
#include <vector>

#include "html_dom.h"

namespace newsflow::extract::internal {

/// The main content of a page as chosen by the scorer.
struct MainContent {
  /// One paragraph, heading or list item per line, joined by "\n".
  std::string text;
  /// The element the content was taken from (its scope for metadata such as <time>), or -1.
  int root = -1;
};

/// Picks the main content of `dom` in the spirit of readability: page furniture is removed by
/// tag, role and class/id words; paragraphs score their ancestors by length, punctuation (also
/// Japanese 、。) and link density; the best candidate is taken with its qualifying siblings,
/// within <article> / [itemprop=articleBody] (all parts) / <main> when the page has one. An
/// element named like furniture is kept when it holds most of the page's text, and when the
/// result is still short, extraction is retried trusting only tags, roles and hidden flags.
/// Falls back to all paragraphs of the body when the best candidate holds too little of the
/// text. Labels left at the edges of the content are trimmed (TrimEdgeFurniture). Thread-safe.
MainContent ExtractMainContent(const HtmlDom& dom);

/// The text of element `i` (all descendants), whitespace collapsed, on one line.
std::string ElementText(const HtmlDom& dom, int i);

}  // namespace newsflow::extract::internal
