#pragma once

#include <string_view>

#include <absl/status/statusor.h>

#include "newsflow/extract/extracted_page.h"

namespace newsflow::extract {

struct HtmlExtractOptions {
  /// Pages with more elements than this are rejected rather than parsed (bounded memory).
  size_t max_nodes = 2'000'000;
  /// Nesting deeper than this is flattened: text below it still counts, structure does not.
  size_t max_depth = 512;
  /// The page's URL when known (empty otherwise): a date in its path ("/2019/11/19/") is taken
  /// as the publication date when the page declares none in its metadata.
  std::string_view url;
  /// "YYYY-MM-DD" of the latest plausible publication (the crawl day plus a day of time-zone
  /// slack), or empty: a page is not published after it was fetched, so a later published or
  /// modified date is a misreading (an event date, an expiry) and is dropped. ExtractPage()
  /// applies it to HTML and text alike.
  std::string_view latest_date;
  /// A page with no main text is returned with its metadata and an empty text instead of
  /// INVALID_ARGUMENT: what offline metadata extraction wants (a home page still has a title and
  /// a date), never ingest, whose records must carry text.
  bool keep_pages_without_text = false;
};

/// Parses UTF-8 HTML with an HTML5 parser (myhtml) and extracts the main content and metadata.
/// Returns INVALID_ARGUMENT (field "body") when the page has too many nodes or no text at all
/// (unless options.keep_pages_without_text).
/// Thread-safe (each call has its own parser state).
absl::StatusOr<ExtractedPage> ExtractFromHtml(std::string_view utf8_html,
                                              const HtmlExtractOptions& options = {});

}  // namespace newsflow::extract
