#include "alias_spans.h"

#include <algorithm>
#include <array>
#include <string_view>

#include <unicode/uchar.h>

namespace newsflow::entities::internal {
namespace {

constexpr float kAliasConfidence = 0.95f;

// What may follow a one-kanji country abbreviation for it to be read as the country
// ("露大統領", "米国務長官", "中外務省").
constexpr std::array<std::string_view, 16> kCountryAbbreviationFollowers = {
    "大統領", "首相",   "外相", "国防相", "政府", "軍",   "国務長官", "国務省",
    "外務省", "国防省", "当局", "首脳",   "大使", "両国", "関係",     "紙"};

bool IsLatinLike(Script script) {
  return script == Script::kLatin || script == Script::kDigit || script == Script::kCyrillic;
}

bool IsKanjiNumeral(char32_t c) {
  static constexpr std::u32string_view kNumerals = U"〇一二三四五六七八九十百千万";
  return kNumerals.find(c) != std::u32string_view::npos;
}

int SourceRank(CandidateSource source) {
  switch (source) {
    case CandidateSource::kAlias:
      return 0;
    case CandidateSource::kModel:
      return 1;
    case CandidateSource::kRule:
      return 2;
  }
  return 3;
}

// Latin, Cyrillic and digit matches: whole words only, and capitalized as a name is.
bool AcceptLatin(const CodePoints& cps, const AliasMatch& match) {
  auto latin_word_char = [](char32_t c) {
    return internal::IsWordChar(c) && IsLatinLike(ScriptOf(c));
  };
  if (match.begin > 0 && latin_word_char(cps.chars[match.begin - 1])) return false;
  if (match.end < cps.size() && latin_word_char(cps.chars[match.end])) return false;
  if (match.acronym) {
    for (uint32_t i = match.begin; i < match.end; ++i) {
      if (u_islower(static_cast<UChar32>(cps.chars[i]))) return false;
    }
    return true;
  }
  return !u_islower(static_cast<UChar32>(cps.chars[match.begin]));
}

bool AcceptElsewhere(const AnalyzedText& in, const AliasMatch& match) {
  const Script first = ScriptOf(in.cps.chars[match.begin]);
  const Script last = ScriptOf(in.cps.chars[match.end - 1]);
  if (IsLatinLike(first) || IsLatinLike(last)) return AcceptLatin(in.cps, match);
  // Without a segmenter, one-character aliases (露, 米) are far too ambiguous.
  return match.end - match.begin >= 2;
}

// One-kanji abbreviations (露, 米, 中, 韓, 朝, 日) only in the patterns of news headlines:
// pairs of them (日米, 露朝) tagged as countries by MeCab, or before a title (露大統領).
bool AcceptCountryAbbreviation(const AnalyzedText& in, const AliasMatch& match,
                               const std::vector<int32_t>& token_at) {
  if (match.entity->type != EntityType::kLocation) return false;
  if (ScriptOf(in.cps.chars[match.begin]) != Script::kHan) return false;
  if (match.begin > 0) {
    const char32_t before = in.cps.chars[match.begin - 1];
    if (ScriptOf(before) == Script::kDigit || IsKanjiNumeral(before)) return false;
  }
  const int32_t t = token_at[match.begin];
  if (t < 0 || in.tokens[t].end != match.end) return false;
  auto single_country = [&](int32_t index) {
    if (index < 0 || index >= static_cast<int32_t>(in.tokens.size())) return false;
    const Token& token = in.tokens[index];
    return token.end - token.begin == 1 && token.Is("名詞", "固有名詞", "地域", "国");
  };
  if (single_country(t)) {
    const bool before = t > 0 && in.tokens[t - 1].end == match.begin && single_country(t - 1);
    const bool after = t + 1 < static_cast<int32_t>(in.tokens.size()) &&
                       in.tokens[t + 1].begin == match.end && single_country(t + 1);
    if (before || after) return true;
  }
  const std::string_view rest = in.text.substr(in.cps.byte_offsets[match.end]);
  for (std::string_view follower : kCountryAbbreviationFollowers) {
    if (rest.substr(0, follower.size()) == follower) return true;
  }
  return false;
}

bool AcceptInJapanese(const AnalyzedText& in, const AliasMatch& match,
                      const std::vector<bool>& token_begin, const std::vector<bool>& token_end,
                      const std::vector<int32_t>& token_at) {
  const CodePoints& cps = in.cps;
  const Script first = ScriptOf(cps.chars[match.begin]);
  const Script last = ScriptOf(cps.chars[match.end - 1]);
  if (IsLatinLike(first) || IsLatinLike(last)) return AcceptLatin(cps, match);
  if (match.end - match.begin == 1) return AcceptCountryAbbreviation(in, match, token_at);
  // Both ends on a MeCab token boundary, or where the script changes (ロシア|軍, の|北朝鮮).
  const bool begin_ok = match.begin == 0 || token_begin[match.begin] ||
                        !internal::IsWordChar(cps.chars[match.begin - 1]) ||
                        ScriptOf(cps.chars[match.begin - 1]) != first;
  const bool end_ok = match.end == cps.size() || token_end[match.end] ||
                      !internal::IsWordChar(cps.chars[match.end]) ||
                      ScriptOf(cps.chars[match.end]) != last;
  return begin_ok && end_ok;
}

}  // namespace

std::vector<Candidate> FindAliasSpans(const AliasMatcher& matcher, const AnalyzedText& in,
                                      bool japanese) {
  const CodePoints& cps = in.cps;
  const size_t n = cps.size();
  std::vector<bool> token_begin(n + 1, false);
  std::vector<bool> token_end(n + 1, false);
  std::vector<int32_t> token_at(n + 1, -1);  // index of the token starting at a code point
  for (size_t t = 0; t < in.tokens.size(); ++t) {
    token_begin[in.tokens[t].begin] = true;
    token_end[in.tokens[t].end] = true;
    token_at[in.tokens[t].begin] = static_cast<int32_t>(t);
  }
  // The longest acceptable match at each start; the resolver removes overlaps.
  std::vector<Candidate> result;
  const std::vector<AliasMatch> matches = matcher.FindAll(cps);
  for (size_t k = 0; k < matches.size();) {
    const uint32_t begin = matches[k].begin;
    size_t group_end = k;
    while (group_end < matches.size() && matches[group_end].begin == begin) ++group_end;
    for (size_t m = group_end; m-- > k;) {
      const AliasMatch& match = matches[m];
      const bool ok = japanese ? AcceptInJapanese(in, match, token_begin, token_end, token_at)
                               : AcceptElsewhere(in, match);
      if (ok) {
        result.push_back(Candidate{.begin = match.begin,
                                   .end = match.end,
                                   .type = match.entity->type,
                                   .confidence = kAliasConfidence,
                                   .source = CandidateSource::kAlias,
                                   .canonical = *match.entity});
        break;
      }
    }
    k = group_end;
  }
  return ResolveOverlaps(std::move(result), cps.size());
}

std::vector<Candidate> ResolveOverlaps(std::vector<Candidate> candidates, size_t text_length) {
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (SourceRank(a.source) != SourceRank(b.source)) {
      return SourceRank(a.source) < SourceRank(b.source);
    }
    if (a.end - a.begin != b.end - b.begin) return a.end - a.begin > b.end - b.begin;
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    return a.begin < b.begin;
  });
  std::vector<bool> taken(text_length, false);
  std::vector<Candidate> kept;
  for (Candidate& candidate : candidates) {
    if (candidate.end <= candidate.begin || candidate.end > text_length) continue;
    bool free = true;
    for (uint32_t i = candidate.begin; i < candidate.end && free; ++i) free = !taken[i];
    if (!free) continue;
    for (uint32_t i = candidate.begin; i < candidate.end; ++i) taken[i] = true;
    kept.push_back(std::move(candidate));
  }
  std::sort(kept.begin(), kept.end(),
            [](const Candidate& a, const Candidate& b) { return a.begin < b.begin; });
  return kept;
}

}  // namespace newsflow::entities::internal
