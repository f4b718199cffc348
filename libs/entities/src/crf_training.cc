// SequenceModel::TrainCrf: maximum-likelihood training of the linear-chain model with L-BFGS.
#include <lbfgs.h>

#include <limits>

#include <absl/status/status.h>
#include <absl/strings/str_cat.h>

#include "crf_objective.h"
#include "sequence_model.h"

namespace newsflow::entities::internal {
namespace {

struct Optimization {
  CrfObjective* objective;
  const SequenceModel::CrfOptions* options;
  int iterations = 0;
  double last_objective = 0.0;
};

lbfgsfloatval_t EvaluateObjective(void* instance, const lbfgsfloatval_t* x, lbfgsfloatval_t* g,
                                  int /*n*/, lbfgsfloatval_t /*step*/) {
  return static_cast<Optimization*>(instance)->objective->Evaluate(x, g);
}

int ReportProgress(void* instance, const lbfgsfloatval_t* /*x*/, const lbfgsfloatval_t* /*g*/,
                   lbfgsfloatval_t fx, lbfgsfloatval_t /*xnorm*/, lbfgsfloatval_t /*gnorm*/,
                   lbfgsfloatval_t /*step*/, int /*n*/, int k, int /*ls*/) {
  auto* run = static_cast<Optimization*>(instance);
  run->iterations = k;
  run->last_objective = fx;
  if (run->options->on_iteration) run->options->on_iteration(k, fx);
  return 0;
}

bool GoldAllowed(const TagConstraints& c, const std::vector<uint16_t>& gold) {
  const size_t k = c.num_tags;
  for (size_t i = 0; i < gold.size(); ++i) {
    const size_t previous = i == 0 ? 0 : size_t{gold[i - 1]} + 1;
    if (!c.allowed[previous * k + gold[i]]) return false;
  }
  return gold.empty() || c.allowed_end[gold.back()];
}

}  // namespace

absl::StatusOr<SequenceModel> SequenceModel::TrainCrf(
    std::vector<std::string> tags, uint32_t hash_bits,
    const std::vector<FeatureSequence>& sequences, const std::vector<std::vector<uint16_t>>& gold,
    const CrfOptions& options, CrfReport* report) {
  if (!(options.l2 >= 0.0) || !(options.l1 >= 0.0) || options.max_iterations < 1) {
    return absl::InvalidArgumentError("crf: l2 and l1 must be >= 0 and max_iterations >= 1");
  }
  if (tags.size() > CrfObjective::kMaxTags) {
    return absl::InvalidArgumentError(
        absl::StrCat("crf: ", tags.size(), " tags, at most ", CrfObjective::kMaxTags));
  }
  SequenceModel model(std::move(tags), hash_bits);
  const size_t k = model.num_tags();
  TagConstraints constraints{k, model.allowed_, model.allowed_end_};
  // Only the rows some feature hashes to are parameters (the others stay zero), numbered in
  // row order; each feature's row is looked up once here, not per evaluation.
  constexpr uint32_t kUnused = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> compact(size_t{1} << hash_bits, kUnused);
  for (const FeatureSequence& s : sequences) {
    for (uint64_t f : s.features) compact[model.Row(f)] = 0;
    for (uint64_t f : s.valued_features) compact[model.Row(f)] = 0;
  }
  std::vector<uint32_t> rows;  // compact index -> row
  for (size_t row = 0; row < compact.size(); ++row) {
    if (compact[row] == kUnused) continue;
    compact[row] = static_cast<uint32_t>(rows.size());
    rows.push_back(static_cast<uint32_t>(row));
  }
  CrfReport local;
  std::vector<CrfSequence> crf_sequences;
  crf_sequences.reserve(sequences.size());
  for (size_t index = 0; index < sequences.size(); ++index) {
    if (!GoldAllowed(constraints, gold[index])) {
      ++local.sentences_skipped;
      continue;
    }
    const FeatureSequence& s = sequences[index];
    CrfSequence& out = crf_sequences.emplace_back();
    out.offsets = s.offsets;
    out.valued_offsets = s.valued_offsets;
    out.values = s.values;
    out.gold = gold[index];
    out.rows.reserve(s.features.size());
    for (uint64_t f : s.features) out.rows.push_back(compact[model.Row(f)]);
    for (uint64_t f : s.valued_features) out.valued_rows.push_back(compact[model.Row(f)]);
  }
  CrfObjective objective(std::move(constraints), rows.size(), std::move(crf_sequences), options.l2,
                         options.threads);
  const int n = static_cast<int>(objective.num_parameters());
  lbfgsfloatval_t* x = lbfgs_malloc(n);
  if (x == nullptr) return absl::ResourceExhaustedError("crf: cannot allocate the parameters");
  std::fill_n(x, n, 0.0);
  lbfgs_parameter_t parameters;
  lbfgs_parameter_init(&parameters);
  parameters.max_iterations = options.max_iterations;
  // Stop when the objective improved by less than 1e-5 relative over 10 iterations.
  parameters.past = 10;
  parameters.delta = 1e-5;
  if (options.l1 > 0.0) {
    parameters.orthantwise_c = options.l1;
    parameters.orthantwise_start = 0;
    parameters.orthantwise_end = n;
    parameters.linesearch = LBFGS_LINESEARCH_BACKTRACKING;  // what OWL-QN requires
  }
  Optimization run{&objective, &options};
  lbfgsfloatval_t final_objective = 0.0;
  const int status =
      lbfgs(n, x, &final_objective, EvaluateObjective, ReportProgress, &run, &parameters);
  // Running out of iterations or of line-search progress near the optimum leaves x at the
  // last accepted point, which is a usable model.
  const bool usable = status == LBFGS_SUCCESS || status == LBFGS_STOP ||
                      status == LBFGS_ALREADY_MINIMIZED || status == LBFGSERR_MAXIMUMITERATION ||
                      status == LBFGSERR_ROUNDING_ERROR || status == LBFGSERR_MAXIMUMLINESEARCH ||
                      status == LBFGSERR_MINIMUMSTEP || status == LBFGSERR_MAXIMUMSTEP;
  if (!usable) {
    lbfgs_free(x);
    return absl::InternalError(absl::StrCat("crf: L-BFGS failed with status ", status));
  }
  for (size_t c = 0; c < rows.size(); ++c) {
    for (size_t t = 0; t < k; ++t) {
      model.weights_[size_t{rows[c]} * k + t] = static_cast<float>(x[c * k + t]);
    }
  }
  for (size_t cell = 0; cell < model.transitions_.size(); ++cell) {
    model.transitions_[cell] = static_cast<float>(x[objective.transition_offset() + cell]);
  }
  lbfgs_free(x);
  local.iterations = run.iterations;
  local.objective = final_objective;
  if (report != nullptr) *report = local;
  return model;
}

}  // namespace newsflow::entities::internal
