// White-box test of the NER feature hashing: the hashes are the keys of the shipped models'
// weight tables, so any change to how they are computed must leave every value unchanged.
#include "ner_features.h"

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "model_tagger.h"
#include "text_util.h"
#include "tokenizer.h"
#include "word_clusters.h"

namespace newsflow::entities::internal {
namespace {

// Pinned values computed with the original, straightforward feature hashing.
// FNV-1a over the offsets and feature hashes of a sequence.
uint64_t Digest(const FeatureSequence& sequence) {
  uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&](uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 0x100000001b3ULL;
    }
  };
  for (uint32_t offset : sequence.offsets) mix(offset);
  for (uint64_t feature : sequence.features) mix(feature);
  return h;
}

TEST(NerFeaturesTest, JapaneseFeatureHashesAreStable) {
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer = Tokenizer::Create("");
  if (!tokenizer.ok()) GTEST_SKIP() << tokenizer.status();
  const std::string text =
      "ロシアのプーチン大統領は19日、北朝鮮の金正恩総書記と平壌で会談した。"
      "ソフトバンクグループの孫正義会長は　ＡＩへの投資を拡大すると述べた。";
  AnalyzedText in;
  in.text = text;
  in.language = "ja";
  in.cps = DecodeUtf8(text);
  in.tokens = (*tokenizer)->Tokenize(text, in.cps);
  in.alias_spans.push_back(Candidate{
      .begin = 4, .end = 8, .type = EntityType::kPerson, .source = CandidateSource::kAlias});
  std::vector<TagUnit> units;
  FeatureSequence features;
  JapaneseUnits(in, units);
  JapaneseFeatures(in, units, features);
  ASSERT_EQ(features.size(), units.size());
  EXPECT_EQ(features.features.size(), size_t{2928});
  EXPECT_EQ(Digest(features), uint64_t{14106111126716230338ULL});
}

// Code points of particles, auxiliary verbs and symbols get the character features and two of
// the token instead of the whole token block; の (連体化), which occurs inside names, and the
// nouns keep the block.
TEST(NerFeaturesTest, FunctionWordsGetFewerFeatures) {
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer = Tokenizer::Create("");
  if (!tokenizer.ok()) GTEST_SKIP() << tokenizer.status();
  const std::string text = "東京の大学に行った。";
  AnalyzedText in;
  in.text = text;
  in.language = "ja";
  in.cps = DecodeUtf8(text);
  in.tokens = (*tokenizer)->Tokenize(text, in.cps);
  std::vector<TagUnit> units;
  FeatureSequence features;
  JapaneseUnits(in, units);
  JapaneseFeatures(in, units, features);
  ASSERT_EQ(features.size(), size_t{10});
  auto count = [&](size_t u) { return features.offsets[u + 1] - features.offsets[u]; };
  constexpr uint32_t kReduced = 19 + 2 + 1;  // characters, surface and POS, "no alias"
  EXPECT_GT(count(0), kReduced);             // 東 (noun)
  EXPECT_GT(count(2), kReduced);             // の (連体化)
  EXPECT_EQ(count(5), kReduced);             // に (case particle)
  EXPECT_EQ(count(8), kReduced);             // た (auxiliary verb)
  EXPECT_EQ(count(9), kReduced);             // 。 (symbol)
}

// Everything of a token that the features read, as text.
std::string DescribeTokens(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    out += std::to_string(t.begin) + "-" + std::to_string(t.end) + " " + std::string(t.surface) +
           " " + std::string(t.pos[0]) + "," + std::string(t.pos[1]) + "," + std::string(t.pos[2]) +
           "," + std::string(t.pos[3]) + "," + std::string(t.base_form) + "," +
           std::string(t.reading) + (t.unknown ? " unknown" : "") + "\n";
  }
  return out;
}

// Tokenize() reuses MeCab lattices between calls: a lattice that parsed a longer text, or one
// too long to be pooled, must leave nothing behind that changes the next call's tokens, and
// concurrent calls must not share one.
TEST(NerFeaturesTest, TokenizerGivesTheSameTokensWithReusedLattices) {
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer = Tokenizer::Create("");
  if (!tokenizer.ok()) GTEST_SKIP() << tokenizer.status();
  const std::string short_text = "トヨタ自動車は東京都内で記者会見を開いた。";
  std::string long_text;
  while (long_text.size() < 3500) {
    long_text += "ロシアのプーチン大統領は19日、北朝鮮の金正恩総書記と平壌で会談した。ＡＩ";
  }
  std::string huge_text;  // beyond what a pooled lattice may have parsed
  while (huge_text.size() < 80 * 1024) huge_text += long_text;
  auto tokens_of = [&](const Tokenizer& t, const std::string& text) {
    return DescribeTokens(t.Tokenize(text, DecodeUtf8(text)));
  };
  // A fresh tokenizer per text: every call has a new lattice.
  auto fresh = [&](const std::string& text) {
    absl::StatusOr<std::unique_ptr<Tokenizer>> own = Tokenizer::Create("");
    EXPECT_TRUE(own.ok()) << own.status();
    return tokens_of(**own, text);
  };
  const std::string short_tokens = fresh(short_text);
  const std::string long_tokens = fresh(long_text);
  const std::string huge_tokens = fresh(huge_text);
  ASSERT_NE(short_tokens.find("トヨタ"), std::string::npos);
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(tokens_of(**tokenizer, long_text), long_tokens);
    EXPECT_EQ(tokens_of(**tokenizer, short_text), short_tokens);
    EXPECT_EQ(tokens_of(**tokenizer, huge_text), huge_tokens);
    EXPECT_EQ(tokens_of(**tokenizer, short_text), short_tokens);
  }
  int mismatches[4] = {};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const bool odd = (i + t) % 2 == 1;
        if (tokens_of(**tokenizer, odd ? long_text : short_text) !=
            (odd ? long_tokens : short_tokens)) {
          ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(NerFeaturesTest, EnglishFeatureHashesAreStable) {
  const std::string text =
      "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Pyongyang. "
      "Toyota Motor Corp. said on Tuesday it wouldn't build a new plant in the U.S. state.";
  AnalyzedText in;
  in.text = text;
  in.language = "en";
  in.cps = DecodeUtf8(text);
  in.alias_spans.push_back(Candidate{
      .begin = 18, .end = 32, .type = EntityType::kPerson, .source = CandidateSource::kAlias});
  std::vector<TagUnit> units;
  FeatureSequence features;
  EnglishUnits(in, units);
  EnglishFeatures(in, units, features);
  ASSERT_EQ(features.size(), units.size());
  EXPECT_EQ(features.features.size(), size_t{1042});
  EXPECT_EQ(Digest(features), uint64_t{703745534103610258ULL});
}

// ScriptOf() answers the kana and CJK blocks without ICU; over every code point of those blocks
// it must say what ICU says.
TEST(NerFeaturesTest, ScriptOfShortcutsAgreeWithIcu) {
  const struct {
    char32_t first, last;
    UScriptCode icu;
    Script script;
  } kBlocks[] = {{0x3041, 0x3096, USCRIPT_HIRAGANA, Script::kHiragana},
                 {0x30A1, 0x30FA, USCRIPT_KATAKANA, Script::kKatakana},
                 {0x4E00, 0x9FFF, USCRIPT_HAN, Script::kHan}};
  for (const auto& block : kBlocks) {
    for (char32_t c = block.first; c <= block.last; ++c) {
      const auto cp = static_cast<UChar32>(c);
      UErrorCode status = U_ZERO_ERROR;
      ASSERT_FALSE(u_isUWhiteSpace(cp) || u_isdigit(cp)) << std::hex << cp;
      ASSERT_EQ(uscript_getScript(cp, &status), block.icu) << std::hex << cp;
      ASSERT_EQ(ScriptOf(c), block.script) << std::hex << cp;
    }
  }
}

// The spans of the shipped models on hand-written sentences, pinned: a faster feature extractor,
// emission sum or Viterbi must decode exactly the same tags.
std::string DescribeSpans(const ModelTagger& tagger, const AnalyzedText& in) {
  std::string out;
  for (const TypedSpan& span : tagger.Spans(in)) {
    out += Slice(in.text, in.cps, span.begin, span.end) + ":" + std::string(span.type) + " ";
  }
  return out;
}

std::string ShippedModel(const char* language) {
  return std::string(NEWSFLOW_SOURCE_DIR) + "/data/entities/" + language + ".model";
}

TEST(NerFeaturesTest, ShippedJapaneseModelSpansArePinned) {
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer = Tokenizer::Create("");
  if (!tokenizer.ok()) GTEST_SKIP() << tokenizer.status();
  absl::StatusOr<std::unique_ptr<ModelTagger>> tagger = ModelTagger::Load(ShippedModel("ja"));
  ASSERT_TRUE(tagger.ok()) << tagger.status();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ロシアのプーチン大統領は19日、北朝鮮の金正恩総書記と平壌で会談した。",
       "ロシア:LOC プーチン:PER 北朝鮮:LOC 金正恩:PER 平壌:LOC "},
      {"トヨタ自動車は東京都内で記者会見を開き、新型車の販売計画を発表した。",
       "トヨタ自動車:ORG 東京都内:LOC "},
      {"国連安全保障理事会は、ウクライナ情勢をめぐる緊急会合をニューヨークで開いた。",
       "国連安全保障理事会:ORG ウクライナ:LOC ニューヨーク:LOC "},
      {"京都大学の研究チームは、新しい治療法の臨床試験を始めると発表した。", "京都大学:ORG "},
      {"ソフトバンクグループの孫正義会長は　ＡＩへの投資を拡大すると述べた。",
       "ソフトバンクグループ:ORG ＡＩ:ORG "}};
  for (const auto& [text, expected] : cases) {
    AnalyzedText in;
    in.text = text;
    in.language = "ja";
    in.cps = DecodeUtf8(text);
    in.tokens = (*tokenizer)->Tokenize(text, in.cps);
    EXPECT_EQ(DescribeSpans(**tagger, in), expected) << text;
  }
}

TEST(NerFeaturesTest, ShippedEnglishModelSpansArePinned) {
  absl::StatusOr<std::unique_ptr<ModelTagger>> tagger = ModelTagger::Load(ShippedModel("en"));
  ASSERT_TRUE(tagger.ok()) << tagger.status();
  // The English model was trained with the shipped word clusters as features...
  absl::StatusOr<std::unique_ptr<WordClusters>> clusters =
      WordClusters::Load(std::string(NEWSFLOW_SOURCE_DIR) + "/data/entities/en.clusters.tsv");
  ASSERT_TRUE(clusters.ok()) << clusters.status();
  // ... and the word vectors.
  ASSERT_TRUE((*clusters)
                  ->LoadVectors(std::string(NEWSFLOW_SOURCE_DIR) + "/data/entities/en.vectors.bin")
                  .ok());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Russian President Vladimir Putin met North Korean leader Kim Jong Un in Pyongyang.",
       "Vladimir Putin:PER Kim Jong Un:PER Pyongyang:LOC "},
      {"Toyota Motor Corp. said on Tuesday it would build a new battery plant in North Carolina.",
       "Toyota Motor Corp.:ORG North Carolina:LOC "},
      {"Researchers at Kyoto University published the results in the journal Nature.",
       "Kyoto University:ORG Nature:ORG "}};
  for (const auto& [text, expected] : cases) {
    AnalyzedText in;
    in.text = text;
    in.language = "en";
    in.cps = DecodeUtf8(text);
    in.word_clusters = clusters->get();
    EXPECT_EQ(DescribeSpans(**tagger, in), expected) << text;
  }
}

}  // namespace
}  // namespace newsflow::entities::internal
