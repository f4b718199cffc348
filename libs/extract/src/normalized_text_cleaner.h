#pragma once

#include <string_view>

#include "newsflow/extract/extracted_page.h"

namespace newsflow::extract::internal {

/// CleanText with text::NormalizeText(CleanText(utf8_text).text) as its text, the text
/// ExtractPage publishes, without a pass over the whole text: the lines the cleaner's scan
/// found normalized are copied as they are and only the others are normalized.
ExtractedPage CleanTextNormalized(std::string_view utf8_text);

}  // namespace newsflow::extract::internal
