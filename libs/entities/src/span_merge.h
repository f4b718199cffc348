#pragma once

#include <vector>

#include "tagger.h"
#include "text_util.h"

namespace newsflow::entities::internal {

/// Does chars[begin, end) contain a line break (LF, CR, VT, FF, NEL, U+2028, U+2029)? A name
/// never runs across lines: a span that does joins a headline or list item to the next line.
bool SpansLineBreak(const CodePoints& cps, uint32_t begin, uint32_t end);

/// Combines a trained model's spans with the accepted alias matches (`aliases`, sorted and
/// without overlaps). The model decides where mentions are, with these corrections:
///  - a model span with exactly an alias match's extent takes the alias's canonical entity;
///  - a model span that crosses an alias match's boundary, lies strictly inside one, or runs
///    across a line break is a broken cut (金正|恩朝鮮労働党, 北朝|鮮): it is replaced by the
///    alias matches it overlaps, or dropped when it overlaps none;
///  - an organization or place span that ends in a known person (ロシア大統領プーチン: a title
///    run into the name) is replaced by its alias matches too;
///  - a model span strictly containing alias matches (東京大学 around 東京, 安倍内閣 around
///    安倍) stays as it is.
/// Alias matches no model span touches stay out (they lower precision; see MODELS.md).
std::vector<Candidate> MergeModelSpans(const CodePoints& cps, const std::vector<Candidate>& aliases,
                                       std::vector<Candidate> model);

/// Cuts a Japanese honorific (氏, さん, 様, 君, ちゃん) off the end of person spans that hold
/// more than it ("金正恩氏" -> "金正恩"): the name is the mention, and only the bare name is
/// found in the alias table or links as a short form ("金氏" -> "金").
void TrimHonorifics(const CodePoints& cps, std::vector<Candidate>& candidates);

/// Removes the spans that run across a line break (SpansLineBreak).
void DropSpansAcrossLines(const CodePoints& cps, std::vector<Candidate>& candidates);

}  // namespace newsflow::entities::internal
