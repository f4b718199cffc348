#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>

namespace newsflow::entities::internal {

/// The features of one sequence: position i owns features[offsets[i], offsets[i + 1]), each a
/// 64-bit feature hash (reduced to a weight row by the model) with the value 1, and the valued
/// features valued_features[valued_offsets[i], valued_offsets[i + 1]), whose weight rows are
/// scaled by values[] (the same range).
struct FeatureSequence {
  std::vector<uint32_t> offsets = {0};
  std::vector<uint64_t> features;
  std::vector<uint32_t> valued_offsets = {0};
  std::vector<uint64_t> valued_features;
  std::vector<float> values;

  size_t size() const { return offsets.size() - 1; }
  void Add(uint64_t hash) { features.push_back(hash); }
  void AddValued(uint64_t hash, float value) {
    valued_features.push_back(hash);
    values.push_back(value);
  }
  /// AddValued(first_hash + d, scale * values[d]) for d in [0, count), in one step (the
  /// English word vectors: tens per word).
  void AddValuedRun(uint64_t first_hash, const int8_t* run_values, uint32_t count, float scale) {
    const size_t at = valued_features.size();
    valued_features.resize(at + count);
    values.resize(at + count);
    for (uint32_t d = 0; d < count; ++d) {
      valued_features[at + d] = first_hash + d;
      values[at + d] = static_cast<float>(run_values[d]) * scale;
    }
  }
  void EndPosition() {
    offsets.push_back(static_cast<uint32_t>(features.size()));
    valued_offsets.push_back(static_cast<uint32_t>(valued_features.size()));
  }
  /// Empties the sequence, keeping the buffers' capacity.
  void Clear() {
    offsets.assign(1, 0);
    features.clear();
    valued_offsets.assign(1, 0);
    valued_features.clear();
    values.clear();
  }
};

/// A linear-chain sequence tagger over hashed features: emission weights in a fixed-size table
/// of 2^hash_bits rows with one column per tag, tag-transition weights, Viterbi decoding under
/// BIO or BIOES constraints (I-X only after B-X or I-X; with E- tags, B-X and I-X must be
/// closed by E-X). Immutable after training or loading; Decode()
/// is thread-safe.
class SequenceModel {
 public:
  /// `tags` are "O" then "B-X", "I-X" and optionally "E-X", "S-X" names; tag 0 must be "O".
  SequenceModel(std::vector<std::string> tags, uint32_t hash_bits);

  const std::vector<std::string>& tags() const { return tags_; }
  uint32_t hash_bits() const { return hash_bits_; }

  /// Best tag index per position.
  std::vector<uint16_t> Decode(const FeatureSequence& sequence) const;

  /// Compact binary form: quantized non-zero weights, delta-coded. `language` is stored in
  /// the header. The same model always gives the same bytes.
  std::string Serialize(std::string_view language) const;

  /// Parses Serialize() output. INVALID_ARGUMENT naming `name` on a bad magic, version,
  /// truncation or checksum mismatch. The language read goes to `language`.
  static absl::StatusOr<SequenceModel> Parse(std::string_view bytes, std::string_view name,
                                             std::string* language);

  /// Trains an averaged structured perceptron: `epochs` passes over `sequences` (gold tag
  /// indices in `gold`), shuffled each pass with a generator seeded by `seed`.
  /// The element-wise mean of models with the same tags and hash size (bagging over shuffling
  /// seeds). `models` must not be empty.
  static SequenceModel Average(const std::vector<SequenceModel>& models);

  /// Called after each epoch (1-based) with the averaged model so far, for early stopping.
  using EpochCallback = std::function<void(int epoch, const SequenceModel& averaged)>;

  static SequenceModel Train(std::vector<std::string> tags, uint32_t hash_bits,
                             const std::vector<FeatureSequence>& sequences,
                             const std::vector<std::vector<uint16_t>>& gold, int epochs,
                             uint64_t seed, const EpochCallback& on_epoch = nullptr);

  struct CrfOptions {
    double l2 = 1.0;  ///< weight of l2 / 2 * |w|^2 next to the summed negative log-likelihood
    double l1 = 0.0;  ///< weight of l1 * |w|_1 (OWL-QN); 0: plain L-BFGS
    int max_iterations = 200;
    int threads = 2;  ///< 1 or 2; the result is the same bytes either way
    /// Called after each L-BFGS iteration (1-based) with the objective.
    std::function<void(int iteration, double objective)> on_iteration;
  };
  struct CrfReport {
    size_t sentences_skipped = 0;  ///< gold tags the constraints forbid (overlapping spans)
    int iterations = 0;
    double objective = 0.0;
  };

  /// Trains a linear-chain CRF by maximum likelihood with L-BFGS (liblbfgs): the same
  /// features, constraints and decoding as Train(); only the weights are fitted differently.
  /// Deterministic. INTERNAL if the optimizer fails for a reason other than reaching its
  /// iteration limit or no further progress.
  static absl::StatusOr<SequenceModel> TrainCrf(std::vector<std::string> tags, uint32_t hash_bits,
                                                const std::vector<FeatureSequence>& sequences,
                                                const std::vector<std::vector<uint16_t>>& gold,
                                                const CrfOptions& options, CrfReport* report);

 private:
  size_t num_tags() const { return tags_.size(); }
  uint32_t Row(uint64_t hash) const { return static_cast<uint32_t>(hash & mask_); }
  /// The averaged perceptron's weights: w - sums / c (see Train()).
  static SequenceModel AveragedCopy(const SequenceModel& model,
                                    const std::vector<double>& weight_sums,
                                    const std::vector<double>& transition_sums, double c);
  void ComputeAllowed();
  void Viterbi(const float* emissions, size_t n, uint16_t* out) const;
  /// Copies weights_ into decode_rows_ (see there); Parse() calls it, training does not.
  void BuildDecodeRows();
  /// Fills predecessors_ from allowed_ and transitions_; Parse() calls it.
  void BuildPredecessors();
  template <size_t kStride>
  void EmissionsFromDecodeRows(const FeatureSequence& sequence, float* emissions) const;
  void EmissionsFromWeights(const FeatureSequence& sequence, float* emissions) const;
  /// Adds the valued features' weighted rows (few rows, the same for every position, so they
  /// stay in cache).
  void AddValuedEmissions(const FeatureSequence& sequence, float* emissions) const;
  template <size_t kStride>
  void AddValuedEmissionsFromDecodeRows(const FeatureSequence& sequence, float* emissions) const;

  std::vector<std::string> tags_;
  uint32_t hash_bits_;
  uint64_t mask_;
  std::vector<float> weights_;  ///< row * num_tags + tag
  /// For decoding a loaded model: the rows of weights_ padded to a stride of 8 or 16 floats in
  /// a 64-byte aligned buffer, so one feature reads one cache line instead of up to two and the
  /// tag loop has a fixed length. Immutable once built, so copies of the model share it. Null
  /// while training (weights_ change) or when num_tags > 16.
  std::shared_ptr<const float[]> decode_rows_;
  /// For decoding a loaded model: per tag t, the allowed previous tags in increasing order with
  /// their transition weights, predecessors_[predecessor_begin_[t], predecessor_begin_[t + 1]).
  /// Empty while training (the transitions change).
  struct Predecessor {
    uint16_t tag;
    float transition;
  };
  std::vector<Predecessor> predecessors_;
  std::vector<uint32_t> predecessor_begin_;
  /// For decoding a loaded model with at most kViterbiLanes tags: transition weights
  /// [previous * kViterbiLanes + tag], -inf where not allowed and for the padding tags, so
  /// Viterbi can score every tag of a position at once. Empty otherwise.
  static constexpr size_t kViterbiLanes = 16;
  std::vector<float> dense_transitions_;
  /// Viterbi over dense_transitions_; same result as the predecessor lists.
  void ViterbiDense(const float* emissions, size_t n, uint16_t* out) const;
  /// The best tag that may end the sequence, given the last position's scores, then the
  /// back pointers [position * num_tags() + tag] back to the start.
  void Backtrack(const float* last_scores, const uint16_t* back, size_t n, uint16_t* out) const;
  size_t decode_stride_ = 0;
  std::vector<float> transitions_;    ///< (previous + 1) * num_tags + tag; previous -1 = start
  std::vector<uint8_t> allowed_;      ///< same layout as transitions_
  std::vector<uint8_t> allowed_end_;  ///< per tag: may end the sequence
};

}  // namespace newsflow::entities::internal
