// White-box test of the English word-cluster table (libs/entities/src/word_clusters.h) and of
// the features the English model takes from it.
#include "word_clusters.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ner_features.h"
#include "text_util.h"

namespace newsflow::entities::internal {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<WordClusters> MustParse(const std::string& text) {
  absl::StatusOr<std::unique_ptr<WordClusters>> clusters = WordClusters::Parse(text, "test.tsv");
  EXPECT_TRUE(clusters.ok()) << clusters.status();
  return clusters.ok() ? *std::move(clusters) : nullptr;
}

TEST(WordClustersTest, ParsesWordsAndIds) {
  const auto clusters = MustParse(
      "# newsflow word clusters v1\n# a comment\nparis\t482\nlondon\t482\nobama\t459\r\n"
      "0000\t1023\n");
  ASSERT_NE(clusters, nullptr);
  EXPECT_EQ(clusters->size(), 4u);
  EXPECT_EQ(clusters->Find("paris"), 482u);
  EXPECT_EQ(clusters->Find("london"), 482u);
  EXPECT_EQ(clusters->Find("obama"), 459u);
  EXPECT_EQ(clusters->Find("0000"), 1023u);
  EXPECT_EQ(clusters->Find("Paris"), WordClusters::kUnknown);
  EXPECT_EQ(clusters->Find("berlin"), WordClusters::kUnknown);
}

TEST(WordClustersTest, MalformedTextIsInvalidArgumentNamingFileAndLine) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "test.tsv:1"},
      {"paris\t482\n", "test.tsv:1"},
      {"# newsflow word clusters v1\nparis 482\n", "test.tsv:2"},
      {"# newsflow word clusters v1\nparis\t\n", "test.tsv:2"},
      {"# newsflow word clusters v1\nparis\t1024\n", "test.tsv:2"},
      {"# newsflow word clusters v1\nparis\t-1\n", "test.tsv:2"},
      {"# newsflow word clusters v1\nparis\t48x\n", "test.tsv:2"},
      {"# newsflow word clusters v1\n\tparis\n", "test.tsv:2"},
      {"# newsflow word clusters v1\nparis\t1\nrome\t2\nparis\t3\n", "test.tsv:4"},
      {"# newsflow word clusters v1\nparis\t1\n# late comment\n", "test.tsv:3"},
  };
  for (const auto& [text, where] : cases) {
    absl::StatusOr<std::unique_ptr<WordClusters>> clusters = WordClusters::Parse(text, "test.tsv");
    ASSERT_FALSE(clusters.ok()) << text;
    EXPECT_EQ(clusters.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_THAT(std::string(clusters.status().message()), HasSubstr(where)) << text;
  }
}

TEST(WordClustersTest, LoadOfAMissingFileIsNotFound) {
  const std::string path = std::string(NEWSFLOW_BINARY_DIR) + "/no-such-dir/en.clusters.tsv";
  EXPECT_EQ(WordClusters::Load(path).status().code(), absl::StatusCode::kNotFound);
}

TEST(WordClustersTest, ShippedFileLoads) {
  const std::string path = std::string(NEWSFLOW_SOURCE_DIR) + "/data/entities/en.clusters.tsv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  absl::StatusOr<std::unique_ptr<WordClusters>> clusters = WordClusters::Load(path);
  ASSERT_TRUE(clusters.ok()) << clusters.status();
  EXPECT_EQ((*clusters)->size(), 200000u);
  // Keys are lower case, as the English features look them up.
  EXPECT_NE((*clusters)->Find("paris"), WordClusters::kUnknown);
  EXPECT_EQ((*clusters)->Find("Paris"), WordClusters::kUnknown);
  // Cities share their 64-level cluster (id >> 4) in the shipped file.
  EXPECT_EQ((*clusters)->Find("paris") >> 4, (*clusters)->Find("tokyo") >> 4);
}

// Features of each word of `text`, with `clusters` (may be null).
std::vector<std::vector<uint64_t>> EnglishFeaturesOf(const std::string& text,
                                                     const WordClusters* clusters) {
  AnalyzedText in;
  in.text = text;
  in.language = "en";
  in.cps = DecodeUtf8(text);
  in.word_clusters = clusters;
  std::vector<TagUnit> units;
  FeatureSequence features;
  EnglishUnits(in, units);
  EnglishFeatures(in, units, features);
  std::vector<std::vector<uint64_t>> out;
  for (size_t u = 0; u < features.size(); ++u) {
    out.emplace_back(features.features.begin() + features.offsets[u],
                     features.features.begin() + features.offsets[u + 1]);
  }
  return out;
}

std::vector<uint64_t> Tail(const std::vector<uint64_t>& features, size_t from) {
  return {features.begin() + static_cast<std::ptrdiff_t>(from), features.end()};
}

TEST(WordClustersTest, EnglishFeaturesAddClusterFeaturesOnlyWithClusters) {
  // paris and rome share all three levels; oslo only the 64-level cluster (id >> 4); berlin
  // is unknown.
  const auto clusters =
      MustParse("# newsflow word clusters v1\nparis\t482\nrome\t482\noslo\t490\nvisited\t7\n");
  ASSERT_NE(clusters, nullptr);
  const auto plain = EnglishFeaturesOf("She visited Paris", nullptr);
  const auto with = EnglishFeaturesOf("She visited Paris", clusters.get());
  ASSERT_EQ(plain.size(), 3u);
  ASSERT_EQ(with.size(), 3u);
  for (size_t u = 0; u < plain.size(); ++u) {
    // The features without clusters come first and are unchanged (the model's keys).
    ASSERT_GT(with[u].size(), plain[u].size());
    EXPECT_EQ(std::vector<uint64_t>(with[u].begin(), with[u].begin() + plain[u].size()), plain[u]);
  }
  const size_t base = plain[2].size();
  // Same clusters and shape, same cluster features, whatever the word.
  const auto rome = EnglishFeaturesOf("She visited Rome", clusters.get());
  EXPECT_EQ(Tail(rome[2], base), Tail(with[2], base));
  // Another word cluster: the features of every level but the shared coarsest one differ.
  const auto oslo = EnglishFeaturesOf("She visited Oslo", clusters.get());
  const std::vector<uint64_t> paris_tail = Tail(with[2], base);
  const std::vector<uint64_t> oslo_tail = Tail(oslo[2], base);
  ASSERT_EQ(paris_tail.size(), oslo_tail.size());
  size_t shared = 0;
  for (size_t k = 0; k < paris_tail.size(); ++k) shared += paris_tail[k] == oslo_tail[k];
  // At level 64 both of the word (word, word × shape); at 256 and 1024 only the neighbours'
  // (the same "visited" and end of text), not the word's or the pairs.
  EXPECT_EQ(shared, 2u + 2u * 2u);
  // An unknown word is its own cluster, unlike any known one.
  const auto berlin = EnglishFeaturesOf("She visited Berlin", clusters.get());
  EXPECT_NE(Tail(berlin[2], base), paris_tail);
  // The neighbour's cluster reaches the word before it.
  EXPECT_EQ(Tail(rome[1], plain[1].size()), Tail(with[1], plain[1].size()));
  EXPECT_NE(Tail(oslo[1], plain[1].size()), Tail(with[1], plain[1].size()));
}

}  // namespace
}  // namespace newsflow::entities::internal
