#pragma once

#include <cstddef>

#include <absl/status/statusor.h>
#include <absl/time/time.h>

#include "newsflow/v1/article.pb.h"

namespace newsflow::ingest {

/// Limits on one article; documented in docs/schema.md and configurable per service.
struct NormalizeLimits {
  size_t max_body_bytes = 16 << 20;
  size_t max_url_bytes = 4096;
  size_t max_hint_bytes = 1024;
};

/// Validates a crawler's article and turns it into the record published to Kafka: decodes the
/// charset, extracts the main text (HTML) or removes boilerplate (text), normalizes Unicode,
/// canonicalizes the URL and derives article_id, content hash and SimHash. Pure: no I/O.
/// INVALID_ARGUMENT carries the offending field ("article.url", "article.body", ...) as a
/// common::FieldViolation. near_duplicate_of is left empty (the caller's index fills it).
/// Thread-safe.
absl::StatusOr<v1::NormalizedArticle> NormalizeArticle(const v1::RawArticle& raw,
                                                       const NormalizeLimits& limits,
                                                       absl::Time now);

}  // namespace newsflow::ingest
