#include "model_tagger.h"

#include <fstream>
#include <sstream>

#include <absl/status/status.h>
#include <absl/strings/str_cat.h>

namespace newsflow::entities::internal {
namespace {

// The perceptron's scores are not probabilities; model spans rank between alias matches
// (0.95) and the rules (below 0.9).
constexpr float kModelConfidence = 0.85f;

}  // namespace

bool ModelTagger::Supports(std::string_view language) {
  return language == "ja" || language == "en";
}

void ModelTagger::Extract(std::string_view language, const AnalyzedText& in,
                          std::vector<TagUnit>& units, FeatureSequence& features) {
  if (language == "ja") {
    JapaneseUnits(in, units);
    JapaneseFeatures(in, units, features);
  } else {
    EnglishUnits(in, units);
    EnglishFeatures(in, units, features);
  }
}

ModelTagger::ModelTagger(std::string language, SequenceModel model)
    : language_(std::move(language)), model_(std::move(model)) {
  for (const std::string& tag : model_.tags()) {
    const bool named = tag.size() > 2 && tag[1] == '-' && tag[0] != 'O';
    tag_types_.push_back(named ? std::string_view(tag).substr(2) : std::string_view());
    tag_begins_.push_back(named && (tag[0] == 'B' || tag[0] == 'S'));
  }
}

absl::StatusOr<std::unique_ptr<ModelTagger>> ModelTagger::FromBytes(std::string_view bytes,
                                                                    std::string_view name) {
  std::string language;
  absl::StatusOr<SequenceModel> model = SequenceModel::Parse(bytes, name, &language);
  if (!model.ok()) return model.status();
  if (!Supports(language)) {
    return absl::InvalidArgumentError(
        absl::StrCat("entities: model ", std::string(name), ": unknown language '", language, "'"));
  }
  return std::unique_ptr<ModelTagger>(new ModelTagger(std::move(language), *std::move(model)));
}

absl::StatusOr<std::unique_ptr<ModelTagger>> ModelTagger::Load(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("entities: cannot read model ", path));
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return FromBytes(bytes.str(), path);
}

std::vector<TypedSpan> ModelTagger::Spans(const AnalyzedText& in) const {
  std::vector<TypedSpan> spans;
  // Reused per thread, so that tagging an article allocates no feature buffers once they have
  // grown to its size.
  thread_local std::vector<TagUnit> units;
  thread_local FeatureSequence features;
  units.clear();
  features.Clear();
  Extract(language_, in, units, features);
  if (units.empty()) return spans;
  const std::vector<uint16_t> tags = model_.Decode(features);
  for (size_t u = 0; u < units.size();) {
    if (!tag_begins_[tags[u]]) {
      ++u;
      continue;
    }
    const std::string_view type = tag_types_[tags[u]];
    size_t v = u + 1;
    while (v < units.size() && !tag_begins_[tags[v]] && tag_types_[tags[v]] == type) ++v;
    spans.push_back({units[u].begin, units[v - 1].end, type});
    u = v;
  }
  return spans;
}

std::vector<Candidate> ModelTagger::Tag(const AnalyzedText& in) const {
  std::vector<Candidate> candidates;
  for (const TypedSpan& span : Spans(in)) {
    EntityType type;
    if (span.type == "PER") {
      type = EntityType::kPerson;
    } else if (span.type == "ORG") {
      type = EntityType::kOrganization;
    } else if (span.type == "LOC") {
      type = EntityType::kLocation;
    } else {
      continue;
    }
    candidates.push_back(Candidate{.begin = span.begin,
                                   .end = span.end,
                                   .type = type,
                                   .confidence = kModelConfidence,
                                   .source = CandidateSource::kModel});
  }
  return candidates;
}

}  // namespace newsflow::entities::internal
