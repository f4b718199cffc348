#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "newsflow/entities/alias_table.h"
#include "newsflow/entities/entity.h"

#include "text_util.h"
#include "tokenizer.h"

namespace newsflow::entities::internal {

class WordClusters;

/// Where a candidate mention comes from; decides precedence when candidates overlap.
enum class CandidateSource { kAlias, kModel, kRule };

/// A proposed mention before overlap resolution and canonicalization.
struct Candidate {
  uint32_t begin = 0;
  uint32_t end = 0;
  EntityType type = EntityType::kPerson;
  float confidence = 0.0f;
  CandidateSource source = CandidateSource::kRule;
  std::optional<CanonicalEntity> canonical;  ///< set for alias-table matches
};

/// Everything known about one text when the tagger runs.
struct AnalyzedText {
  std::string_view text;
  std::string_view language;
  CodePoints cps;
  std::vector<Token> tokens;           ///< MeCab tokens (Japanese only)
  std::vector<Candidate> alias_spans;  ///< accepted alias-table matches, sorted by begin
  /// English word clusters (word_clusters.h) when loaded; their features are absent otherwise.
  const WordClusters* word_clusters = nullptr;
};

/// Proposes mentions for one language: the rule-based taggers, or a trained sequence model
/// (ModelTagger, model_tagger.h) over the same tokens and alias spans. Implementations are
/// immutable and thread-safe.
class Tagger {
 public:
  virtual ~Tagger() = default;
  virtual std::vector<Candidate> Tag(const AnalyzedText& text) const = 0;
};

/// IPADIC proper-noun tags, person titles and name suffixes over MeCab tokens.
std::unique_ptr<Tagger> MakeJapaneseRuleTagger();

/// Capitalized word sequences typed by titles, suffixes and prepositions.
std::unique_ptr<Tagger> MakeEnglishRuleTagger();

}  // namespace newsflow::entities::internal
