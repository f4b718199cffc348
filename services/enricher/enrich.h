#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>
#include <absl/time/time.h>

#include "newsflow/entities/recognizer.h"
#include "newsflow/source/source_registry.h"
#include "newsflow/v1/enriched.pb.h"

namespace newsflow::enricher {

/// Read-only models and tables Enrich() uses; loaded once, shared by all worker threads.
struct EnrichResources {
  std::unique_ptr<entities::Recognizer> recognizer;
  std::shared_ptr<const source::SourceRegistry> registry;
  /// Written to EnrichedArticle.enricher_version.
  std::string version;
};

struct ResourceOptions {
  /// Folder holding entities/ (models, aliases) and sources/ (registry).
  std::string data_dir;
  std::string mecab_dicdir;
};

/// Wall time of each stage of one enrichment (exported as a latency histogram per stage).
struct StageTimings {
  absl::Duration parse;  ///< decoding and validating the record (Enrich() only)
  absl::Duration language;
  absl::Duration entities;
  absl::Duration source;
};

/// Loads the models and tables. NOT_FOUND / INVALID_ARGUMENT name the file that failed.
absl::StatusOr<EnrichResources> LoadResources(const ResourceOptions& options);

/// Adds language, entities and source metadata to a normalized article. Pure and thread-safe.
/// `timings`, when given, receives the time each stage took.
v1::EnrichedArticle EnrichArticle(v1::NormalizedArticle article, const EnrichResources& resources,
                                  absl::Time now, StageTimings* timings = nullptr);

/// The JSON view of an enriched article (proto field names, as `newsflow tail --json` prints).
std::string EnrichedArticleJson(const v1::EnrichedArticle& enriched);

/// Parses a `newsflow.articles.normalized.v1` record value and enriches it. INVALID_ARGUMENT when
/// the bytes are not a NormalizedArticle or lack article_id (such records go to the DLQ).
absl::StatusOr<v1::EnrichedArticle> Enrich(std::string_view record_value,
                                           const EnrichResources& resources, absl::Time now,
                                           StageTimings* timings = nullptr);

}  // namespace newsflow::enricher
