#include "newsflow/entities/ner_training.h"

#include <algorithm>

#include <absl/status/status.h>
#include <absl/strings/str_cat.h>

#include "alias_matcher.h"
#include "alias_spans.h"
#include "model_tagger.h"
#include "sequence_model.h"
#include "tokenizer.h"
#include "word_clusters.h"

namespace newsflow::entities {

using internal::AnalyzedText;
using internal::FeatureSequence;
using internal::ModelTagger;
using internal::TagUnit;

struct NerTrainer::State {
  std::shared_ptr<const AliasTable> aliases;
  std::unique_ptr<internal::AliasMatcher> matcher;
  std::unique_ptr<internal::Tokenizer> tokenizer;
  std::unique_ptr<internal::WordClusters> english_clusters;  ///< null: none in data_dir

  // The analysis Recognizer::Recognize() does before tagging.
  void Analyze(std::string_view text, std::string_view language, AnalyzedText& in) const {
    in.text = text;
    in.language = language;
    in.cps = internal::DecodeUtf8(text);
    const bool japanese = language == "ja";
    if (japanese) in.tokens = tokenizer->Tokenize(text, in.cps);
    in.alias_spans = internal::FindAliasSpans(*matcher, in, japanese);
    if (language == "en") in.word_clusters = english_clusters.get();
  }
};

NerTrainer::NerTrainer(std::unique_ptr<State> state) : state_(std::move(state)) {}
NerTrainer::~NerTrainer() = default;

absl::StatusOr<std::unique_ptr<NerTrainer>> NerTrainer::Create(const RecognizerOptions& options) {
  auto state = std::make_unique<State>();
  absl::StatusOr<std::shared_ptr<const AliasTable>> aliases =
      AliasTable::LoadFromFile(absl::StrCat(options.data_dir, "/aliases.tsv"));
  if (!aliases.ok()) return aliases.status();
  state->aliases = *std::move(aliases);
  state->matcher = std::make_unique<internal::AliasMatcher>(*state->aliases);
  absl::StatusOr<std::unique_ptr<internal::Tokenizer>> tokenizer =
      internal::Tokenizer::Create(options.mecab_dicdir);
  if (!tokenizer.ok()) return tokenizer.status();
  state->tokenizer = *std::move(tokenizer);
  absl::StatusOr<std::unique_ptr<internal::WordClusters>> clusters =
      internal::WordClusters::Load(absl::StrCat(options.data_dir, "/en.clusters.tsv"));
  if (clusters.ok()) {
    state->english_clusters = *std::move(clusters);
    // The word vectors ride on the clusters (same words, same order).
    const absl::Status vectors =
        state->english_clusters->LoadVectors(absl::StrCat(options.data_dir, "/en.vectors.bin"));
    if (!vectors.ok() && !absl::IsNotFound(vectors)) return vectors;
  } else if (!absl::IsNotFound(clusters.status())) {
    return clusters.status();
  }
  return std::unique_ptr<NerTrainer>(new NerTrainer(std::move(state)));
}

absl::StatusOr<std::string> NerTrainer::Train(const std::vector<NerSentence>& sentences,
                                              const NerTrainOptions& options,
                                              NerTrainStats* stats) const {
  if (!ModelTagger::Supports(options.language)) {
    return absl::InvalidArgumentError(
        absl::StrCat("ner training: unsupported language '", options.language, "'"));
  }
  if (options.types.empty()) return absl::InvalidArgumentError("ner training: no types");
  if (options.hash_bits < 8 || options.hash_bits > 24) {
    return absl::InvalidArgumentError("ner training: hash_bits must be in [8, 24]");
  }
  std::vector<std::string> tags = {"O"};
  const uint16_t per_type = options.bioes ? 4 : 2;  // B, I[, E, S]
  for (const std::string& type : options.types) {
    tags.push_back("B-" + type);
    tags.push_back("I-" + type);
    if (options.bioes) {
      tags.push_back("E-" + type);
      tags.push_back("S-" + type);
    }
  }
  NerTrainStats local;
  std::vector<FeatureSequence> sequences;
  std::vector<std::vector<uint16_t>> gold;
  sequences.reserve(sentences.size());
  gold.reserve(sentences.size());
  std::vector<TagUnit> units;
  for (const NerSentence& sentence : sentences) {
    AnalyzedText in;
    state_->Analyze(sentence.text, options.language, in);
    FeatureSequence features;
    ModelTagger::Extract(options.language, in, units, features);
    if (units.empty()) continue;
    std::vector<uint16_t> labels(units.size(), 0);
    for (const NerSpan& span : sentence.spans) {
      const auto type =
          std::find(options.types.begin(), options.types.end(), span.type) - options.types.begin();
      if (static_cast<size_t>(type) == options.types.size()) continue;
      ++local.spans;
      // A boundary inside a MeCab token is what per-character tagging is for.
      for (const internal::Token& token : in.tokens) {
        if ((token.begin < span.begin && span.begin < token.end) ||
            (token.begin < span.end && span.end < token.end)) {
          ++local.spans_inside_token;
          break;
        }
      }
      auto first = std::find_if(units.begin(), units.end(),
                                [&](const TagUnit& u) { return u.begin >= span.begin; });
      auto last =
          std::find_if(first, units.end(), [&](const TagUnit& u) { return u.end > span.end; });
      const bool aligned =
          first != last && first->begin == span.begin && std::prev(last)->end == span.end;
      if (!aligned) {
        ++local.spans_unaligned;
        continue;
      }
      const auto b = static_cast<size_t>(first - units.begin());
      const auto e = static_cast<size_t>(last - units.begin());
      const auto base = static_cast<uint16_t>(1 + per_type * type);
      for (size_t u = b; u < e; ++u) labels[u] = base + 1;  // I-
      labels[b] = base;                                     // B-
      if (options.bioes) {
        labels[e - 1] = base + 2;              // E-
        if (e - b == 1) labels[b] = base + 3;  // S-
      }
    }
    sequences.push_back(std::move(features));
    gold.push_back(std::move(labels));
    ++local.sentences;
  }
  if (options.trainer == NerTrainOptions::Trainer::kCrf) {
    internal::SequenceModel::CrfOptions crf;
    crf.l2 = options.crf_l2;
    crf.l1 = options.crf_l1;
    crf.max_iterations = options.crf_max_iterations;
    crf.threads = options.crf_threads;
    crf.on_iteration = options.on_iteration;
    internal::SequenceModel::CrfReport report;
    absl::StatusOr<internal::SequenceModel> model =
        internal::SequenceModel::TrainCrf(tags, options.hash_bits, sequences, gold, crf, &report);
    if (!model.ok()) return model.status();
    local.sentences_skipped = report.sentences_skipped;
    local.iterations = report.iterations;
    if (stats != nullptr) *stats = local;
    return model->Serialize(options.language);
  }
  std::vector<internal::SequenceModel> bags;
  for (int bag = 0; bag < std::max(1, options.bags); ++bag) {
    internal::SequenceModel::EpochCallback on_epoch;
    if (bag == 0 && options.on_epoch) {
      on_epoch = [&](int epoch, const internal::SequenceModel& averaged) {
        options.on_epoch(epoch, averaged.Serialize(options.language));
      };
    }
    bags.push_back(
        internal::SequenceModel::Train(tags, options.hash_bits, sequences, gold, options.epochs,
                                       options.seed + static_cast<uint64_t>(bag), on_epoch));
  }
  const internal::SequenceModel model =
      bags.size() == 1 ? std::move(bags.front()) : internal::SequenceModel::Average(bags);
  if (stats != nullptr) *stats = local;
  return model.Serialize(options.language);
}

absl::StatusOr<std::vector<std::vector<NerSpan>>> NerTrainer::Predict(
    std::string_view model, const std::vector<NerSentence>& sentences) const {
  absl::StatusOr<std::unique_ptr<ModelTagger>> tagger = ModelTagger::FromBytes(model, "(memory)");
  if (!tagger.ok()) return tagger.status();
  std::vector<std::vector<NerSpan>> out;
  out.reserve(sentences.size());
  for (const NerSentence& sentence : sentences) {
    AnalyzedText in;
    state_->Analyze(sentence.text, (*tagger)->language(), in);
    std::vector<NerSpan>& spans = out.emplace_back();
    for (const internal::TypedSpan& span : (*tagger)->Spans(in)) {
      spans.push_back({span.begin, span.end, std::string(span.type)});
    }
  }
  return out;
}

}  // namespace newsflow::entities
