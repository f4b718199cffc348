#pragma once

#include <string_view>

#include "newsflow/extract/extracted_page.h"

#include "html_dom.h"

namespace newsflow::extract::internal {

/// Fills the metadata fields of `page` (title, authors, dates, site name, language,
/// description, canonical href) from <meta>, <link>, <title>, <h1>, <time>, bylines and
/// JSON-LD (including @graph). `content_root` is the element the main text came from (or -1);
/// headlines and <time> inside it are preferred. `url` (may be empty) is the page's address,
/// whose path may hold the publication date. Leaves `page.text` alone. Thread-safe.
void ExtractHtmlMetadata(const HtmlDom& dom, int content_root, std::string_view url,
                         ExtractedPage& page);

}  // namespace newsflow::extract::internal
