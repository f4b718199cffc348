#include "newsflow/entities/recognizer.h"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <string>

#include <absl/status/status.h>
#include <absl/strings/str_cat.h>
#include <unicode/uchar.h>

#include "alias_matcher.h"
#include "tagger.h"
#include "text_util.h"
#include "tokenizer.h"

namespace newsflow::entities {
namespace {

using internal::AliasMatch;
using internal::AnalyzedText;
using internal::Candidate;
using internal::CandidateSource;
using internal::CodePoints;
using internal::Script;
using internal::ScriptOf;
using internal::Token;

constexpr float kAliasConfidence = 0.95f;

// What may follow a one-kanji country abbreviation for it to be read as the country
// ("露大統領", "米国務長官", "中外務省").
constexpr std::array<std::string_view, 16> kCountryAbbreviationFollowers = {
    "大統領", "首相",   "外相", "国防相", "政府", "軍",   "国務長官", "国務省",
    "外務省", "国防省", "当局", "首脳",   "大使", "両国", "関係",     "紙"};

bool FileExists(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

bool IsLatinLike(Script script) {
  return script == Script::kLatin || script == Script::kDigit || script == Script::kCyrillic;
}

bool IsKanjiNumeral(char32_t c) {
  static constexpr std::u32string_view kNumerals = U"〇一二三四五六七八九十百千万";
  return kNumerals.find(c) != std::u32string_view::npos;
}

std::string PrimaryLanguage(std::string_view language) {
  std::string primary;
  for (char c : language) {
    if (c == '-' || c == '_') break;
    primary.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c);
  }
  return primary;
}

// Languages whose proper nouns, and only those, start with a capital letter: the English
// capitalization rules carry over. German capitalizes every noun and is left out.
bool UsesCapitalizationRules(std::string_view language) {
  static constexpr std::array<std::string_view, 16> kLanguages = {
      "en", "fr", "es", "it", "pt", "nl", "sv", "da",
      "no", "nb", "fi", "pl", "ro", "id", "ms", "ca"};
  return std::find(kLanguages.begin(), kLanguages.end(), language) != kLanguages.end();
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

// Place-name suffixes that do not change which place is meant (平壌市 is Pyongyang).
bool IsPlaceSuffix(char32_t c) {
  static constexpr std::u32string_view kSuffixes = U"都道府県市区町村州";
  return kSuffixes.find(c) != std::u32string_view::npos;
}

// A rule span of the same type that strictly contains an alias match names something more
// specific (東京都千代田区 around 東京都), as does an organization span around a place
// (東京大学 around 東京): it replaces the alias match. When it only adds a
// place suffix, it keeps the alias's canonical entity.
void PreferSpecificRuleSpans(const CodePoints& cps, std::vector<Candidate>& candidates) {
  std::vector<bool> dropped(candidates.size(), false);
  for (Candidate& rule : candidates) {
    if (rule.source != CandidateSource::kRule) continue;
    for (size_t k = 0; k < candidates.size(); ++k) {
      const Candidate& alias = candidates[k];
      if (alias.source != CandidateSource::kAlias) continue;
      // An organization named after a place (東京大学, ロシア軍) is the organization.
      const bool org_around_place =
          rule.type == EntityType::kOrganization && alias.type == EntityType::kLocation;
      if (alias.type != rule.type && !org_around_place) continue;
      if (alias.begin < rule.begin || alias.end > rule.end) continue;
      if (alias.end - alias.begin == rule.end - rule.begin) continue;
      dropped[k] = true;
      if (alias.begin == rule.begin && rule.end == alias.end + 1 &&
          IsPlaceSuffix(cps.chars[alias.end])) {
        rule.canonical = alias.canonical;
        rule.confidence = alias.confidence;
        rule.source = CandidateSource::kAlias;
      }
    }
  }
  size_t kept = 0;
  for (size_t k = 0; k < candidates.size(); ++k) {
    if (dropped[k]) continue;
    if (kept != k) candidates[kept] = std::move(candidates[k]);
    ++kept;
  }
  candidates.resize(kept);
}

// Keeps a non-overlapping subset: alias matches first, then model, then rules; within a
// source longer spans first, then the more confident, then the earlier.
std::vector<Candidate> Resolve(std::vector<Candidate> candidates, size_t text_length) {
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

class RuleBasedRecognizer final : public Recognizer {
 public:
  RuleBasedRecognizer(std::shared_ptr<const AliasTable> aliases,
                      std::unique_ptr<internal::Tokenizer> tokenizer)
      : aliases_(std::move(aliases)),
        matcher_(*aliases_),
        tokenizer_(std::move(tokenizer)),
        japanese_tagger_(internal::MakeJapaneseRuleTagger()),
        latin_tagger_(internal::MakeEnglishRuleTagger()) {}

  std::vector<EntityMention> Recognize(std::string_view utf8_text,
                                       std::string_view language) const override {
    std::vector<EntityMention> mentions;
    AnalyzedText in;
    in.text = utf8_text;
    in.cps = internal::DecodeUtf8(utf8_text);
    if (in.cps.size() == 0) return mentions;
    const std::string primary = PrimaryLanguage(language);
    in.language = primary;
    const bool japanese = primary == "ja";
    if (japanese) in.tokens = tokenizer_->Tokenize(utf8_text, in.cps);

    in.alias_spans = Resolve(AliasCandidates(in, japanese), in.cps.size());
    std::vector<Candidate> candidates = in.alias_spans;
    const internal::Tagger* tagger = nullptr;
    if (japanese) {
      tagger = japanese_tagger_.get();
    } else if (UsesCapitalizationRules(primary)) {
      tagger = latin_tagger_.get();
    }
    if (tagger != nullptr) {
      std::vector<Candidate> tagged = tagger->Tag(in);
      candidates.insert(candidates.end(), std::make_move_iterator(tagged.begin()),
                        std::make_move_iterator(tagged.end()));
    }
    PreferSpecificRuleSpans(in.cps, candidates);
    for (Candidate& candidate : Resolve(std::move(candidates), in.cps.size())) {
      mentions.push_back(ToMention(in, std::move(candidate)));
    }
    return mentions;
  }

 private:
  std::vector<Candidate> AliasCandidates(const AnalyzedText& in, bool japanese) const {
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
    const std::vector<AliasMatch> matches = matcher_.FindAll(cps);
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
    return result;
  }

  // Latin, Cyrillic and digit matches: whole words only, and capitalized as a name is.
  static bool AcceptLatin(const CodePoints& cps, const AliasMatch& match) {
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

  static bool AcceptElsewhere(const AnalyzedText& in, const AliasMatch& match) {
    const Script first = ScriptOf(in.cps.chars[match.begin]);
    const Script last = ScriptOf(in.cps.chars[match.end - 1]);
    if (IsLatinLike(first) || IsLatinLike(last)) return AcceptLatin(in.cps, match);
    // Without a segmenter, one-character aliases (露, 米) are far too ambiguous.
    return match.end - match.begin >= 2;
  }

  static bool AcceptInJapanese(const AnalyzedText& in, const AliasMatch& match,
                               const std::vector<bool>& token_begin,
                               const std::vector<bool>& token_end,
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

  // One-kanji abbreviations (露, 米, 中, 韓, 朝, 日) only in the patterns of news headlines:
  // pairs of them (日米, 露朝) tagged as countries by MeCab, or before a title (露大統領).
  static bool AcceptCountryAbbreviation(const AnalyzedText& in, const AliasMatch& match,
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

  EntityMention ToMention(const AnalyzedText& in, Candidate candidate) const {
    EntityMention mention;
    mention.begin = candidate.begin;
    mention.end = candidate.end;
    mention.surface = internal::Slice(in.text, in.cps, candidate.begin, candidate.end);
    mention.confidence = candidate.confidence;
    std::optional<CanonicalEntity> canonical = std::move(candidate.canonical);
    // A rule span may still be a known alias written differently (width, case).
    if (!canonical) canonical = aliases_->Find(mention.surface);
    if (canonical) {
      mention.type = canonical->type;
      mention.canonical_name = std::move(canonical->canonical_name);
      mention.entity_id = std::move(canonical->entity_id);
    } else {
      mention.type = candidate.type;
      mention.canonical_name = mention.surface;
      mention.entity_id = FallbackEntityId(candidate.type, mention.surface);
    }
    return mention;
  }

  std::shared_ptr<const AliasTable> aliases_;
  internal::AliasMatcher matcher_;
  std::unique_ptr<internal::Tokenizer> tokenizer_;
  std::unique_ptr<internal::Tagger> japanese_tagger_;
  std::unique_ptr<internal::Tagger> latin_tagger_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Recognizer>> Recognizer::Create(const RecognizerOptions& options) {
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError("entities: data_dir is empty");
  }
  // Seam for the trained sequence taggers: when data_dir/ja.model (or en.model) exists, it is
  // to be loaded into a Tagger that replaces the rule tagger for that language. This build has
  // no model reader, and silently ignoring a deployed model would hide a packaging mistake.
  for (const char* model : {"ja.model", "en.model"}) {
    const std::string path = absl::StrCat(options.data_dir, "/", model);
    if (FileExists(path)) {
      return absl::InvalidArgumentError(
          absl::StrCat("entities: ", path, " present but this build has only rule taggers"));
    }
  }
  absl::StatusOr<std::shared_ptr<const AliasTable>> aliases =
      AliasTable::LoadFromFile(absl::StrCat(options.data_dir, "/aliases.tsv"));
  if (!aliases.ok()) return aliases.status();
  absl::StatusOr<std::unique_ptr<internal::Tokenizer>> tokenizer =
      internal::Tokenizer::Create(options.mecab_dicdir);
  if (!tokenizer.ok()) return tokenizer.status();
  return std::unique_ptr<Recognizer>(
      new RuleBasedRecognizer(*std::move(aliases), *std::move(tokenizer)));
}

}  // namespace newsflow::entities
