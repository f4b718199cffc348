#include "record_filter.h"

#include <absl/strings/match.h>

#include "newsflow/v1/enriched.pb.h"

namespace newsflow::cli {
namespace {

bool Same(const std::string& a, const std::string& b) { return absl::EqualsIgnoreCase(a, b); }

bool SourceMatches(const v1::NormalizedArticle& article, const std::string& wanted) {
  return Same(article.registrable_domain(), wanted) || Same(article.host(), wanted);
}

bool SourceMatches(const v1::EnrichedArticle& enriched, const std::string& wanted) {
  if (SourceMatches(enriched.article(), wanted)) return true;
  const v1::Source& source = enriched.source();
  if (Same(source.domain(), wanted) || Same(source.publisher(), wanted)) return true;
  for (const std::string& agency : source.wire_agencies()) {
    if (Same(agency, wanted)) return true;
  }
  return false;
}

bool EntityMatches(const v1::EnrichedArticle& enriched, const std::string& wanted) {
  for (const v1::Entity& entity : enriched.entities()) {
    if (Same(entity.canonical_name(), wanted) || entity.entity_id() == wanted) return true;
  }
  for (const v1::EntityMention& mention : enriched.mentions()) {
    if (Same(mention.surface(), wanted)) return true;
  }
  return false;
}

bool IsA(const kafka::ConsumedRecord& record, std::string_view proto, std::string_view topic) {
  const std::string content_type = kafka::HeaderValue(record.headers, "content-type");
  return content_type.find(proto) != std::string::npos ||
         (content_type.empty() && record.topic.find(topic) != std::string::npos);
}

}  // namespace

bool MatchesFilter(const kafka::ConsumedRecord& record, const RecordFilter& filter) {
  if (filter.empty()) return true;
  if (IsA(record, "newsflow.v1.EnrichedArticle", ".enriched.")) {
    v1::EnrichedArticle enriched;
    if (!enriched.ParseFromString(record.value)) return false;
    return (filter.language.empty() || Same(enriched.language().code(), filter.language)) &&
           (filter.entity.empty() || EntityMatches(enriched, filter.entity)) &&
           (filter.source.empty() || SourceMatches(enriched, filter.source));
  }
  if (IsA(record, "newsflow.v1.NormalizedArticle", ".normalized.")) {
    v1::NormalizedArticle article;
    if (!article.ParseFromString(record.value)) return false;
    return filter.language.empty() && filter.entity.empty() &&
           SourceMatches(article, filter.source);
  }
  return false;
}

}  // namespace newsflow::cli
