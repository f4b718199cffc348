#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>

#include "newsflow/entities/recognizer.h"

namespace newsflow::entities {

/// A labelled span: code points [begin, end) and a type name ("PER", "ORG", "LOC", "FAC"...).
struct NerSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string type;
};

/// One training or evaluation sentence.
struct NerSentence {
  std::string text;
  std::vector<NerSpan> spans;  ///< gold spans; ignored by Predict()
};

struct NerTrainOptions {
  std::string language;            ///< "ja" (tagged per character) or "en" (per word)
  std::vector<std::string> types;  ///< types the model learns; spans of other types are O
  int epochs = 8;
  uint64_t seed = 1;        ///< shuffling seed: the same data and options give the same bytes
  uint32_t hash_bits = 20;  ///< the weight table has 2^hash_bits rows
  int bags = 1;             ///< models trained with seeds seed, seed+1, ... and averaged
  bool bioes = false;       ///< tag scheme: BIOES (begin, inside, end, single) or BIO
  /// How the weights are fitted: an averaged structured perceptron (`epochs`, `seed`, `bags`)
  /// or a linear-chain CRF by regularized maximum likelihood with L-BFGS (`crf_*`; no
  /// shuffling, so no seed). The features, decoding and model file are the same.
  enum class Trainer { kPerceptron, kCrf };
  Trainer trainer = Trainer::kPerceptron;
  double crf_l2 = 1.0;  ///< L2 weight (l2 / 2 * |w|^2 next to the summed log-likelihood)
  double crf_l1 = 0.0;  ///< L1 weight (OWL-QN); 0 for none
  int crf_max_iterations = 200;
  int crf_threads = 2;  ///< 1 or 2; the model bytes do not depend on it
  /// If set, called after each L-BFGS iteration with the objective (progress).
  std::function<void(int iteration, double objective)> on_iteration;
  /// If set, called after each epoch of the first bag with the serialized averaged model so
  /// far (for choosing the number of epochs on a development split).
  std::function<void(int epoch, const std::string& model)> on_epoch;
};

/// What training saw.
struct NerTrainStats {
  size_t sentences = 0;
  size_t spans = 0;               ///< spans of the learned types
  size_t spans_unaligned = 0;     ///< dropped: a boundary falls inside a word (English)
  size_t spans_inside_token = 0;  ///< a boundary falls inside a MeCab token (Japanese)
  size_t sentences_skipped = 0;   ///< CRF: gold tags the BIO constraints forbid (overlaps)
  int iterations = 0;             ///< CRF: L-BFGS iterations run
};

/// Trains and applies the sequence models behind Recognizer's ja.model / en.model, with the
/// same analysis (MeCab tokens, alias-table spans) the Recognizer uses. Thread-compatible.
class NerTrainer {
 public:
  /// Loads data_dir/aliases.tsv, the MeCab dictionary and, when present, the English word
  /// clusters data_dir/en.clusters.tsv and vectors data_dir/en.vectors.bin (English features
  /// use them); errors as
  /// Recognizer::Create().
  static absl::StatusOr<std::unique_ptr<NerTrainer>> Create(const RecognizerOptions& options);
  ~NerTrainer();

  /// The serialized model (the bytes of a .model file). INVALID_ARGUMENT for an unsupported
  /// language, no types, hash_bits outside [8, 24] or negative CRF weights.
  absl::StatusOr<std::string> Train(const std::vector<NerSentence>& sentences,
                                    const NerTrainOptions& options, NerTrainStats* stats) const;

  /// Spans of every trained type, per sentence. INVALID_ARGUMENT if `model` is not a model.
  absl::StatusOr<std::vector<std::vector<NerSpan>>> Predict(
      std::string_view model, const std::vector<NerSentence>& sentences) const;

 private:
  struct State;
  explicit NerTrainer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace newsflow::entities
