#include "newsflow/entities/recognizer.h"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <string>

#include <absl/status/status.h>
#include <absl/strings/str_cat.h>

#include "alias_matcher.h"
#include "alias_spans.h"
#include "model_tagger.h"
#include "short_forms.h"
#include "span_merge.h"
#include "tagger.h"
#include "text_util.h"
#include "tokenizer.h"
#include "word_clusters.h"

namespace newsflow::entities {
namespace {

using internal::AnalyzedText;
using internal::Candidate;
using internal::CandidateSource;
using internal::CodePoints;

bool FileExists(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

std::string PrimaryLanguage(std::string_view language) {
  std::string primary;
  for (char c : language) {
    if (c == '-' || c == '_') break;
    primary.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c);
  }
  return primary;
}

// Languages whose proper nouns, and only those, start with a capital letter: the English
// capitalization rules carry over. German capitalizes every noun and is left out.
bool UsesCapitalizationRules(std::string_view language) {
  static constexpr std::array<std::string_view, 16> kLanguages = {
      "en", "fr", "es", "it", "pt", "nl", "sv", "da",
      "no", "nb", "fi", "pl", "ro", "id", "ms", "ca"};
  return std::find(kLanguages.begin(), kLanguages.end(), language) != kLanguages.end();
}

// Place-name suffixes that do not change which place is meant (平壌市 is Pyongyang).
bool IsPlaceSuffix(char32_t c) {
  static constexpr std::u32string_view kSuffixes = U"都道府県市区町村州";
  return kSuffixes.find(c) != std::u32string_view::npos;
}

// A rule span of the same type that strictly contains an alias match names something more
// specific (東京都千代田区 around 東京都), as does an organization span around a place
// (東京大学 around 東京): it replaces the alias match. When it only adds a
// place suffix, it keeps the alias's canonical entity.
void PreferSpecificRuleSpans(const CodePoints& cps, std::vector<Candidate>& candidates) {
  std::vector<bool> dropped(candidates.size(), false);
  for (Candidate& rule : candidates) {
    if (rule.source != CandidateSource::kRule) continue;
    for (size_t k = 0; k < candidates.size(); ++k) {
      const Candidate& alias = candidates[k];
      if (alias.source != CandidateSource::kAlias) continue;
      // An organization named after a place (東京大学, ロシア軍) is the organization.
      const bool org_around_place =
          rule.type == EntityType::kOrganization && alias.type == EntityType::kLocation;
      if (alias.type != rule.type && !org_around_place) continue;
      if (alias.begin < rule.begin || alias.end > rule.end) continue;
      if (alias.end - alias.begin == rule.end - rule.begin) continue;
      dropped[k] = true;
      if (alias.begin == rule.begin && rule.end == alias.end + 1 &&
          IsPlaceSuffix(cps.chars[alias.end])) {
        rule.canonical = alias.canonical;
        rule.confidence = alias.confidence;
        rule.source = CandidateSource::kAlias;
      }
    }
  }
  size_t kept = 0;
  for (size_t k = 0; k < candidates.size(); ++k) {
    if (dropped[k]) continue;
    if (kept != k) candidates[kept] = std::move(candidates[k]);
    ++kept;
  }
  candidates.resize(kept);
}

class RecognizerImpl final : public Recognizer {
 public:
  // A null model leaves that language to the rule tagger.
  RecognizerImpl(std::shared_ptr<const AliasTable> aliases,
                 std::unique_ptr<internal::Tokenizer> tokenizer,
                 std::unique_ptr<internal::Tagger> japanese_model,
                 std::unique_ptr<internal::Tagger> english_model,
                 std::unique_ptr<internal::WordClusters> english_clusters,
                 std::vector<std::string> load_warnings)
      : aliases_(std::move(aliases)),
        matcher_(*aliases_),
        tokenizer_(std::move(tokenizer)),
        japanese_rules_(internal::MakeJapaneseRuleTagger()),
        latin_rules_(internal::MakeEnglishRuleTagger()),
        japanese_model_(std::move(japanese_model)),
        english_model_(std::move(english_model)),
        english_clusters_(std::move(english_clusters)),
        load_warnings_(std::move(load_warnings)) {}

  std::vector<std::string> load_warnings() const override { return load_warnings_; }

  std::vector<EntityMention> Recognize(std::string_view utf8_text,
                                       std::string_view language) const override {
    std::vector<EntityMention> mentions;
    AnalyzedText in;
    in.text = utf8_text;
    in.cps = internal::DecodeUtf8(utf8_text);
    if (in.cps.size() == 0) return mentions;
    const std::string primary = PrimaryLanguage(language);
    in.language = primary;
    const bool japanese = primary == "ja";
    if (japanese) in.tokens = tokenizer_->Tokenize(utf8_text, in.cps);

    in.alias_spans = internal::FindAliasSpans(matcher_, in, japanese);
    if (primary == "en") in.word_clusters = english_clusters_.get();
    std::vector<Candidate> candidates = in.alias_spans;
    // A trained model, where one is loaded, replaces the rule tagger of its language.
    const internal::Tagger* model = japanese          ? japanese_model_.get()
                                    : primary == "en" ? english_model_.get()
                                                      : nullptr;
    const internal::Tagger* rules = nullptr;
    if (japanese) {
      rules = japanese_rules_.get();
    } else if (UsesCapitalizationRules(primary)) {
      rules = latin_rules_.get();
    }
    if (model != nullptr) {
      std::vector<Candidate> spans = model->Tag(in);
      internal::TrimHonorifics(in.cps, spans);
      candidates = internal::MergeModelSpans(in.cps, in.alias_spans, std::move(spans));
    } else if (rules != nullptr) {
      std::vector<Candidate> tagged = rules->Tag(in);
      internal::DropSpansAcrossLines(in.cps, tagged);
      candidates.insert(candidates.end(), std::make_move_iterator(tagged.begin()),
                        std::make_move_iterator(tagged.end()));
    }
    PreferSpecificRuleSpans(in.cps, candidates);
    std::vector<bool> resolved;
    for (Candidate& candidate : internal::ResolveOverlaps(std::move(candidates), in.cps.size())) {
      bool known = false;
      mentions.push_back(ToMention(in, std::move(candidate), &known));
      resolved.push_back(known);
    }
    internal::LinkShortForms(mentions, resolved);
    return mentions;
  }

 private:
  // `*known`: the alias table resolved the mention.
  EntityMention ToMention(const AnalyzedText& in, Candidate candidate, bool* known) const {
    EntityMention mention;
    mention.begin = candidate.begin;
    mention.end = candidate.end;
    mention.surface = internal::Slice(in.text, in.cps, candidate.begin, candidate.end);
    mention.confidence = candidate.confidence;
    std::optional<CanonicalEntity> canonical = std::move(candidate.canonical);
    // A rule span may still be a known alias written differently (width, case).
    if (!canonical) canonical = aliases_->Find(mention.surface);
    *known = canonical.has_value();
    if (canonical) {
      mention.type = canonical->type;
      mention.canonical_name = std::move(canonical->canonical_name);
      mention.entity_id = std::move(canonical->entity_id);
    } else {
      mention.type = candidate.type;
      mention.canonical_name = mention.surface;
      mention.entity_id = FallbackEntityId(candidate.type, mention.surface);
    }
    return mention;
  }

  std::shared_ptr<const AliasTable> aliases_;
  internal::AliasMatcher matcher_;
  std::unique_ptr<internal::Tokenizer> tokenizer_;
  std::unique_ptr<internal::Tagger> japanese_rules_;
  std::unique_ptr<internal::Tagger> latin_rules_;
  std::unique_ptr<internal::Tagger> japanese_model_;
  std::unique_ptr<internal::Tagger> english_model_;
  std::unique_ptr<internal::WordClusters> english_clusters_;  ///< null: not loaded
  std::vector<std::string> load_warnings_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Recognizer>> Recognizer::Create(const RecognizerOptions& options) {
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError("entities: data_dir is empty");
  }
  // A trained model replaces the rule tagger of its language; a model that is present but
  // unreadable is an error rather than a silent fallback, which would hide a packaging mistake.
  std::unique_ptr<internal::Tagger> models[2];
  const char* const kModelLanguages[2] = {"ja", "en"};
  for (int k = 0; k < 2; ++k) {
    const std::string path = absl::StrCat(options.data_dir, "/", kModelLanguages[k], ".model");
    if (!FileExists(path)) continue;
    absl::StatusOr<std::unique_ptr<internal::ModelTagger>> model =
        internal::ModelTagger::Load(path);
    if (!model.ok()) return model.status();
    if ((*model)->language() != kModelLanguages[k]) {
      return absl::InvalidArgumentError(
          absl::StrCat("entities: model ", path, " is for language '", (*model)->language(), "'"));
    }
    models[k] = *std::move(model);
  }
  // The English model was trained with word-cluster and word-vector features; without them it
  // still works, less accurately, so a missing file is a warning and a malformed one an error.
  std::unique_ptr<internal::WordClusters> english_clusters;
  std::vector<std::string> warnings;
  if (models[1] != nullptr) {
    const std::string path = absl::StrCat(options.data_dir, "/en.clusters.tsv");
    if (FileExists(path)) {
      absl::StatusOr<std::unique_ptr<internal::WordClusters>> clusters =
          internal::WordClusters::Load(path);
      if (!clusters.ok()) return clusters.status();
      english_clusters = *std::move(clusters);
      const std::string vectors_path = absl::StrCat(options.data_dir, "/en.vectors.bin");
      if (FileExists(vectors_path)) {
        const absl::Status vectors = english_clusters->LoadVectors(vectors_path);
        if (!vectors.ok()) return vectors;
      } else {
        warnings.push_back(absl::StrCat("entities: no word vectors at ", vectors_path,
                                        ": the English model runs without its word-vector "
                                        "features (lower accuracy)"));
      }
    } else {
      warnings.push_back(absl::StrCat("entities: no word clusters at ", path,
                                      ": the English model runs without its cluster features "
                                      "(lower accuracy)"));
    }
  }
  absl::StatusOr<std::shared_ptr<const AliasTable>> aliases =
      AliasTable::LoadFromFile(absl::StrCat(options.data_dir, "/aliases.tsv"));
  if (!aliases.ok()) return aliases.status();
  absl::StatusOr<std::unique_ptr<internal::Tokenizer>> tokenizer =
      internal::Tokenizer::Create(options.mecab_dicdir);
  if (!tokenizer.ok()) return tokenizer.status();
  return std::unique_ptr<Recognizer>(
      new RecognizerImpl(*std::move(aliases), *std::move(tokenizer), std::move(models[0]),
                         std::move(models[1]), std::move(english_clusters), std::move(warnings)));
}

}  // namespace newsflow::entities
