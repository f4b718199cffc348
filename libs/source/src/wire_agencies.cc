#include "wire_agencies.h"

#include <algorithm>
#include <array>
#include <utility>

#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "newsflow/source/source_registry.h"

namespace newsflow::source {
namespace {

constexpr std::string_view kAgencies[] = {
    "AP",          "Reuters",   "AFP", "Kyodo", "Jiji", "Sputnik", "Yonhap",   "Xinhua", "TASS",
    "RIA Novosti", "Bloomberg", "dpa", "EFE",   "ANSA", "UPI",     "Interfax", "KCNA"};
constexpr size_t kNumAgencies = std::size(kAgencies);

enum class Rule {
  kAnywhere,
  // "共同】", "時事】": only inside a "【ワシントン共同】" credit, never the word in running text.
  kClosesBracket,
  // "＝共同", "=時事": a credit ("ロンドン＝共同）", "AFP=時事"), not "＝共同声明" or "=時事問題".
  kNotBeforeWord,
};

struct Variant {
  std::string_view text;
  int agency;  // index into kAgencies
  Rule rule = Rule::kAnywhere;
  std::string_view not_after = {};  // "Michael " before "Bloomberg" names the person
};

// Credited variants per agency, in English, Japanese and the agencies' own languages. Kept in
// code rather than in a data file: several variants need a context rule (above), which is
// logic, and the list changes only when an agency does, which is rare enough for a release.
// Variants starting or ending with an ASCII letter match whole words only ("AFP" is not found
// in "AFPX"). "AP" alone is never a variant: it is too common a token (APAC, AP exams); only
// its credit forms are.
constexpr Variant kVariants[] = {
    {"(AP)", 0},
    {"（AP）", 0},
    {"AP通信", 0},
    {"ＡＰ通信", 0},
    {"AP=", 0},
    {"AP＝", 0},
    {"AP Photo", 0},
    {"Associated Press", 0},
    {"美联社", 0},
    {"美聯社", 0},
    {"Reuters", 1},
    {"ロイター", 1},
    {"路透", 1},
    {"AFP", 2},
    {"ＡＦＰ", 2},
    {"フランス通信", 2},
    {"法新社", 2},
    {"共同通信", 3},
    {"Kyodo", 3},
    {"共同】", 3, Rule::kClosesBracket},
    {"＝共同", 3, Rule::kNotBeforeWord},
    {"=共同", 3, Rule::kNotBeforeWord},
    {"(共同)", 3},
    {"（共同）", 3},
    {"時事通信", 4},
    {"Jiji", 4},
    {"時事】", 4, Rule::kClosesBracket},
    {"＝時事", 4, Rule::kNotBeforeWord},
    {"=時事", 4, Rule::kNotBeforeWord},
    {"(時事)", 4},
    {"（時事）", 4},
    {"Sputnik", 5},
    {"スプートニク", 5},
    {"Спутник", 5},
    {"Yonhap", 6},
    {"聯合ニュース", 6},
    {"聯合通信", 6},
    {"連合ニュース", 6},
    {"연합뉴스", 6},
    {"韩联社", 6},
    {"Xinhua", 7},
    {"新華社", 7},
    {"新华社", 7},
    {"TASS", 8},
    {"タス通信", 8},
    {"ТАСС", 8},
    {"RIA Novosti", 9},
    {"RIA-Novosti", 9},
    {"ノーボスチ", 9},
    {"РИА Новости", 9},
    {"Bloomberg", 10, Rule::kAnywhere, "Michael "},
    {"ブルームバーグ", 10, Rule::kAnywhere, "マイケル・"},
    {"dpa", 11},
    {"ドイツ通信", 11},
    {"EFE", 12},
    {"エフェ通信", 12},
    {"ANSA", 13},
    {"アンサ通信", 13},
    {"UPI", 14},
    {"Interfax", 15},
    {"インタファクス", 15},
    {"Интерфакс", 15},
    {"KCNA", 16},
    {"朝鮮中央通信", 16},
    {"朝中社", 16},
    {"조선중앙통신", 16},
};

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// True when the code point at `pos` continues a Japanese or Chinese word.
bool StartsWord(std::string_view text, size_t pos) {
  if (pos >= text.size()) return false;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(pos);
  UChar32 c;
  U8_NEXT(s, i, static_cast<int32_t>(text.size()), c);
  if (c < 0) return false;
  UErrorCode error = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &error);
  return U_SUCCESS(error) &&
         (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA);
}

bool Accept(std::string_view text, size_t pos, const Variant& variant) {
  const std::string_view v = variant.text;
  const size_t end = pos + v.size();
  if (IsAsciiAlnum(v.front()) && pos > 0 && IsAsciiAlnum(text[pos - 1])) return false;
  if (IsAsciiAlnum(v.back()) && end < text.size() && IsAsciiAlnum(text[end])) return false;
  if (!variant.not_after.empty() && pos >= variant.not_after.size() &&
      text.substr(pos - variant.not_after.size(), variant.not_after.size()) == variant.not_after) {
    return false;
  }
  switch (variant.rule) {
    case Rule::kAnywhere:
      return true;
    case Rule::kClosesBracket: {
      // The "【" must open this credit: close by, and not closed again before it.
      static constexpr size_t kMaxCreditBytes = 60;
      const size_t from = pos > kMaxCreditBytes ? pos - kMaxCreditBytes : 0;
      const std::string_view before = text.substr(from, pos - from);
      const size_t open = before.rfind("【");
      return open != std::string_view::npos && before.find("】", open) == std::string_view::npos;
    }
    case Rule::kNotBeforeWord:
      return !StartsWord(text, end);
  }
  return false;
}

std::string_view TrimSpaces(std::string_view s) {
  static constexpr std::string_view kIdeographicSpace = "\u3000";
  while (true) {
    const size_t before = s.size();
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
      s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
      s.remove_suffix(1);
    }
    if (s.substr(0, kIdeographicSpace.size()) == kIdeographicSpace) {
      s.remove_prefix(kIdeographicSpace.size());
    }
    if (s.size() >= kIdeographicSpace.size() &&
        s.substr(s.size() - kIdeographicSpace.size()) == kIdeographicSpace) {
      s.remove_suffix(kIdeographicSpace.size());
    }
    if (s.size() == before) return s;
  }
}

bool ConsumePrefix(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

// Cuts the date off "MOSCOW, June 19" and "東京、19日".
std::string_view PlaceBeforeComma(std::string_view head) {
  size_t cut = head.find(',');
  cut = std::min(cut, head.find("、"));
  return TrimSpaces(head.substr(0, cut));
}

// A plausible place: short and not a sentence ("ST. LOUIS" keeps its period).
bool IsPlace(std::string_view place) {
  static constexpr size_t kMaxPlaceBytes = 60;
  return !place.empty() && place.size() <= kMaxPlaceBytes &&
         place.find_first_of("!?") == std::string_view::npos &&
         place.find("。") == std::string_view::npos;
}

// The place in a bracketed Japanese credit: "ワシントン共同" (Kyodo and Jiji write the place and
// their name without a separator), "ロンドン＝共同", "ソウル=聯合". "速報" and other bracketed
// labels without an agency are not datelines.
std::string_view PlaceInCredit(std::string_view credit) {
  for (std::string_view equals : {"＝", "="}) {
    const size_t at = credit.find(equals);
    if (at != std::string_view::npos) return TrimSpaces(credit.substr(0, at));
  }
  for (std::string_view agency : {"共同", "時事"}) {
    if (credit.size() > agency.size() && credit.substr(credit.size() - agency.size()) == agency) {
      return TrimSpaces(credit.substr(0, credit.size() - agency.size()));
    }
  }
  return {};
}

}  // namespace

std::vector<std::string> FindWireAgencies(std::string_view utf8_text) {
  std::array<size_t, kNumAgencies> first;
  first.fill(std::string_view::npos);
  for (const Variant& variant : kVariants) {
    for (size_t pos = utf8_text.find(variant.text);
         pos != std::string_view::npos && pos < first[variant.agency];
         pos = utf8_text.find(variant.text, pos + 1)) {
      if (Accept(utf8_text, pos, variant)) {
        first[variant.agency] = pos;
        break;
      }
    }
  }
  std::vector<std::pair<size_t, int>> found;
  for (size_t a = 0; a < kNumAgencies; ++a) {
    if (first[a] != std::string_view::npos) found.emplace_back(first[a], static_cast<int>(a));
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> agencies;
  agencies.reserve(found.size());
  for (const auto& [pos, agency] : found) agencies.emplace_back(kAgencies[agency]);
  return agencies;
}

namespace internal {

std::string FindDateline(std::string_view utf8_text) {
  // Datelines open the first paragraph; 600 bytes hold the first ~200 characters of any script.
  static constexpr size_t kHeadBytes = 600;
  std::string_view head = utf8_text.substr(0, std::min(utf8_text.find('\n'), kHeadBytes));
  head = TrimSpaces(head);

  // 【ワシントン共同】 and （ロンドン＝共同）
  for (const auto& [open, close] :
       {std::pair<std::string_view, std::string_view>{"【", "】"}, {"（", "）"}, {"(", ")"}}) {
    std::string_view rest = head;
    if (!ConsumePrefix(rest, open)) continue;
    const size_t end = rest.find(close);
    if (end == std::string_view::npos) continue;
    const std::string_view place = PlaceInCredit(rest.substr(0, end));
    if (IsPlace(place)) return std::string(place);
  }

  // WASHINGTON (Reuters) -   MOSCOW, June 19 (Reuters) -   ハノイ（AP）―
  static constexpr size_t kMaxHeadBeforeCredit = 80;
  static constexpr size_t kMaxCreditBytes = 40;
  static constexpr std::string_view kDashes[] = {"-", "–", "—", "―", "‐", "−", ":"};
  for (const auto& [open, close] :
       {std::pair<std::string_view, std::string_view>{"(", ")"}, {"（", "）"}}) {
    const size_t at = head.find(open);
    if (at == std::string_view::npos || at == 0 || at > kMaxHeadBeforeCredit) continue;
    std::string_view rest = head.substr(at + open.size());
    const size_t end = rest.find(close);
    if (end == std::string_view::npos || end == 0 || end > kMaxCreditBytes) continue;
    rest = TrimSpaces(rest.substr(end + close.size()));
    if (std::none_of(std::begin(kDashes), std::end(kDashes),
                     [&](std::string_view dash) { return ConsumePrefix(rest, dash); })) {
      continue;
    }
    const std::string_view place = PlaceBeforeComma(head.substr(0, at));
    if (IsPlace(place)) return std::string(place);
  }

  // WASHINGTON — (newspapers' own datelines: an upper-case place, then a dash)
  for (std::string_view dash : {" — ", " – ", " - ", " —", " --"}) {
    const size_t at = head.find(dash);
    if (at == std::string_view::npos || at > kMaxHeadBeforeCredit) continue;
    const std::string_view place = PlaceBeforeComma(head.substr(0, at));
    const bool upper_case = std::all_of(place.begin(), place.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || c == ' ' || c == '-' || c == '\'' || c == '.';
    });
    const auto letters =
        std::count_if(place.begin(), place.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (upper_case && letters >= 3 && place.size() <= 40) return std::string(place);
    break;
  }
  return "";
}

}  // namespace internal
}  // namespace newsflow::source
