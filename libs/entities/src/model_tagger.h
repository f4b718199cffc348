#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>

#include "ner_features.h"
#include "sequence_model.h"
#include "tagger.h"

namespace newsflow::entities::internal {

/// A span the model found, with its tag type as stored in the model ("PER", "FAC", ...).
struct TypedSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string_view type;  ///< points into the model
};

/// The trained sequence tagger of one language ("ja": per character, "en": per word).
/// Immutable; thread-safe.
class ModelTagger final : public Tagger {
 public:
  /// INVALID_ARGUMENT naming `name` when the bytes are not a valid model of a known language.
  static absl::StatusOr<std::unique_ptr<ModelTagger>> FromBytes(std::string_view bytes,
                                                                std::string_view name);
  /// NOT_FOUND when `path` cannot be read; INVALID_ARGUMENT naming it when it is not a model.
  static absl::StatusOr<std::unique_ptr<ModelTagger>> Load(const std::string& path);

  /// Whether a model for `language` can be built (its feature extractor exists).
  static bool Supports(std::string_view language);
  /// The units and features of `in` for `language` (Supports() must hold).
  static void Extract(std::string_view language, const AnalyzedText& in,
                      std::vector<TagUnit>& units, FeatureSequence& features);

  const std::string& language() const { return language_; }

  /// Every span the model finds, of every type it was trained on.
  std::vector<TypedSpan> Spans(const AnalyzedText& in) const;

  /// PER, ORG and LOC spans as candidates; other trained types are dropped.
  std::vector<Candidate> Tag(const AnalyzedText& in) const override;

 private:
  ModelTagger(std::string language, SequenceModel model);

  std::string language_;
  SequenceModel model_;
  std::vector<std::string_view> tag_types_;  ///< per tag: the type after "B-" etc.; "" for O
  std::vector<bool> tag_begins_;             ///< per tag: "B-" or "S-" (a span starts)
};

}  // namespace newsflow::entities::internal
