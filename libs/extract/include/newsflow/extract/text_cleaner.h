#pragma once

#include <string_view>

#include "newsflow/extract/extracted_page.h"

namespace newsflow::extract {

/// Removes boilerplate from already-extracted text (menus, repeated lists, promos, shortcodes,
/// link-only lines, bylines and bios, comment-section remains) with a line classifier over
/// general features (length, punctuation, repetition within the document, link-like patterns,
/// position), keeping every sentence of the article. Also fills title (a leading headline),
/// dateline, credits and dates found in the text. Thread-safe.
ExtractedPage CleanText(std::string_view utf8_text);

}  // namespace newsflow::extract
