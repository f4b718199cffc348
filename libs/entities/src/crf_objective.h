#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace newsflow::entities::internal {

/// The tag transitions a linear-chain model allows, as SequenceModel decodes them:
/// allowed[(previous + 1) * num_tags + tag] with previous -1 for the start, and per tag whether
/// it may end the sequence.
struct TagConstraints {
  size_t num_tags = 0;
  std::vector<uint8_t> allowed;
  std::vector<uint8_t> allowed_end;
};

/// One training sentence with its features resolved once to parameter rows: position i owns
/// rows[offsets[i], offsets[i + 1]) (value 1) and valued_rows / values over
/// [valued_offsets[i], valued_offsets[i + 1]).
struct CrfSequence {
  std::vector<uint32_t> offsets = {0};
  std::vector<uint32_t> rows;
  std::vector<uint32_t> valued_offsets = {0};
  std::vector<uint32_t> valued_rows;
  std::vector<float> values;
  std::vector<uint16_t> gold;  ///< one tag per position; must be allowed by the constraints

  size_t size() const { return offsets.size() - 1; }
};

/// The regularized negative log-likelihood of a linear-chain CRF and its gradient.
///
/// Parameters: the emission weights [row * num_tags + tag] for `num_rows` rows, then the
/// transition weights laid out as TagConstraints::allowed (disallowed cells are never scored,
/// so only the L2 term touches them). The score of a tag sequence is the sum of its emission
/// weights (valued features: weight times value) and transition weights, as in Viterbi
/// decoding; sequences through a disallowed transition or ending on a tag that may not end
/// have probability zero.
///
/// The sentences are split into two halves of about equal length, summed separately (on two
/// threads when `threads` is 2) and then added in a fixed order, so the result is the same
/// bits with one thread or two.
class CrfObjective {
 public:
  static constexpr size_t kMaxTags = 64;  ///< as many as a model file may hold

  CrfObjective(TagConstraints constraints, size_t num_rows, std::vector<CrfSequence> sequences,
               double l2, int threads);

  size_t num_parameters() const { return num_emission_parameters_ + transition_size(); }
  size_t num_emission_parameters() const { return num_emission_parameters_; }
  size_t transition_offset() const { return num_emission_parameters_; }

  /// sum over sentences of (log Z - score(gold)) + l2 / 2 * |params|^2; writes the gradient.
  double Evaluate(const double* params, double* gradient);

  /// log Z of one sequence: the log of the summed exp(score) of every allowed tag sequence.
  double LogPartition(const double* params, const CrfSequence& sequence) const;
  /// The score of `tags` (no constraint check).
  double Score(const double* params, const CrfSequence& sequence,
               const std::vector<uint16_t>& tags) const;

 private:
  struct Workspace;
  size_t transition_size() const { return (constraints_.num_tags + 1) * constraints_.num_tags; }
  /// Adds the expected feature counts of `sequence` to `gradient`; returns log Z.
  double ForwardBackward(const double* params, const CrfSequence& sequence, double* gradient,
                         Workspace& work) const;
  /// Sum of log Z over sequences [begin, end), expected counts added to `gradient`.
  double SumRange(const double* params, size_t begin, size_t end, double* gradient) const;

  TagConstraints constraints_;
  size_t num_emission_parameters_;
  std::vector<CrfSequence> sequences_;
  double l2_;
  int threads_;
  size_t split_ = 0;               ///< sequences [0, split_) form the first half
  std::vector<double> empirical_;  ///< gold feature counts, per parameter
  std::vector<double> second_half_gradient_;
};

}  // namespace newsflow::entities::internal
