// Hand-made features for the sequence-model tests: sentences where a name follows a title.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sequence_model.h"

namespace newsflow::entities::internal {

// One feature per word and one for "the previous word is a title".
inline uint64_t WordFeature(const std::string& word) {
  return std::hash<std::string>{}(word)*2 + 1;
}
inline constexpr uint64_t kAfterTitle = 12345678;

inline FeatureSequence TitleFeatures(const std::vector<std::string>& words) {
  FeatureSequence seq;
  for (size_t i = 0; i < words.size(); ++i) {
    seq.Add(WordFeature(words[i]));
    if (i > 0 && (words[i - 1] == "mr" || words[i - 1] == "dr")) seq.Add(kAfterTitle);
    seq.EndPosition();
  }
  return seq;
}

inline const std::vector<std::string> kTitleTags = {"O", "B-PER", "I-PER"};

}  // namespace newsflow::entities::internal
