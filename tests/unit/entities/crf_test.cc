// The CRF trainer's pieces on hand-made problems: log-partition against enumeration, gradient
// against finite differences, and training on a tiny separable set.
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crf_objective.h"
#include "sequence_model.h"
#include "title_features.h"

namespace newsflow::entities::internal {
namespace {

// O, B-PER, I-PER, B-ORG, I-ORG with the BIO rule SequenceModel decodes under: I-X only after
// B-X or I-X (and not first).
TagConstraints BioConstraints() {
  TagConstraints c;
  c.num_tags = 5;
  c.allowed.assign(6 * 5, 1);
  c.allowed_end.assign(5, 1);
  for (size_t previous = 0; previous <= 5; ++previous) {
    c.allowed[previous * 5 + 2] = previous == 2 || previous == 3;  // I-PER after B-PER, I-PER
    c.allowed[previous * 5 + 4] = previous == 4 || previous == 5;  // I-ORG after B-ORG, I-ORG
  }
  return c;
}

bool Allowed(const TagConstraints& c, const std::vector<uint16_t>& tags) {
  for (size_t i = 0; i < tags.size(); ++i) {
    const size_t previous = i == 0 ? 0 : size_t{tags[i - 1]} + 1;
    if (!c.allowed[previous * c.num_tags + tags[i]]) return false;
  }
  return c.allowed_end[tags.back()] != 0;
}

// A sequence of `n` positions with two or three random rows each and, at some positions, a
// valued feature; gold tags are all O (the tests that need gold tags set them).
CrfSequence RandomSequence(std::mt19937& rng, size_t n, uint32_t num_rows) {
  CrfSequence s;
  std::uniform_int_distribution<uint32_t> row(0, num_rows - 1);
  std::uniform_real_distribution<float> value(-1.5f, 1.5f);
  for (size_t i = 0; i < n; ++i) {
    for (uint32_t f = 0; f < 2 + i % 2; ++f) s.rows.push_back(row(rng));
    s.offsets.push_back(static_cast<uint32_t>(s.rows.size()));
    if (i % 2 == 0) {
      s.valued_rows.push_back(row(rng));
      s.values.push_back(value(rng));
    }
    s.valued_offsets.push_back(static_cast<uint32_t>(s.valued_rows.size()));
  }
  s.gold.assign(n, 0);
  return s;
}

std::vector<double> RandomParameters(std::mt19937& rng, size_t size) {
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> params(size);
  for (double& p : params) p = normal(rng);
  return params;
}

double BruteForceLogPartition(const CrfObjective& objective, const TagConstraints& c,
                              const double* params, const CrfSequence& s) {
  const size_t n = s.size();
  std::vector<uint16_t> tags(n, 0);
  double sum = 0.0;
  size_t sequences = 1;
  for (size_t i = 0; i < n; ++i) sequences *= c.num_tags;
  for (size_t code = 0; code < sequences; ++code) {
    size_t rest = code;
    for (size_t i = 0; i < n; ++i) {
      tags[i] = static_cast<uint16_t>(rest % c.num_tags);
      rest /= c.num_tags;
    }
    if (Allowed(c, tags)) sum += std::exp(objective.Score(params, s, tags));
  }
  return std::log(sum);
}

TEST(CrfObjectiveTest, LogPartitionMatchesEnumerationOfAllowedTagSequences) {
  std::mt19937 rng(3);
  TagConstraints constraints = BioConstraints();
  for (bool restricted_end : {false, true}) {
    // As under BIOES: a sequence may not end on B-PER (whether or not it allows much).
    if (restricted_end) constraints.allowed_end[1] = 0;
    for (size_t n : {1, 2, 5}) {
      const CrfSequence s = RandomSequence(rng, n, 7);
      CrfObjective objective(constraints, 7, {s}, 0.0, 1);
      const std::vector<double> params = RandomParameters(rng, objective.num_parameters());
      EXPECT_NEAR(objective.LogPartition(params.data(), s),
                  BruteForceLogPartition(objective, constraints, params.data(), s), 1e-9)
          << "n=" << n << " restricted_end=" << restricted_end;
    }
  }
}

TEST(CrfObjectiveTest, LogPartitionStaysFiniteWithLargeScores) {
  std::mt19937 rng(5);
  const TagConstraints constraints = BioConstraints();
  const CrfSequence s = RandomSequence(rng, 40, 7);
  CrfObjective objective(constraints, 7, {s}, 0.0, 1);
  std::vector<double> params = RandomParameters(rng, objective.num_parameters());
  // exp() of the raw scores would overflow: emission weights in the hundreds, transitions
  // in the tens (far beyond what L2-regularized training gives).
  for (size_t j = 0; j < params.size(); ++j) {
    params[j] *= j < objective.num_emission_parameters() ? 300.0 : 30.0;
  }
  const double log_z = objective.LogPartition(params.data(), s);
  EXPECT_TRUE(std::isfinite(log_z));
  // log Z is at least the best sequence's score: all O is always allowed here.
  EXPECT_GE(log_z, objective.Score(params.data(), s, std::vector<uint16_t>(40, 0)) - 1e-6);
}

TEST(CrfObjectiveTest, GradientMatchesFiniteDifferences) {
  std::mt19937 rng(11);
  const TagConstraints constraints = BioConstraints();
  std::vector<CrfSequence> sequences;
  const std::vector<std::vector<uint16_t>> gold = {{1, 2, 0, 3}, {0, 3, 4, 4, 0, 1}, {1}};
  for (const std::vector<uint16_t>& tags : gold) {
    CrfSequence s = RandomSequence(rng, tags.size(), 6);
    s.gold = tags;
    sequences.push_back(s);
  }
  for (int threads : {1, 2}) {
    CrfObjective objective(constraints, 6, sequences, 0.3, threads);
    std::vector<double> params = RandomParameters(rng, objective.num_parameters());
    std::vector<double> gradient(params.size());
    objective.Evaluate(params.data(), gradient.data());
    std::vector<double> ignored(params.size());
    constexpr double kStep = 1e-5;
    for (size_t j = 0; j < params.size(); ++j) {
      const double saved = params[j];
      params[j] = saved + kStep;
      const double up = objective.Evaluate(params.data(), ignored.data());
      params[j] = saved - kStep;
      const double down = objective.Evaluate(params.data(), ignored.data());
      params[j] = saved;
      EXPECT_NEAR(gradient[j], (up - down) / (2 * kStep), 1e-5)
          << "parameter " << j << " threads=" << threads;
    }
  }
}

TEST(CrfObjectiveTest, ObjectiveIsTheNegativeLogLikelihoodPlusTheL2Term) {
  std::mt19937 rng(17);
  const TagConstraints constraints = BioConstraints();
  CrfSequence s = RandomSequence(rng, 3, 4);
  s.gold = {3, 4, 0};
  CrfObjective objective(constraints, 4, {s}, 2.0, 1);
  const std::vector<double> params = RandomParameters(rng, objective.num_parameters());
  double squares = 0.0;
  for (double p : params) squares += p * p;
  std::vector<double> gradient(params.size());
  EXPECT_NEAR(objective.Evaluate(params.data(), gradient.data()),
              BruteForceLogPartition(objective, constraints, params.data(), s) -
                  objective.Score(params.data(), s, s.gold) + squares,
              1e-9);
}

const std::vector<std::vector<std::string>> kSentences = {
    {"we", "met", "mr", "smith", "today"}, {"mr", "jones", "said", "no"},
    {"dr", "brown", "lee", "came"},        {"the", "dog", "ran"},
    {"a", "talk", "by", "dr", "green"},    {"mr", "white", "kim", "left", "early"},
    {"no", "one", "came", "today"},        {"then", "dr", "black", "spoke"}};
const std::vector<std::vector<uint16_t>> kGold = {{0, 0, 0, 1, 0}, {0, 1, 0, 0},    {0, 1, 2, 0},
                                                  {0, 0, 0},       {0, 0, 0, 0, 1}, {0, 1, 2, 0, 0},
                                                  {0, 0, 0, 0},    {0, 0, 1, 0}};

absl::StatusOr<SequenceModel> TrainTitleCrf(const SequenceModel::CrfOptions& options,
                                            SequenceModel::CrfReport* report = nullptr) {
  std::vector<FeatureSequence> features;
  for (const auto& s : kSentences) features.push_back(TitleFeatures(s));
  return SequenceModel::TrainCrf(kTitleTags, 12, features, kGold, options, report);
}

TEST(CrfTrainingTest, FitsATinySeparableSetAndGeneralizesFromContext) {
  SequenceModel::CrfReport report;
  absl::StatusOr<SequenceModel> model = TrainTitleCrf({.l2 = 0.1}, &report);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_GT(report.iterations, 0);
  EXPECT_EQ(report.sentences_skipped, 0u);
  for (size_t i = 0; i < kSentences.size(); ++i) {
    EXPECT_EQ(model->Decode(TitleFeatures(kSentences[i])), kGold[i]) << "sentence " << i;
  }
  // "adams" was never seen: only the title feature can make it a name.
  EXPECT_THAT(model->Decode(TitleFeatures({"later", "mr", "adams", "ran"})),
              ::testing::ElementsAre(0, 0, 1, 0));
  // The serialized model decodes the same way after loading.
  absl::StatusOr<SequenceModel> loaded = SequenceModel::Parse(model->Serialize("en"), "t", nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  for (size_t i = 0; i < kSentences.size(); ++i) {
    EXPECT_EQ(loaded->Decode(TitleFeatures(kSentences[i])), kGold[i]) << "sentence " << i;
  }
}

TEST(CrfTrainingTest, SameBytesOnEveryRunAndWithOneOrTwoThreads) {
  const std::string two = TrainTitleCrf({.l2 = 0.5, .threads = 2})->Serialize("en");
  EXPECT_EQ(two, TrainTitleCrf({.l2 = 0.5, .threads = 2})->Serialize("en"));
  EXPECT_EQ(two, TrainTitleCrf({.l2 = 0.5, .threads = 1})->Serialize("en"));
}

TEST(CrfTrainingTest, L1GivesASparserModelThatStillFitsTheSet) {
  const std::string dense = TrainTitleCrf({.l2 = 0.1})->Serialize("en");
  absl::StatusOr<SequenceModel> sparse = TrainTitleCrf({.l2 = 0.1, .l1 = 0.5});
  ASSERT_TRUE(sparse.ok()) << sparse.status();
  // Zero weights are not stored, so fewer bytes means fewer non-zero weights.
  EXPECT_LT(sparse->Serialize("en").size(), dense.size());
  for (size_t i = 0; i < kSentences.size(); ++i) {
    EXPECT_EQ(sparse->Decode(TitleFeatures(kSentences[i])), kGold[i]) << "sentence " << i;
  }
}

TEST(CrfTrainingTest, SkipsSentencesWhoseGoldTagsTheConstraintsForbid) {
  std::vector<FeatureSequence> features = {TitleFeatures({"mr", "smith"}),
                                           TitleFeatures({"a", "b"})};
  // I-PER right after O cannot be scored by the CRF (probability zero).
  const std::vector<std::vector<uint16_t>> gold = {{0, 1}, {0, 2}};
  SequenceModel::CrfReport report;
  absl::StatusOr<SequenceModel> model =
      SequenceModel::TrainCrf(kTitleTags, 10, features, gold, {.l2 = 1.0}, &report);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(report.sentences_skipped, 1u);
}

TEST(CrfTrainingTest, RejectsNegativeWeightsNoIterationsAndTooManyTags) {
  EXPECT_EQ(TrainTitleCrf({.l2 = -1.0}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TrainTitleCrf({.l1 = -0.1}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TrainTitleCrf({.max_iterations = 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::vector<std::string> many_tags = {"O"};
  for (int type = 0; type < 40; ++type) {
    many_tags.push_back("B-T" + std::to_string(type));
    many_tags.push_back("I-T" + std::to_string(type));
  }
  EXPECT_EQ(SequenceModel::TrainCrf(many_tags, 10, {TitleFeatures({"a"})}, {{0}}, {}, nullptr)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace newsflow::entities::internal
