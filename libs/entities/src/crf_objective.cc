#include "crf_objective.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <thread>

namespace newsflow::entities::internal {

// Buffers of one forward-backward pass, reused across the sentences of a half.
struct CrfObjective::Workspace {
  std::vector<double> emissions;  ///< [position * k + tag], then exp(emission - max) in place
  std::vector<double> alpha;      ///< forward, normalized to sum 1 per position
  std::vector<double> beta;       ///< backward, scaled by the same factors
  std::vector<double> scale;      ///< per position: the forward normalizer
  std::vector<double> exp_transitions;
};

CrfObjective::CrfObjective(TagConstraints constraints, size_t num_rows,
                           std::vector<CrfSequence> sequences, double l2, int threads)
    : constraints_(std::move(constraints)),
      num_emission_parameters_(num_rows * constraints_.num_tags),
      sequences_(std::move(sequences)),
      l2_(l2),
      threads_(threads) {
  const size_t k = constraints_.num_tags;
  assert(k >= 1 && k <= kMaxTags);
  empirical_.assign(num_parameters(), 0.0);
  size_t total_positions = 0;
  for (const CrfSequence& s : sequences_) total_positions += s.size();
  size_t positions = 0;
  split_ = sequences_.size();
  for (size_t index = 0; index < sequences_.size(); ++index) {
    const CrfSequence& s = sequences_[index];
    if (positions * 2 >= total_positions && split_ == sequences_.size()) split_ = index;
    positions += s.size();
    for (size_t i = 0; i < s.size(); ++i) {
      const size_t tag = s.gold[i];
      for (uint32_t f = s.offsets[i]; f < s.offsets[i + 1]; ++f) {
        empirical_[size_t{s.rows[f]} * k + tag] += 1.0;
      }
      for (uint32_t f = s.valued_offsets[i]; f < s.valued_offsets[i + 1]; ++f) {
        empirical_[size_t{s.valued_rows[f]} * k + tag] += s.values[f];
      }
      const size_t previous = i == 0 ? 0 : size_t{s.gold[i - 1]} + 1;
      empirical_[transition_offset() + previous * k + tag] += 1.0;
    }
  }
}

double CrfObjective::Score(const double* params, const CrfSequence& s,
                           const std::vector<uint16_t>& tags) const {
  const size_t k = constraints_.num_tags;
  double score = 0.0;
  for (size_t i = 0; i < s.size(); ++i) {
    const size_t tag = tags[i];
    for (uint32_t f = s.offsets[i]; f < s.offsets[i + 1]; ++f) {
      score += params[size_t{s.rows[f]} * k + tag];
    }
    for (uint32_t f = s.valued_offsets[i]; f < s.valued_offsets[i + 1]; ++f) {
      score += params[size_t{s.valued_rows[f]} * k + tag] * s.values[f];
    }
    const size_t previous = i == 0 ? 0 : size_t{tags[i - 1]} + 1;
    score += params[transition_offset() + previous * k + tag];
  }
  return score;
}

double CrfObjective::ForwardBackward(const double* params, const CrfSequence& s, double* gradient,
                                     Workspace& work) const {
  const size_t k = constraints_.num_tags;
  const size_t n = s.size();
  if (n == 0) return 0.0;
  const double* transitions = params + transition_offset();
  const std::vector<uint8_t>& allowed = constraints_.allowed;
  // Scaled forward-backward: each position's emissions and the start and between-tag
  // transitions are exponentiated after subtracting their maximum, and each forward vector is
  // normalized to sum 1, so nothing overflows and log Z is the sum of the logs of the factors
  // taken out.
  double start_max = -std::numeric_limits<double>::infinity();
  double between_max = start_max;
  for (size_t cell = 0; cell < (k + 1) * k; ++cell) {
    if (!allowed[cell]) continue;
    double& max = cell < k ? start_max : between_max;
    max = std::max(max, transitions[cell]);
  }
  work.exp_transitions.resize((k + 1) * k);
  for (size_t cell = 0; cell < (k + 1) * k; ++cell) {
    const double max = cell < k ? start_max : between_max;
    work.exp_transitions[cell] = allowed[cell] ? std::exp(transitions[cell] - max) : 0.0;
  }
  const double* start = work.exp_transitions.data();
  const double* between = start + k;  // [previous * k + tag]
  work.emissions.assign(n * k, 0.0);
  double log_z = start_max + static_cast<double>(n - 1) * between_max;
  for (size_t i = 0; i < n; ++i) {
    double* e = &work.emissions[i * k];
    for (uint32_t f = s.offsets[i]; f < s.offsets[i + 1]; ++f) {
      const double* row = params + size_t{s.rows[f]} * k;
      for (size_t t = 0; t < k; ++t) e[t] += row[t];
    }
    for (uint32_t f = s.valued_offsets[i]; f < s.valued_offsets[i + 1]; ++f) {
      const double* row = params + size_t{s.valued_rows[f]} * k;
      const double value = s.values[f];
      for (size_t t = 0; t < k; ++t) e[t] += row[t] * value;
    }
    const double max = *std::max_element(e, e + k);
    for (size_t t = 0; t < k; ++t) e[t] = std::exp(e[t] - max);
    log_z += max;
  }
  work.alpha.assign(n * k, 0.0);
  work.scale.assign(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    double* a = &work.alpha[i * k];
    const double* e = &work.emissions[i * k];
    for (size_t t = 0; t < k; ++t) {
      double sum = 0.0;
      if (i == 0) {
        sum = start[t];
      } else {
        const double* previous = &work.alpha[(i - 1) * k];
        for (size_t p = 0; p < k; ++p) sum += previous[p] * between[p * k + t];
      }
      a[t] = sum * e[t];
    }
    double z = 0.0;
    for (size_t t = 0; t < k; ++t) z += a[t];
    for (size_t t = 0; t < k; ++t) a[t] /= z;
    work.scale[i] = z;
    log_z += std::log(z);
  }
  double end_mass = 0.0;
  for (size_t t = 0; t < k; ++t) {
    if (constraints_.allowed_end[t]) end_mass += work.alpha[(n - 1) * k + t];
  }
  log_z += std::log(end_mass);
  work.beta.assign(n * k, 0.0);
  for (size_t t = 0; t < k; ++t) work.beta[(n - 1) * k + t] = constraints_.allowed_end[t];
  for (size_t i = n - 1; i > 0; --i) {
    const double* b = &work.beta[i * k];
    const double* e = &work.emissions[i * k];
    double* b_previous = &work.beta[(i - 1) * k];
    for (size_t p = 0; p < k; ++p) {
      double sum = 0.0;
      for (size_t t = 0; t < k; ++t) sum += between[p * k + t] * e[t] * b[t];
      b_previous[p] = sum / work.scale[i];
    }
  }
  // Expected counts: the tag marginals per position for the emissions and the start, the
  // pair marginals for the transitions.
  double* transition_gradient = gradient + transition_offset();
  for (size_t i = 0; i < n; ++i) {
    double marginal[kMaxTags];
    for (size_t t = 0; t < k; ++t) {
      marginal[t] = work.alpha[i * k + t] * work.beta[i * k + t] / end_mass;
    }
    for (uint32_t f = s.offsets[i]; f < s.offsets[i + 1]; ++f) {
      double* row = gradient + size_t{s.rows[f]} * k;
      for (size_t t = 0; t < k; ++t) row[t] += marginal[t];
    }
    for (uint32_t f = s.valued_offsets[i]; f < s.valued_offsets[i + 1]; ++f) {
      double* row = gradient + size_t{s.valued_rows[f]} * k;
      const double value = s.values[f];
      for (size_t t = 0; t < k; ++t) row[t] += marginal[t] * value;
    }
    if (i == 0) {
      for (size_t t = 0; t < k; ++t) transition_gradient[t] += marginal[t];
      continue;
    }
    const double* a = &work.alpha[(i - 1) * k];
    const double* e = &work.emissions[i * k];
    const double* b = &work.beta[i * k];
    const double norm = work.scale[i] * end_mass;
    for (size_t p = 0; p < k; ++p) {
      for (size_t t = 0; t < k; ++t) {
        transition_gradient[(p + 1) * k + t] += a[p] * between[p * k + t] * e[t] * b[t] / norm;
      }
    }
  }
  return log_z;
}

double CrfObjective::LogPartition(const double* params, const CrfSequence& sequence) const {
  std::vector<double> ignored(num_parameters(), 0.0);
  Workspace work;
  return ForwardBackward(params, sequence, ignored.data(), work);
}

double CrfObjective::SumRange(const double* params, size_t begin, size_t end,
                              double* gradient) const {
  Workspace work;
  double sum = 0.0;
  for (size_t index = begin; index < end; ++index) {
    sum += ForwardBackward(params, sequences_[index], gradient, work);
  }
  return sum;
}

double CrfObjective::Evaluate(const double* params, double* gradient) {
  const size_t size = num_parameters();
  std::fill_n(gradient, size, 0.0);
  second_half_gradient_.assign(size, 0.0);
  double first = 0.0;
  double second = 0.0;
  if (threads_ >= 2) {
    std::thread worker([&] {
      second = SumRange(params, split_, sequences_.size(), second_half_gradient_.data());
    });
    first = SumRange(params, 0, split_, gradient);
    worker.join();
  } else {
    first = SumRange(params, 0, split_, gradient);
    second = SumRange(params, split_, sequences_.size(), second_half_gradient_.data());
  }
  double objective = first + second;
  for (size_t j = 0; j < size; ++j) {
    const double w = params[j];
    objective += 0.5 * l2_ * w * w - w * empirical_[j];
    gradient[j] += second_half_gradient_[j] - empirical_[j] + l2_ * w;
  }
  return objective;
}

}  // namespace newsflow::entities::internal
