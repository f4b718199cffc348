#include "span_merge.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace newsflow::entities::internal {
namespace {

// Hand-written sentences; each test names its candidates by their text.
class SpanMergeTest : public ::testing::Test {
 protected:
  void SetText(std::string text) {
    text_ = std::move(text);
    cps_ = DecodeUtf8(text_);
  }

  // The candidate covering the first occurrence of `surface`.
  Candidate At(const std::string& surface, EntityType type, CandidateSource source) const {
    const size_t byte = text_.find(surface);
    EXPECT_NE(byte, std::string::npos) << surface;
    uint32_t begin = 0;
    while (cps_.byte_offsets[begin] < byte) ++begin;
    uint32_t end = begin;
    while (cps_.byte_offsets[end] < byte + surface.size()) ++end;
    return {.begin = begin, .end = end, .type = type, .source = source};
  }
  Candidate Model(const std::string& surface, EntityType type) const {
    return At(surface, type, CandidateSource::kModel);
  }
  Candidate Alias(const std::string& surface, EntityType type, const std::string& id) const {
    Candidate alias = At(surface, type, CandidateSource::kAlias);
    alias.canonical = CanonicalEntity{.entity_id = id, .canonical_name = id, .type = type};
    return alias;
  }

  std::string Describe(const std::vector<Candidate>& candidates) const {
    std::string out;
    for (const Candidate& c : candidates) {
      out += Slice(text_, cps_, c.begin, c.end) + "[" + EntityTypeName(c.type) + ":" +
             (c.canonical ? c.canonical->entity_id : "-") + "] ";
    }
    return out;
  }

  std::string text_;
  CodePoints cps_;
};

TEST_F(SpanMergeTest, NameCutIntoItsOrganizationTakesBothAliasMatches) {
  // The model cut 李明俊 | 共和民主党 one character late: 李明 + 俊共和民主党.
  SetText("韓国の李明俊共和民主党代表は記者団に語った。");
  const std::vector<Candidate> aliases = {Alias("韓国", EntityType::kLocation, "korea"),
                                          Alias("李明俊", EntityType::kPerson, "lee"),
                                          Alias("共和民主党", EntityType::kOrganization, "rdp")};
  const std::vector<Candidate> merged =
      MergeModelSpans(cps_, aliases,
                      {Model("韓国", EntityType::kLocation), Model("李明", EntityType::kPerson),
                       Model("俊共和民主党", EntityType::kOrganization)});
  EXPECT_EQ(Describe(merged), "韓国[LOC:korea] 李明俊[PER:lee] 共和民主党[ORG:rdp] ");
}

TEST_F(SpanMergeTest, TruncatedCountryNameBecomesTheAliasMatch) {
  SetText("南スーダンの首都ジュバで停戦協議が始まった。");
  const std::vector<Candidate> aliases = {Alias("南スーダン", EntityType::kLocation, "ss")};
  const std::vector<Candidate> merged = MergeModelSpans(
      cps_, aliases,
      {Model("南スー", EntityType::kLocation), Model("ジュバ", EntityType::kLocation)});
  EXPECT_EQ(Describe(merged), "南スーダン[LOC:ss] ジュバ[LOC:-] ");
}

TEST_F(SpanMergeTest, SpanContainingAnAliasMatchStaysAndUntouchedAliasesStayOut) {
  SetText("大阪大学の研究チームは京都で成果を発表した。");
  const std::vector<Candidate> aliases = {Alias("大阪", EntityType::kLocation, "osaka"),
                                          Alias("京都", EntityType::kLocation, "kyoto")};
  const std::vector<Candidate> merged =
      MergeModelSpans(cps_, aliases, {Model("大阪大学", EntityType::kOrganization)});
  EXPECT_EQ(Describe(merged), "大阪大学[ORG:-] ");  // 京都: the model rejected it
}

TEST_F(SpanMergeTest, SpanAcrossALineBreakKeepsOnlyTheAliasMatchesInIt) {
  SetText("与野党協議\nマレーシア首相が来日\n経済団体連合\n会長が歓迎");
  const std::vector<Candidate> aliases = {Alias("マレーシア", EntityType::kLocation, "my")};
  const std::vector<Candidate> merged =
      MergeModelSpans(cps_, aliases,
                      {Model("与野党協議\nマレーシア首相", EntityType::kOrganization),
                       Model("経済団体連合\n会長", EntityType::kOrganization)});
  EXPECT_EQ(Describe(merged), "マレーシア[LOC:my] ");
}

TEST_F(SpanMergeTest, EveryKindOfLineBreakEndsASpan) {
  for (const char* text :
       {"Acme\nCorp", "Acme\r\nCorp", "Acme\rCorp", "Acme\u2028Corp", "Acme\u2029Corp"}) {
    SetText(text);
    std::vector<Candidate> candidates = {{.begin = 0, .end = 4}, {.begin = 0, .end = 6}};
    DropSpansAcrossLines(cps_, candidates);
    ASSERT_EQ(candidates.size(), 1u) << text;
    EXPECT_EQ(candidates[0].end, 4u);
  }
  SetText("Acme Corp");
  EXPECT_FALSE(SpansLineBreak(cps_, 0, 9));
  EXPECT_FALSE(SpansLineBreak(cps_, 0, 99));  // clamped to the text
}

}  // namespace
TEST_F(SpanMergeTest, TitleRunIntoAKnownPersonIsSplitButBodiesNamedAfterOneStay) {
  SetText("会見したロシア大統領プーチンは、安倍内閣の方針にも触れた。");
  const std::vector<Candidate> aliases = {Alias("ロシア", EntityType::kLocation, "russia"),
                                          Alias("プーチン", EntityType::kPerson, "putin"),
                                          Alias("安倍", EntityType::kPerson, "abe")};
  const std::vector<Candidate> merged =
      MergeModelSpans(cps_, aliases,
                      {Model("ロシア大統領プーチン", EntityType::kOrganization),
                       Model("安倍内閣", EntityType::kOrganization)});
  EXPECT_EQ(Describe(merged), "ロシア[LOC:russia] プーチン[PER:putin] 安倍内閣[ORG:-] ");
}

TEST_F(SpanMergeTest, HonorificsAreCutOffPersonSpansOnly) {
  SetText("田中さんと佐藤氏が見学し、氏家は待機した。桜井様ホテルで会った。");
  std::vector<Candidate> spans = {
      Model("田中さん", EntityType::kPerson), Model("佐藤氏", EntityType::kPerson),
      Model("氏", EntityType::kPerson),  // nothing but the honorific: stays
      Model("桜井様ホテル", EntityType::kOrganization)};
  TrimHonorifics(cps_, spans);
  EXPECT_EQ(Describe(spans), "田中[PER:-] 佐藤[PER:-] 氏[PER:-] 桜井様ホテル[ORG:-] ");
}

}  // namespace newsflow::entities::internal
