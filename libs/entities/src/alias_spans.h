#pragma once

#include <vector>

#include "alias_matcher.h"
#include "tagger.h"

namespace newsflow::entities::internal {

/// Alias-table matches of `in` accepted by the script's boundary and case rules (for Japanese,
/// `in.tokens` must be set: ends on MeCab token or script boundaries, one-kanji country
/// abbreviations only in headline patterns), without overlaps, sorted by begin. Thread-safe.
std::vector<Candidate> FindAliasSpans(const AliasMatcher& matcher, const AnalyzedText& in,
                                      bool japanese);

/// Keeps a non-overlapping subset: alias matches first, then model, then rules; within a source
/// longer spans first, then the more confident, then the earlier. Sorted by begin.
std::vector<Candidate> ResolveOverlaps(std::vector<Candidate> candidates, size_t text_length);

}  // namespace newsflow::entities::internal
