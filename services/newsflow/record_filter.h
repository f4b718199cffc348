#pragma once

#include <string>

#include "newsflow/kafka/record.h"

namespace newsflow::cli {

/// What `newsflow tail --lang/--entity/--source` keeps. Empty fields match everything.
struct RecordFilter {
  /// ISO 639-1 code of the article's main language ("ja").
  std::string language;
  /// Canonical name, entity id or surface form of an entity the article mentions (exact,
  /// case-insensitive for ASCII).
  std::string entity;
  /// Registrable domain, host or publisher name of the source, or a wire agency credited.
  std::string source;

  bool empty() const { return language.empty() && entity.empty() && source.empty(); }
};

/// True when `record` passes `filter`. Records other than EnrichedArticle carry no language,
/// entities or publisher, so they pass only an empty filter (NormalizedArticle records also
/// match `source` by domain or host).
bool MatchesFilter(const kafka::ConsumedRecord& record, const RecordFilter& filter);

}  // namespace newsflow::cli
