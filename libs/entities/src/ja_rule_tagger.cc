// Rule-based Japanese tagger over IPADIC features. Deliberately conservative: every rule needs
// either a dictionary proper-noun tag or a strong context (a person title, a name suffix).
#include <array>
#include <string>
#include <string_view>

#include "tagger.h"

namespace newsflow::entities::internal {
namespace {

// Words after a name that mark it as a person. Longer entries first where one is a prefix.
constexpr std::array<std::string_view, 33> kPersonTitles = {
    "国務長官", "副大統領", "大統領", "国家主席", "総書記", "書記長", "委員長",
    "報道官",   "首相",     "外相",   "国防相",   "防衛相", "財務相", "長官",
    "議長",     "氏",       "さん",   "容疑者",   "被告",   "元首相", "前首相",
    "前大統領", "元大統領", "首席",   "主席",     "大使",   "特使",   "国王",
    "女王",     "王子",     "皇太子", "夫人",     "選手"};

// Titles that also follow places and organizations ("東京都知事", "トヨタ社長") are absent above
// on purpose; these ones after a katakana word only ever follow a person.
constexpr std::array<std::string_view, 10> kStrongPersonTitles = {
    "氏", "さん", "大統領", "首相", "総書記", "外相", "国務長官", "報道官", "容疑者", "被告"};

constexpr std::array<std::string_view, 40> kOrgSuffixes = {"株式会社", "ホールディングス",
                                                           "グループ", "委員会",
                                                           "新聞社",   "通信社",
                                                           "研究所",   "製作所",
                                                           "銀行",     "大学",
                                                           "新聞",     "通信",
                                                           "協会",     "連盟",
                                                           "機構",     "財団",
                                                           "工業",     "自動車",
                                                           "電機",     "商事",
                                                           "証券",     "放送",
                                                           "学園",     "高校",
                                                           "党",       "省",
                                                           "庁",       "軍",
                                                           "社",       "局",
                                                           "会議",     "議会",
                                                           "組合",     "連合",
                                                           "学会",     "基金",
                                                           "病院",     "中学校",
                                                           "小学校",   "高等学校"};

constexpr std::array<std::string_view, 9> kLocSuffixes = {"半島", "諸島", "列島", "島", "湾",
                                                          "海峡", "県",   "州",   "市"};

// Single-kanji country names preceding a title ("米大統領") are part of the title context.
constexpr std::array<std::string_view, 13> kCountryKanji = {
    "米", "露", "中", "韓", "朝", "日", "英", "仏", "独", "印", "豪", "伊", "加"};

bool IsKatakanaWord(const CodePoints& cps, const Token& token) {
  for (uint32_t i = token.begin; i < token.end; ++i) {
    const char32_t c = cps.chars[i];
    if (ScriptOf(c) != Script::kKatakana && c != U'・' && c != U'＝' && c != U'=') return false;
  }
  return true;
}

bool IsNameJoiner(const Token& token) {
  return token.surface == "・" || token.surface == "＝" || token.surface == "=";
}

bool IsNounForName(const Token& token) {
  return token.pos[0] == "名詞" && token.pos[1] != "非自立" && token.pos[1] != "代名詞" &&
         token.pos[1] != "数" && token.pos[1] != "副詞可能";
}

template <size_t N>
std::string_view StartsWithAny(std::string_view text,
                               const std::array<std::string_view, N>& words) {
  std::string_view best;
  for (std::string_view word : words) {
    if (text.substr(0, word.size()) == word && word.size() > best.size()) best = word;
  }
  return best;
}

template <size_t N>
bool EndsWithAny(std::string_view text, const std::array<std::string_view, N>& words) {
  for (std::string_view word : words) {
    if (text.size() > word.size() && text.substr(text.size() - word.size()) == word) return true;
    if (text == word) return true;
  }
  return false;
}

class JapaneseRuleTagger final : public Tagger {
 public:
  std::vector<Candidate> Tag(const AnalyzedText& in) const override {
    std::vector<Candidate> out;
    const std::vector<Token>& tokens = in.tokens;
    const size_t n = tokens.size();
    auto rest_after = [&](uint32_t cp_end) { return in.text.substr(in.cps.byte_offsets[cp_end]); };
    // A person title after the span, optionally after one country kanji ("トランプ米大統領").
    auto followed_by_title = [&](uint32_t cp_end, bool strong_only) {
      std::string_view rest = rest_after(cp_end);
      for (int skip = 0; skip < 2; ++skip) {
        const bool found = strong_only ? !StartsWithAny(rest, kStrongPersonTitles).empty()
                                       : !StartsWithAny(rest, kPersonTitles).empty();
        if (found) return true;
        const std::string_view country = StartsWithAny(rest, kCountryKanji);
        if (skip == 0 && !country.empty()) {
          rest.remove_prefix(country.size());
        } else {
          break;
        }
      }
      return false;
    };
    auto add = [&](size_t first, size_t last, EntityType type, float confidence) {
      // A lone Latin letter (the J of Jリーグ) is a fragment, never a name.
      if (tokens[last].end - tokens[first].begin == 1 &&
          ScriptOf(in.cps.chars[tokens[first].begin]) == Script::kLatin) {
        return;
      }
      out.push_back(Candidate{.begin = tokens[first].begin,
                              .end = tokens[last].end,
                              .type = type,
                              .confidence = confidence,
                              .source = CandidateSource::kRule});
    };

    size_t i = 0;
    while (i < n) {
      const Token& token = tokens[i];
      // (1) Persons from IPADIC 人名 tokens: 姓 + 名, with one unknown kanji allowed between
      // (尹 錫 悦), and katakana names joined by ・ or ＝.
      if (token.Is("名詞", "固有名詞", "人名")) {
        size_t last = i;
        while (last + 1 < n) {
          const Token& next = tokens[last + 1];
          if (next.begin != tokens[last].end) break;
          if (next.Is("名詞", "固有名詞", "人名") && next.pos[3] != "姓") {
            ++last;
          } else if (last + 2 < n && next.end - next.begin == 1 && IsNounForName(next) &&
                     tokens[last + 2].Is("名詞", "固有名詞", "人名", "名") &&
                     tokens[last + 2].begin == next.end) {
            last += 2;
          } else if (last + 2 < n && IsNameJoiner(next) && IsKatakanaWord(in.cps, tokens[last]) &&
                     IsKatakanaWord(in.cps, tokens[last + 2]) && IsNounForName(tokens[last + 2]) &&
                     tokens[last + 2].begin == next.end) {
            last += 2;
          } else {
            break;
          }
        }
        const uint32_t length = tokens[last].end - token.begin;
        const bool titled = followed_by_title(tokens[last].end, false);
        if (last > i || length >= 2 || titled) {
          add(i, last, EntityType::kPerson, titled ? 0.8f : 0.7f);
          i = last + 1;
          continue;
        }
      }
      // (2) Katakana names (possibly ・-joined) before a person title, whatever their tags.
      if (IsKatakanaWord(in.cps, token) && IsNounForName(token) && !IsNameJoiner(token) &&
          !token.Is("名詞", "固有名詞", "地域")) {
        size_t last = i;
        while (last + 2 < n && IsNameJoiner(tokens[last + 1]) &&
               IsKatakanaWord(in.cps, tokens[last + 2]) && !IsNameJoiner(tokens[last + 2]) &&
               tokens[last + 1].begin == tokens[last].end &&
               tokens[last + 2].begin == tokens[last + 1].end) {
          last += 2;
        }
        if (followed_by_title(tokens[last].end, true)) {
          add(i, last, EntityType::kPerson, 0.75f);
          i = last + 1;
          continue;
        }
      }
      // (3) Organizations from 組織 tokens, with a following organization suffix token.
      if (token.Is("名詞", "固有名詞", "組織")) {
        size_t last = i;
        while (last + 1 < n && tokens[last + 1].begin == tokens[last].end &&
               (tokens[last + 1].Is("名詞", "固有名詞", "組織") ||
                (tokens[last + 1].Is("名詞", "接尾") &&
                 EndsWithAny(tokens[last + 1].surface, kOrgSuffixes)))) {
          ++last;
        }
        add(i, last, EntityType::kOrganization, 0.7f);
        i = last + 1;
        continue;
      }
      // (4) Places: runs of 地域 tokens and place suffixes (東京 都 千代田 区). Lone one-kanji
      // country abbreviations are left to the alias rules.
      // Country names are not chained with each other (日米, 米中 are pairs of countries).
      auto one_kanji_country = [&](const Token& t) {
        return t.end - t.begin == 1 && t.Is("名詞", "固有名詞", "地域", "国");
      };
      if (token.Is("名詞", "固有名詞", "地域") && !one_kanji_country(token)) {
        size_t last = i;
        while (last + 1 < n && tokens[last + 1].begin == tokens[last].end &&
               ((tokens[last + 1].Is("名詞", "固有名詞", "地域") &&
                 tokens[last + 1].pos[3] != "国" && tokens[last].pos[3] != "国") ||
                tokens[last + 1].Is("名詞", "接尾", "地域"))) {
          ++last;
        }
        if (last > i || token.end - token.begin >= 2) {
          add(i, last, EntityType::kLocation, 0.7f);
        }
        i = last + 1;
        continue;
      }
      // (5) Suffix rules: a run of name-like nouns containing a proper noun or a katakana /
      // Latin word, ending in an organization or place suffix.
      if (IsNounForName(token)) {
        bool has_name = false;
        size_t best_end = n;
        EntityType best_type = EntityType::kOrganization;
        for (size_t j = i; j < n && j < i + 6; ++j) {
          const Token& t = tokens[j];
          if (j > i && t.begin != tokens[j - 1].end) break;
          if (!IsNounForName(t)) break;
          if (j > i && has_name) {
            if (EndsWithAny(t.surface, kOrgSuffixes)) {
              best_end = j, best_type = EntityType::kOrganization;
            } else if (EndsWithAny(t.surface, kLocSuffixes)) {
              best_end = j, best_type = EntityType::kLocation;
            }
          }
          const Script script = ScriptOf(in.cps.chars[t.begin]);
          if (t.pos[1] == "固有名詞" || script == Script::kKatakana || script == Script::kLatin) {
            has_name = true;
          }
        }
        if (best_end != n) {
          add(i, best_end, best_type, 0.6f);
          i = best_end + 1;
          continue;
        }
      }
      ++i;
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<Tagger> MakeJapaneseRuleTagger() { return std::make_unique<JapaneseRuleTagger>(); }

}  // namespace newsflow::entities::internal
