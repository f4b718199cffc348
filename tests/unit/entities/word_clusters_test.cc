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

// en.vectors.bin bytes for `words` vectors of `dims` int8 values, with a correct checksum
// unless `checksum_delta` is not zero.
std::string VectorBytes(uint32_t words, uint32_t dims, const std::vector<int8_t>& values,
                        uint64_t checksum_delta = 0) {
  std::string bytes = "NFWRDVEC";
  for (uint32_t v : {1u, words, dims}) {
    for (int b = 0; b < 4; ++b) bytes.push_back(static_cast<char>((v >> (8 * b)) & 0xFF));
  }
  for (int8_t v : values) bytes.push_back(static_cast<char>(v));
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h += checksum_delta;
  for (int b = 0; b < 8; ++b) bytes.push_back(static_cast<char>((h >> (8 * b)) & 0xFF));
  return bytes;
}

constexpr char kTwoWords[] = "# newsflow word clusters v1\nparis\t482\nrome\t482\n";

TEST(WordClustersTest, VectorsFollowTheLineOrderOfTheWords) {
  auto clusters = MustParse(kTwoWords);
  ASSERT_NE(clusters, nullptr);
  EXPECT_EQ(clusters->vector_dims(), 0u);
  EXPECT_EQ(clusters->VectorOf(clusters->IndexOf("paris")), nullptr);
  ASSERT_TRUE(clusters->ParseVectors(VectorBytes(2, 3, {1, -2, 3, -127, 0, 127}), "v.bin").ok());
  EXPECT_EQ(clusters->vector_dims(), 3u);
  EXPECT_EQ(clusters->IndexOf("paris"), 0u);
  EXPECT_EQ(clusters->IndexOf("rome"), 1u);
  EXPECT_EQ(clusters->IndexOf("oslo"), WordClusters::kNoWord);
  EXPECT_EQ(clusters->ClusterOf(1), 482u);
  const int8_t* rome = clusters->VectorOf(1);
  ASSERT_NE(rome, nullptr);
  EXPECT_EQ(std::vector<int8_t>(rome, rome + 3), (std::vector<int8_t>{-127, 0, 127}));
  EXPECT_EQ(clusters->VectorOf(WordClusters::kNoWord), nullptr);
}

TEST(WordClustersTest, MalformedVectorsAreInvalidArgumentNamingTheFileAndTheFault) {
  const std::vector<int8_t> six = {1, 2, 3, 4, 5, 6};
  std::string bad_magic = VectorBytes(2, 3, six);
  bad_magic[0] = 'X';
  std::string bad_version = VectorBytes(2, 3, six);
  bad_version[8] = 2;
  const std::string good = VectorBytes(2, 3, six);
  const std::pair<std::string, std::string> cases[] = {
      {"", "truncated header"},
      {bad_magic, "bad magic"},
      {bad_version, "version"},
      {VectorBytes(2, 0, {}), "dimensions 0"},
      {VectorBytes(3, 2, six), "3 vectors for 2 words"},
      {good.substr(0, good.size() - 1), "bytes, expected"},
      {good + "x", "bytes, expected"},
      {VectorBytes(2, 3, six, 1), "checksum"},
  };
  for (const auto& [bytes, what] : cases) {
    auto clusters = MustParse(kTwoWords);
    ASSERT_NE(clusters, nullptr);
    const absl::Status status = clusters->ParseVectors(bytes, "v.bin");
    ASSERT_FALSE(status.ok()) << what;
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << what;
    EXPECT_THAT(std::string(status.message()), HasSubstr("v.bin")) << what;
    EXPECT_THAT(std::string(status.message()), HasSubstr(what));
    EXPECT_EQ(clusters->vector_dims(), 0u) << what;
  }
  auto clusters = MustParse(kTwoWords);
  EXPECT_EQ(clusters->LoadVectors(std::string(NEWSFLOW_BINARY_DIR) + "/no-such-dir/v.bin").code(),
            absl::StatusCode::kNotFound);
}

TEST(WordClustersTest, ShippedVectorsMatchTheShippedClusters) {
  const std::string dir = std::string(NEWSFLOW_SOURCE_DIR) + "/data/entities/";
  if (!std::filesystem::exists(dir + "en.vectors.bin")) GTEST_SKIP() << "no en.vectors.bin";
  absl::StatusOr<std::unique_ptr<WordClusters>> clusters =
      WordClusters::Load(dir + "en.clusters.tsv");
  ASSERT_TRUE(clusters.ok()) << clusters.status();
  ASSERT_TRUE((*clusters)->LoadVectors(dir + "en.vectors.bin").ok());
  EXPECT_EQ((*clusters)->vector_dims(), 16u);
  // Neighbours in the embedding space: a city is closer to a city than to a verb.
  auto dot = [&](const char* a, const char* b) {
    const int8_t* x = (*clusters)->VectorOf((*clusters)->IndexOf(a));
    const int8_t* y = (*clusters)->VectorOf((*clusters)->IndexOf(b));
    int sum = 0;
    for (uint32_t d = 0; d < 16; ++d) sum += x[d] * y[d];
    return sum;
  };
  EXPECT_GT(dot("paris", "tokyo"), dot("paris", "eat"));
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

TEST(WordClustersTest, EnglishFeaturesAddWordVectorsOfTheWordAndItsNeighboursAsValues) {
  auto clusters = MustParse(kTwoWords);
  ASSERT_NE(clusters, nullptr);
  auto valued = [&](const std::string& text) {
    AnalyzedText in;
    in.text = text;
    in.language = "en";
    in.cps = DecodeUtf8(text);
    in.word_clusters = clusters.get();
    std::vector<TagUnit> units;
    FeatureSequence features;
    EnglishUnits(in, units);
    EnglishFeatures(in, units, features);
    return features;
  };
  const FeatureSequence before = valued("Paris or Rome");
  EXPECT_TRUE(before.valued_features.empty());
  ASSERT_TRUE(clusters->ParseVectors(VectorBytes(2, 2, {10, -20, 30, 40}), "v.bin").ok());
  const FeatureSequence with = valued("Paris or Rome");
  ASSERT_EQ(with.size(), 3u);
  ASSERT_EQ(with.valued_offsets.size(), 4u);
  // paris and rome: their own vector only ("or" and the text's ends have none); "or": both
  // neighbours'.
  EXPECT_EQ(with.valued_offsets[1] - with.valued_offsets[0], 2u);
  EXPECT_EQ(with.valued_offsets[2] - with.valued_offsets[1], 4u);
  EXPECT_EQ(with.valued_offsets[3] - with.valued_offsets[2], 2u);
  EXPECT_GT(with.values[0], 0.0f);
  EXPECT_FLOAT_EQ(with.values[1], -2.0f * with.values[0]);
  // The same dimension of the same side has one weight row, whatever the word.
  EXPECT_EQ(with.valued_features[0], with.valued_features[6]);
  EXPECT_FLOAT_EQ(with.values[6], 3.0f * with.values[0]);
  // The binary features are unchanged but for the "no vector" ones.
  EXPECT_GT(with.features.size(), before.features.size());
}

}  // namespace
}  // namespace newsflow::entities::internal
