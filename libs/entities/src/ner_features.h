#pragma once

#include <cstdint>
#include <vector>

#include "sequence_model.h"
#include "tagger.h"
#include "text_util.h"

namespace newsflow::entities::internal {

/// One position the sequence model tags: code points [begin, end) of the text.
struct TagUnit {
  uint32_t begin = 0;
  uint32_t end = 0;
};

/// Japanese is tagged per code point (white space skipped), so entity boundaries inside a MeCab
/// token stay reachable; the features describe the character, its neighbours, the MeCab token
/// around it (position in the token, surface, POS, neighbouring tokens) and alias-table spans.
/// `in.tokens` and `in.alias_spans` must be set.
void JapaneseUnits(const AnalyzedText& in, std::vector<TagUnit>& units);
void JapaneseFeatures(const AnalyzedText& in, const std::vector<TagUnit>& units,
                      FeatureSequence& out);

/// English is tagged per word: white space separates words, and leading or trailing
/// punctuation, possessive 's and n't are split off (abbreviations such as "U.S." and "Mr."
/// keep their period).
void EnglishUnits(const AnalyzedText& in, std::vector<TagUnit>& units);
/// Word, shape, affix, capitalization, neighbour and alias-table features, and word-cluster
/// features when `in.word_clusters` is set. `in.alias_spans` must be set.
void EnglishFeatures(const AnalyzedText& in, const std::vector<TagUnit>& units,
                     FeatureSequence& out);

}  // namespace newsflow::entities::internal
