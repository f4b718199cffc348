#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/status.h>

#include "newsflow/v1/ingest.pb.h"

namespace newsflow::ingest {

/// One article of an IngestStreamRequest: the request's own or one entry of its `more`.
struct StreamArticle {
  uint64_t sequence = 0;
  v1::RawArticle article;
  /// Where the article sits in its request, prefixed to the fields its errors name: "" for the
  /// request's own article, "more[3]." for the fourth entry of `more`.
  std::string field_prefix;
  /// Not OK when the entry itself is malformed (INVALID_ARGUMENT naming the field): the article
  /// is answered with it and not ingested.
  absl::Status malformed;
};

/// Moves the articles out of `request`: its own first, then the entries of `more` in order,
/// so that each is admitted and answered on its own. An entry with a `more` of its own is
/// marked malformed ("more[i].more"); `batch_responses` of an entry is ignored. Pure.
std::vector<StreamArticle> TakeStreamArticles(v1::IngestStreamRequest& request);

/// `status` (an outcome of the article at `field_prefix`, see StreamArticle) with its field
/// violations named from the request ("article.url" -> "more[3].article.url"); statuses
/// without field violations unchanged. Pure.
absl::Status NamedFromRequest(std::string_view field_prefix, const absl::Status& status);

}  // namespace newsflow::ingest
