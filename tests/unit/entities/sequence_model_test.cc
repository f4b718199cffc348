#include "sequence_model.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "title_features.h"

namespace newsflow::entities::internal {
namespace {

SequenceModel TrainTitleModel(int epochs = 5,
                              const SequenceModel::EpochCallback& on_epoch = nullptr) {
  // "mr X Y" and "dr X": the word after a title begins a name, a second capitalised word
  // (here: any word in the name list) continues it.
  const std::vector<std::vector<std::string>> sentences = {
      {"we", "met", "mr", "smith", "today"}, {"mr", "jones", "said", "no"},
      {"dr", "brown", "lee", "came"},        {"the", "dog", "ran"},
      {"a", "talk", "by", "dr", "green"},    {"mr", "white", "kim", "left", "early"},
      {"no", "one", "came", "today"},        {"then", "dr", "black", "spoke"}};
  const std::vector<std::vector<uint16_t>> gold = {
      {0, 0, 0, 1, 0}, {0, 1, 0, 0},    {0, 1, 2, 0}, {0, 0, 0},
      {0, 0, 0, 0, 1}, {0, 1, 2, 0, 0}, {0, 0, 0, 0}, {0, 0, 1, 0}};
  std::vector<FeatureSequence> features;
  for (const auto& s : sentences) features.push_back(TitleFeatures(s));
  return SequenceModel::Train(kTitleTags, 12, features, gold, epochs, 7, on_epoch);
}

TEST(SequenceModelTest, LearnsThatTheWordAfterATitleBeginsAName) {
  const SequenceModel model = TrainTitleModel();
  // "adams" was never seen: only the title feature can make it a name.
  EXPECT_THAT(model.Decode(TitleFeatures({"later", "mr", "adams", "ran"})),
              ::testing::ElementsAre(0, 0, 1, 0));
  EXPECT_THAT(model.Decode(TitleFeatures({"the", "dog", "came"})), ::testing::ElementsAre(0, 0, 0));
  EXPECT_TRUE(model.Decode(FeatureSequence()).empty());
}

TEST(SequenceModelTest, NeverPredictsInsideWithoutBegin) {
  const SequenceModel model = TrainTitleModel();
  const std::vector<uint16_t> tags = model.Decode(TitleFeatures({"lee", "kim", "lee"}));
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_NE(tags[0], 2) << "I-PER at the start";
  for (size_t i = 1; i < tags.size(); ++i) {
    if (tags[i] == 2) {
      EXPECT_NE(tags[i - 1], 0) << "I-PER after O at " << i;
    }
  }
}

TEST(SequenceModelTest, EachEpochReportsTheModelTrainingForThatManyEpochsReturns) {
  std::vector<int> epochs;
  std::vector<std::string> snapshots;
  const SequenceModel model = TrainTitleModel(4, [&](int epoch, const SequenceModel& averaged) {
    epochs.push_back(epoch);
    snapshots.push_back(averaged.Serialize("en"));
  });
  EXPECT_THAT(epochs, ::testing::ElementsAre(1, 2, 3, 4));
  ASSERT_EQ(snapshots.size(), 4u);
  // Early stopping at epoch k must give the model of a k-epoch run.
  EXPECT_EQ(snapshots[1], TrainTitleModel(2).Serialize("en"));
  EXPECT_EQ(snapshots[3], model.Serialize("en"));
  EXPECT_NE(snapshots[0], snapshots[3]);
}

TEST(SequenceModelTest, TrainingIsReproducible) {
  EXPECT_EQ(TrainTitleModel().Serialize("en"), TrainTitleModel().Serialize("en"));
}

TEST(SequenceModelTest, SerializeRoundTripGivesIdenticalPredictions) {
  const SequenceModel model = TrainTitleModel();
  const std::string bytes = model.Serialize("en");
  std::string language;
  absl::StatusOr<SequenceModel> loaded = SequenceModel::Parse(bytes, "test.model", &language);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(language, "en");
  EXPECT_EQ(loaded->tags(), kTitleTags);
  EXPECT_EQ(loaded->Serialize("en"), bytes);
  for (const auto& words : std::vector<std::vector<std::string>>{
           {"later", "mr", "adams", "ran"}, {"dr", "brown", "lee", "came"}, {"x"}}) {
    EXPECT_EQ(loaded->Decode(TitleFeatures(words)), model.Decode(TitleFeatures(words)));
  }
}

TEST(SequenceModelTest, CorruptOrTruncatedBytesAreInvalidArgumentNamingTheFile) {
  const std::string bytes = TrainTitleModel().Serialize("en");
  std::string corrupt = bytes;
  corrupt[corrupt.size() / 2] ^= 0x55;
  for (const std::string& bad : {corrupt, bytes.substr(0, bytes.size() / 2), bytes.substr(0, 10),
                                 std::string("hello"), std::string()}) {
    absl::StatusOr<SequenceModel> parsed = SequenceModel::Parse(bad, "data/xx.model", nullptr);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(parsed.status().message()), ::testing::HasSubstr("data/xx.model"));
  }
}

// A parsed model decodes from a padded copy of the weight table and precomputed predecessor
// lists; Average() of one model gives the same weights without them (the training path). Both
// must tag every sequence the same, on the shipped models (13 and 7 tags).
// One valued feature per word (a single shared weight row) whose value says "name-like"
// (positive) or not (negative): no word is seen twice, so only the value can decide.
FeatureSequence ValuedFeatures(const std::vector<float>& name_scores) {
  constexpr uint64_t kScoreRow = 4242;
  FeatureSequence seq;
  for (size_t i = 0; i < name_scores.size(); ++i) {
    seq.Add(WordFeature("w" + std::to_string(i) + "/" + std::to_string(name_scores[i])));
    seq.AddValued(kScoreRow, name_scores[i]);
    seq.EndPosition();
  }
  return seq;
}

TEST(SequenceModelTest, LearnsFromValuedFeaturesAndKeepsThemThroughSerialization) {
  const std::vector<std::vector<float>> scores = {
      {-0.8f, 0.9f, -0.5f}, {0.7f, -0.9f}, {-0.6f, -0.7f, 0.8f}, {0.5f, -0.4f, -0.9f}};
  std::vector<FeatureSequence> features;
  std::vector<std::vector<uint16_t>> gold;
  for (const auto& s : scores) {
    features.push_back(ValuedFeatures(s));
    std::vector<uint16_t> tags;
    for (float v : s) tags.push_back(v > 0 ? 1 : 0);
    gold.push_back(tags);
  }
  const SequenceModel model = SequenceModel::Train(kTitleTags, 12, features, gold, 5, 7);
  // Values never seen in training, on both sides of zero.
  const FeatureSequence unseen = ValuedFeatures({0.6f, -0.3f, -0.75f, 0.95f});
  EXPECT_THAT(model.Decode(unseen), ::testing::ElementsAre(1, 0, 0, 1));
  absl::StatusOr<SequenceModel> loaded = SequenceModel::Parse(model.Serialize("en"), "t", nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->Decode(unseen), model.Decode(unseen));
  FeatureSequence cleared = unseen;
  cleared.Clear();
  EXPECT_EQ(cleared.size(), 0u);
  EXPECT_TRUE(cleared.valued_features.empty());
  EXPECT_THAT(cleared.valued_offsets, ::testing::ElementsAre(0u));
}

TEST(SequenceModelTest, ParsedModelDecodesLikeTheTrainingPath) {
  for (const char* name : {"ja.model", "en.model"}) {
    SCOPED_TRACE(name);
    std::ifstream file(std::string(NEWSFLOW_SOURCE_DIR) + "/data/entities/" + name,
                       std::ios::binary);
    if (!file) GTEST_SKIP() << "no shipped model " << name;
    std::ostringstream bytes;
    bytes << file.rdbuf();
    absl::StatusOr<SequenceModel> parsed = SequenceModel::Parse(bytes.str(), name, nullptr);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    const SequenceModel reference = SequenceModel::Average({*parsed});
    uint64_t state = 42;
    auto next = [&state] {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return state ^ (state >> 29);
    };
    for (int round = 0; round < 20; ++round) {
      FeatureSequence seq;
      const size_t positions = 1 + next() % 400;
      for (size_t i = 0; i < positions; ++i) {
        for (size_t f = next() % 50; f > 0; --f) seq.Add(next());
        seq.EndPosition();
      }
      EXPECT_EQ(parsed->Decode(seq), reference.Decode(seq)) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace newsflow::entities::internal
