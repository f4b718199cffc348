#include "enrich.h"

#include <algorithm>

#include <fmt/format.h>
#include <google/protobuf/util/json_util.h>

#include "newsflow/langid/language_detector.h"
#include "newsflow/text/normalize.h"

namespace newsflow::enricher {
namespace {

v1::EntityType ToProto(entities::EntityType type) {
  switch (type) {
    case entities::EntityType::kPerson:
      return v1::ENTITY_TYPE_PERSON;
    case entities::EntityType::kOrganization:
      return v1::ENTITY_TYPE_ORGANIZATION;
    case entities::EntityType::kLocation:
      return v1::ENTITY_TYPE_LOCATION;
  }
  return v1::ENTITY_TYPE_UNSPECIFIED;
}

v1::SourceKind ToProto(source::SourceKind kind) {
  switch (kind) {
    case source::SourceKind::kUnknown:
      return v1::SOURCE_KIND_UNSPECIFIED;
    case source::SourceKind::kNewspaper:
      return v1::SOURCE_KIND_NEWSPAPER;
    case source::SourceKind::kBroadcaster:
      return v1::SOURCE_KIND_BROADCASTER;
    case source::SourceKind::kAgency:
      return v1::SOURCE_KIND_AGENCY;
    case source::SourceKind::kMagazine:
      return v1::SOURCE_KIND_MAGAZINE;
    case source::SourceKind::kOnline:
      return v1::SOURCE_KIND_ONLINE;
    case source::SourceKind::kBlog:
      return v1::SOURCE_KIND_BLOG;
    case source::SourceKind::kAggregator:
      return v1::SOURCE_KIND_AGGREGATOR;
    case source::SourceKind::kGovernment:
      return v1::SOURCE_KIND_GOVERNMENT;
  }
  return v1::SOURCE_KIND_UNSPECIFIED;
}

void FillLanguage(const std::string& text, v1::Language* language) {
  langid::DocumentLanguage detected = langid::DetectDocumentLanguage(text);
  language->set_code(detected.main.code);
  language->set_confidence(detected.main.confidence);
  language->set_mixed(detected.mixed);
  for (const langid::ParagraphLanguage& paragraph : detected.paragraphs) {
    v1::LanguageSpan* span = language->add_paragraphs();
    span->set_code(paragraph.guess.code);
    span->set_confidence(paragraph.guess.confidence);
    span->set_begin(paragraph.begin);
    span->set_end(paragraph.end);
  }
}

// Writes the time since the previous lap into a StageTimings field; does nothing without one.
class StageClock {
 public:
  explicit StageClock(StageTimings* timings)
      : timings_(timings), last_(timings != nullptr ? absl::Now() : absl::InfinitePast()) {}

  void Lap(absl::Duration StageTimings::*stage) {
    if (timings_ == nullptr) return;
    const absl::Time now = absl::Now();
    timings_->*stage = now - last_;
    last_ = now;
  }

 private:
  StageTimings* timings_;
  absl::Time last_;
};

void FillEntities(const v1::NormalizedArticle& article, std::string_view language,
                  const EnrichResources& resources, v1::EnrichedArticle* out) {
  if (resources.recognizer == nullptr) return;
  std::vector<entities::EntityMention> mentions =
      resources.recognizer->Recognize(article.text(), language);
  for (const entities::EntityMention& mention : mentions) {
    v1::EntityMention* m = out->add_mentions();
    m->set_begin(mention.begin);
    m->set_end(mention.end);
    m->set_type(ToProto(mention.type));
    m->set_surface(mention.surface);
    m->set_canonical_name(mention.canonical_name);
    m->set_entity_id(mention.entity_id);
    m->set_confidence(mention.confidence);
  }
  for (const entities::EntitySummary& summary : entities::Summarize(mentions)) {
    v1::Entity* e = out->add_entities();
    e->set_entity_id(summary.entity_id);
    e->set_canonical_name(summary.canonical_name);
    e->set_type(ToProto(summary.type));
    e->set_mention_count(summary.mention_count);
  }
}

void FillSource(const v1::NormalizedArticle& article, const EnrichResources& resources,
                v1::Source* out) {
  source::SourceInfo info;
  if (resources.registry != nullptr) {
    info =
        source::DescribeSource(*resources.registry, article.registrable_domain(), article.text());
  }
  out->set_domain(article.registrable_domain());
  // The registry is curated; the page's own site name and the crawler's hint come next.
  if (!info.publisher.name.empty()) {
    out->set_publisher(info.publisher.name);
  } else if (!article.metadata().site_name().empty()) {
    out->set_publisher(article.metadata().site_name());
  } else {
    out->set_publisher(article.source_hint());
  }
  out->set_country(info.publisher.country);
  out->set_kind(ToProto(info.publisher.kind));
  out->set_known(info.known);
  std::vector<std::string> agencies = info.wire_agencies;
  // Credits extraction found in the page (e.g. a byline "By Reuters") count as well.
  for (const std::string& credit : article.metadata().credits()) {
    for (std::string& agency : source::FindWireAgencies(credit)) {
      if (std::find(agencies.begin(), agencies.end(), agency) == agencies.end()) {
        agencies.push_back(std::move(agency));
      }
    }
  }
  for (std::string& agency : agencies) out->add_wire_agencies(std::move(agency));
  out->set_dateline(!info.dateline.empty() ? info.dateline : article.metadata().dateline());
  out->set_published_date(article.metadata().published_date());
  for (const std::string& author : article.metadata().authors()) out->add_authors(author);
}

}  // namespace

v1::EnrichedArticle EnrichArticle(v1::NormalizedArticle article, const EnrichResources& resources,
                                  absl::Time now, StageTimings* timings) {
  v1::EnrichedArticle enriched;
  StageClock clock(timings);
  FillLanguage(article.text(), enriched.mutable_language());
  clock.Lap(&StageTimings::language);
  FillEntities(article, enriched.language().code(), resources, &enriched);
  clock.Lap(&StageTimings::entities);
  FillSource(article, resources, enriched.mutable_source());
  clock.Lap(&StageTimings::source);
  const int64_t micros = absl::ToUnixMicros(now);
  enriched.mutable_enriched_time()->set_seconds(micros / 1'000'000);
  enriched.mutable_enriched_time()->set_nanos(static_cast<int32_t>(micros % 1'000'000) * 1000);
  enriched.set_enricher_version(resources.version);
  *enriched.mutable_article() = std::move(article);
  return enriched;
}

std::string EnrichedArticleJson(const v1::EnrichedArticle& enriched) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  // Fails only on invalid UTF-8, which Enrich() rejects before it builds the article.
  (void)google::protobuf::util::MessageToJsonString(enriched, &json, options);
  return json;
}

absl::StatusOr<v1::EnrichedArticle> Enrich(std::string_view record_value,
                                           const EnrichResources& resources, absl::Time now,
                                           StageTimings* timings) {
  StageClock clock(timings);
  v1::NormalizedArticle article;
  if (!article.ParseFromArray(record_value.data(), static_cast<int>(record_value.size()))) {
    return absl::InvalidArgumentError(fmt::format(
        "record value ({} bytes) is not a newsflow.v1.NormalizedArticle", record_value.size()));
  }
  if (article.article_id().empty()) {
    return absl::InvalidArgumentError("NormalizedArticle has no article_id");
  }
  if (!text::IsValidUtf8(article.text())) {
    return absl::InvalidArgumentError("NormalizedArticle.text is not valid UTF-8");
  }
  clock.Lap(&StageTimings::parse);
  return EnrichArticle(std::move(article), resources, now, timings);
}

}  // namespace newsflow::enricher
