#include "newsflow/langid/language_detector.h"

#include <algorithm>
#include <array>
#include <cstdio>  // CLD2's header uses FILE without including it
#include <cstring>
#include <initializer_list>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "ngram_model.h"

namespace newsflow::langid {
namespace {

// Script groups that decide the language on their own (or narrow CLD2's choice).
enum ScriptGroup : int {
  kHan = 0,
  kKana,
  kHangul,
  kThai,
  kDevanagari,
  kLatin,        // CLD2 decides, the n-gram model reviews
  kCyrillic,     // likewise
  kOtherLetter,  // Arabic and every other script: CLD2 decides
  kNumGroups
};

// A CJK character carries about as much information as two letters of an alphabet (a Japanese
// or Chinese word is one to three characters long). Weighting them makes the script shares and
// the paragraph weights of mixed documents comparable across writing systems.
constexpr uint32_t kCjkWeight = 2;
constexpr uint32_t kMinLetters = 3;
// A script group owning at least this share of the weighted letters decides the language.
constexpr float kDominantShare = 0.5f;
// A second language covering at least this share of a document's letters makes it mixed.
constexpr float kMixedShare = 0.2f;

struct ScriptCounts {
  std::array<uint32_t, kNumGroups> letters{};  // code points per group
  uint32_t total_letters = 0;                  // unweighted
  uint32_t weighted_total = 0;

  uint32_t Weighted(ScriptGroup group) const {
    const bool cjk = group == kHan || group == kKana || group == kHangul;
    return letters[group] * (cjk ? kCjkWeight : 1);
  }
};

ScriptGroup GroupOf(UScriptCode script) {
  switch (script) {
    case USCRIPT_HAN:
      return kHan;
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_KATAKANA_OR_HIRAGANA:
      return kKana;
    case USCRIPT_HANGUL:
      return kHangul;
    case USCRIPT_THAI:
      return kThai;
    case USCRIPT_DEVANAGARI:
      return kDevanagari;
    case USCRIPT_LATIN:
      return kLatin;
    case USCRIPT_CYRILLIC:
      return kCyrillic;
    default:
      return kOtherLetter;
  }
}

// Counts letters per script group in one pass. ASCII takes a fast path; everything else asks
// ICU for the script. Common (digits, punctuation, the prolonged sound mark "ー") and Inherited
// (combining marks) code points are not letters of any script and are skipped.
ScriptCounts CountScripts(std::string_view utf8) {
  ScriptCounts counts;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {
      const uint8_t c = s[i++];
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ++counts.letters[kLatin];
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) continue;  // ill-formed sequence
    UErrorCode error = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &error);
    if (U_FAILURE(error) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED ||
        script == USCRIPT_UNKNOWN) {
      continue;
    }
    ++counts.letters[GroupOf(script)];
  }
  for (int g = 0; g < kNumGroups; ++g) {
    counts.total_letters += counts.letters[g];
    counts.weighted_total += counts.Weighted(static_cast<ScriptGroup>(g));
  }
  return counts;
}

// Frequent function words of the primary news languages, for the short sentences CLD2 declines
// to judge ("Es un delito federal por posesión..."). A word shared by several languages ("de",
// "la", "en") splits its vote among them. Data in code, not a file: it is tiny, not tuned per
// deployment, and the detector has no load step. Scanned linearly: it is only consulted on the
// rare sentences CLD2 gives up on.
struct FunctionWord {
  std::string_view word;
  std::string_view code;
};

constexpr FunctionWord kFunctionWords[] = {
    {"a", "es"},    {"a", "fr"},     {"a", "it"},     {"a", "pt"},     {"aber", "de"},
    {"ada", "id"},  {"al", "es"},    {"als", "de"},   {"als", "nl"},   {"and", "en"},
    {"are", "en"},  {"as", "pt"},    {"att", "sv"},   {"au", "fr"},    {"auf", "de"},
    {"aux", "fr"},  {"av", "sv"},    {"bir", "tr"},   {"bu", "tr"},    {"bukan", "id"},
    {"ce", "fr"},   {"che", "it"},   {"com", "pt"},   {"con", "es"},   {"con", "it"},
    {"cho", "vi"},  {"các", "vi"},   {"có", "vi"},    {"của", "vi"},   {"da", "it"},
    {"da", "tr"},   {"dan", "id"},   {"das", "de"},   {"dari", "id"},  {"das", "pt"},
    {"de", "es"},   {"de", "fr"},    {"de", "nl"},    {"de", "pt"},    {"de", "sv"},
    {"del", "es"},  {"del", "it"},   {"della", "it"}, {"dem", "de"},   {"den", "de"},
    {"den", "sv"},  {"der", "de"},   {"des", "fr"},   {"det", "sv"},   {"di", "id"},
    {"di", "it"},   {"die", "de"},   {"die", "nl"},   {"do", "pl"},    {"do", "pt"},
    {"dos", "pt"},  {"du", "fr"},    {"e", "it"},     {"e", "pt"},     {"een", "nl"},
    {"ein", "de"},  {"eine", "de"},  {"el", "es"},    {"em", "pt"},    {"en", "es"},
    {"en", "fr"},   {"en", "nl"},    {"en", "sv"},    {"er", "de"},    {"es", "de"},
    {"es", "es"},   {"est", "fr"},   {"et", "fr"},    {"ett", "sv"},   {"för", "sv"},
    {"for", "en"},  {"gli", "it"},   {"har", "sv"},   {"het", "nl"},   {"i", "it"},
    {"i", "pl"},    {"i", "sv"},     {"ich", "de"},   {"il", "fr"},    {"il", "it"},
    {"in", "de"},   {"in", "en"},    {"in", "it"},    {"in", "nl"},    {"ini", "id"},
    {"is", "en"},   {"is", "nl"},    {"ist", "de"},   {"itu", "id"},   {"jag", "sv"},
    {"jest", "pl"}, {"kan", "sv"},   {"ke", "id"},    {"ki", "tr"},    {"la", "es"},
    {"la", "fr"},   {"la", "it"},    {"las", "es"},   {"le", "fr"},    {"les", "fr"},
    {"los", "es"},  {"là", "vi"},    {"mit", "de"},   {"na", "pl"},    {"na", "pt"},
    {"nach", "de"}, {"nel", "it"},   {"nicht", "de"}, {"nie", "pl"},   {"niet", "nl"},
    {"no", "es"},   {"no", "pt"},    {"não", "pt"},   {"những", "vi"}, {"och", "sv"},
    {"of", "en"},   {"om", "sv"},    {"on", "en"},    {"op", "nl"},    {"os", "pt"},
    {"ou", "fr"},   {"para", "es"},  {"para", "pt"},  {"pas", "fr"},   {"per", "it"},
    {"por", "es"},  {"por", "pt"},   {"pour", "fr"},  {"que", "es"},   {"que", "fr"},
    {"que", "pt"},  {"qui", "fr"},   {"se", "es"},    {"się", "pl"},   {"som", "sv"},
    {"sono", "it"}, {"su", "es"},    {"sur", "fr"},   {"the", "en"},   {"to", "en"},
    {"to", "pl"},   {"tôi", "vi"},   {"un", "es"},    {"un", "fr"},    {"un", "it"},
    {"una", "es"},  {"una", "it"},   {"und", "de"},   {"une", "fr"},   {"uma", "pt"},
    {"um", "pt"},   {"untuk", "id"}, {"van", "nl"},   {"var", "sv"},   {"ve", "tr"},
    {"và", "vi"},   {"w", "pl"},     {"was", "en"},   {"with", "en"},  {"yang", "id"},
    {"z", "pl"},    {"zu", "de"},    {"że", "pl"},    {"із", "uk"},    {"в", "ru"},
    {"в", "uk"},    {"во", "ru"},    {"все", "ru"},   {"він", "uk"},   {"для", "ru"},
    {"для", "uk"},  {"его", "ru"},   {"до", "uk"},    {"і", "uk"},     {"же", "ru"},
    {"за", "ru"},   {"за", "uk"},    {"и", "ru"},     {"из", "ru"},    {"как", "ru"},
    {"на", "ru"},   {"на", "uk"},    {"не", "ru"},    {"не", "uk"},    {"но", "ru"},
    {"от", "ru"},   {"по", "ru"},    {"по", "uk"},    {"що", "uk"},    {"с", "ru"},
    {"та", "uk"},   {"то", "ru"},    {"це", "uk"},    {"что", "ru"},   {"этот", "ru"},
    {"я", "ru"},    {"як", "uk"},    {"є", "uk"},     {"її", "uk"},
};

// Votes with the function words of `utf8`. Returns nullptr when no language wins clearly.
const char* VoteFunctionWords(std::string_view utf8, float* share) {
  static constexpr size_t kLanguages = 16;
  std::array<std::string_view, kLanguages> codes{};
  std::array<float, kLanguages> votes{};
  size_t used = 0;
  float total = 0.0f;

  auto vote_word = [&](std::string_view word) {
    int matches = 0;
    for (const FunctionWord& fw : kFunctionWords) matches += fw.word == word ? 1 : 0;
    if (matches == 0) return;
    const float weight = 1.0f / static_cast<float>(matches);
    for (const FunctionWord& fw : kFunctionWords) {
      if (fw.word != word) continue;
      size_t k = 0;
      while (k < used && codes[k] != fw.code) ++k;
      if (k == used) {
        if (used == kLanguages) continue;
        codes[used++] = fw.code;
      }
      votes[k] += weight;
      total += weight;
    }
  };

  // Lower-cased word in a fixed buffer: function words are short, longer words are skipped.
  char word[32];
  int32_t word_length = 0;
  bool overflow = false;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (true) {
    UChar32 c = -1;
    if (i < length) U8_NEXT(s, i, length, c);
    if (c >= 0 && u_isalpha(c)) {
      c = u_tolower(c);
      // U8_APPEND checks the capacity only for multi-byte characters and writes an ASCII one
      // unconditionally, so the room is checked here for every character.
      if (!overflow && word_length + U8_LENGTH(c) > static_cast<int32_t>(sizeof(word))) {
        overflow = true;
      }
      UBool error = false;
      if (!overflow) {
        U8_APPEND(reinterpret_cast<uint8_t*>(word), word_length, static_cast<int32_t>(sizeof(word)),
                  c, error);
      }
      if (error) overflow = true;
      continue;
    }
    if (word_length > 0 && !overflow) {
      vote_word(std::string_view(word, static_cast<size_t>(word_length)));
    }
    word_length = 0;
    overflow = false;
    if (i >= length) break;
  }
  if (used == 0) return nullptr;
  size_t best = 0;
  size_t second = kLanguages;
  for (size_t k = 1; k < used; ++k) {
    if (votes[k] > votes[best]) {
      second = best;
      best = k;
    } else if (second == kLanguages || votes[k] > votes[second]) {
      second = k;
    }
  }
  if (second != kLanguages && votes[second] >= votes[best]) return nullptr;  // a tie
  *share = votes[best] / total;
  return codes[best].data();  // the table's literals are NUL-terminated
}

uint32_t CountCodePoints(std::string_view utf8) {
  uint32_t n = 0;
  for (const char ch : utf8) {
    // Every byte that is not a continuation byte starts a code point.
    if ((static_cast<uint8_t>(ch) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Grows with the number of letters: a guess from three letters is weaker than one from thirty.
float LengthFactor(uint32_t weighted_letters) {
  return std::min(1.0f, 0.4f + 0.6f * static_cast<float>(weighted_letters) / 30.0f);
}

LanguageGuess Guess(const char* code, float confidence) {
  LanguageGuess guess;
  guess.code = code;
  guess.confidence = std::clamp(confidence, 0.0f, 1.0f);
  return guess;
}

// CLD2 speaks a mix of ISO 639-1, legacy and Google codes; the contract is ISO 639-1 (or 639-2
// where 639-1 has no code). Returns nullptr for codes that name no language (unknown, script-only
// pseudo-languages such as "xx-Hira").
const char* ToIso639(CLD2::Language language) {
  switch (language) {
    case CLD2::UNKNOWN_LANGUAGE:
    case CLD2::TG_UNKNOWN_LANGUAGE:
      return nullptr;
    case CLD2::HEBREW:
      return "he";  // CLD2: "iw"
    case CLD2::CHINESE:
    case CLD2::CHINESE_T:
      return "zh";  // CLD2: "zh", "zh-Hant"
    case CLD2::NORWEGIAN:
    case CLD2::NORWEGIAN_N:
      return "no";  // CLD2: "no", "nn"
    case CLD2::JAVANESE:
      return "jv";  // CLD2: "jw"
    case CLD2::PORTUGUESE:
      return "pt";
    default:
      break;
  }
  const char* code = CLD2::LanguageCode(language);
  if (code == nullptr || code[0] == '\0' || std::strncmp(code, "xx", 2) == 0) return nullptr;
  // Drop region subtags ("sr-ME" -> "sr", "pt-BR" -> "pt"): callers want the language only.
  if (std::strchr(code, '-') == nullptr) return code;
  if (std::strncmp(code, "sr-", 3) == 0) return "sr";
  if (std::strncmp(code, "pt-", 3) == 0) return "pt";
  if (std::strncmp(code, "zh-", 3) == 0) return "zh";
  return nullptr;
}

struct Cld2Result {
  CLD2::Language language = CLD2::UNKNOWN_LANGUAGE;
  int percent = 0;
  double normalized_score = 0.0;
  bool reliable = false;
};

Cld2Result RunCld2(std::string_view utf8, int flags, const char* content_language_hint) {
  Cld2Result result;
  // CLD2 leaves these unset when it gives up early (e.g. on ill-formed UTF-8 at the start; found
  // by enricher_enrich_fuzz under UBSan).
  CLD2::Language language3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE,
                                 CLD2::UNKNOWN_LANGUAGE};
  int percent3[3] = {0, 0, 0};
  double normalized_score3[3] = {0, 0, 0};
  int text_bytes = 0;
  int valid_prefix_bytes = 0;
  const CLD2::CLDHints hints = {content_language_hint, nullptr, CLD2::UNKNOWN_ENCODING,
                                CLD2::UNKNOWN_LANGUAGE};
  result.language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      utf8.data(), static_cast<int>(utf8.size()), /*is_plain_text=*/true, &hints, flags, language3,
      percent3, normalized_score3,
      /*resultchunkvector=*/nullptr, &text_bytes, &result.reliable, &valid_prefix_bytes);
  if (valid_prefix_bytes < static_cast<int>(utf8.size()) && valid_prefix_bytes > 0) {
    // CLD2 rejects ill-formed UTF-8 outright; judge the well-formed prefix instead.
    return RunCld2(utf8.substr(0, static_cast<size_t>(valid_prefix_bytes)), flags,
                   content_language_hint);
  }
  result.percent = percent3[0];
  result.normalized_score = normalized_score3[0];
  if (language3[0] != result.language) {
    result.percent = 0;
    for (int k = 0; k < 3; ++k) {
      if (language3[k] == result.language) {
        result.percent = percent3[k];
        result.normalized_score = normalized_score3[k];
      }
    }
  }
  return result;
}

// Combines CLD2's signals into [0, 1]: the share of the text in the language, whether CLD2 found
// the winner clearly ahead, and how typical the text scores for the language (normalized score
// near 1000 is ordinary text; far below is gibberish or too little evidence).
float Cld2Confidence(const Cld2Result& cld2, float script_share, uint32_t weighted_letters) {
  const float percent = static_cast<float>(std::clamp(cld2.percent, 0, 100)) / 100.0f;
  const float typicality =
      0.6f + 0.4f * static_cast<float>(std::clamp(cld2.normalized_score / 1000.0, 0.0, 1.0));
  const float reliability = cld2.reliable ? 1.0f : 0.7f;
  return std::max(percent, 0.5f) * typicality * reliability * script_share *
         LengthFactor(weighted_letters);
}

// Minor languages CLD2 often picks for short text in a close relative among the primary news
// languages (Indonesian read as Malay, Swedish as Norwegian, Dutch as Afrikaans, Russian as
// Serbian Cyrillic). For those, CLD2 is asked again with the relative as a content-language hint:
// the hint adds a fixed boost, so only close calls flip and clear Malay or Norwegian text stays.
struct Relative {
  CLD2::Language language;
  const char* hint;  // CLD2 content-language hint
};
constexpr Relative kPrimaryRelatives[] = {
    {CLD2::MALAY, "id"},        {CLD2::SUNDANESE, "id"},     {CLD2::JAVANESE, "id"},
    {CLD2::NORWEGIAN, "sv"},    {CLD2::NORWEGIAN_N, "sv"},   {CLD2::AFRIKAANS, "nl"},
    {CLD2::FRISIAN, "nl"},      {CLD2::GALICIAN, "es,pt"},   {CLD2::SERBIAN, "ru,uk"},
    {CLD2::BULGARIAN, "ru,uk"}, {CLD2::MACEDONIAN, "ru,uk"}, {CLD2::BELARUSIAN, "ru,uk"},
    {CLD2::TAJIK, "ru"},        {CLD2::AZERBAIJANI, "tr"},   {CLD2::LUXEMBOURGISH, "de"},
};

// The CLD2 path for Latin, Cyrillic, Arabic, Devanagari and other scripts.
LanguageGuess DetectWithCld2(std::string_view utf8, float script_share, uint32_t weighted) {
  Cld2Result cld2 = RunCld2(utf8, /*flags=*/0, nullptr);
  if (cld2.language == CLD2::UNKNOWN_LANGUAGE) {
    // CLD2 declines most sentences under ~60 bytes that lack telling quadgrams; its best-effort
    // answer for them is mostly "English". Function words are the better witness there.
    float share = 0.0f;
    if (const char* code = VoteFunctionWords(utf8, &share)) {
      return Guess(code, 0.5f * share * script_share * LengthFactor(weighted));
    }
    cld2 = RunCld2(utf8, CLD2::kCLDFlagBestEffort, nullptr);
    const char* code = ToIso639(cld2.language);
    if (code == nullptr) return LanguageGuess{};
    return Guess(code, 0.5f * Cld2Confidence(cld2, script_share, weighted));
  }
  for (const Relative& relative : kPrimaryRelatives) {
    if (relative.language != cld2.language) continue;
    const Cld2Result hinted = RunCld2(utf8, /*flags=*/0, relative.hint);
    if (hinted.language != CLD2::UNKNOWN_LANGUAGE && hinted.language != cld2.language) {
      const char* code = ToIso639(hinted.language);
      // The flip was a close call: say so in the confidence.
      if (code != nullptr)
        return Guess(code, 0.7f * Cld2Confidence(hinted, script_share, weighted));
    }
    break;
  }
  const char* code = ToIso639(cld2.language);
  if (code == nullptr) return LanguageGuess{};
  return Guess(code, Cld2Confidence(cld2, script_share, weighted));
}

// Letters that only some languages of a script use: decisive when a short sentence leaves the
// statistics unsure.
struct LetterCues {
  bool uk_only = false;        // ї є ґ: Ukrainian (Rusyn aside)
  bool i_dotted = false;       // і: Ukrainian, Belarusian
  bool be_only = false;        // ў: Belarusian
  bool ru_be = false;          // ы э ё: Russian, Belarusian
  bool sr_mk = false;          // ђ ј љ њ ћ џ ѓ ќ ѕ: Serbian, Macedonian
  bool a_o_umlaut = false;     // ä ö: Swedish (and Finnish, German...), never Norwegian or Danish
  bool ae_o_slash = false;     // æ ø: Norwegian, Danish
  bool inverted_mark = false;  // ¿ ¡: Spanish
  bool a_o_tilde = false;      // ã õ: Portuguese among the Romance languages
  bool n_tilde = false;        // ñ: Spanish, Galician, never Portuguese, Italian or Catalan
};

LetterCues FindLetterCues(std::string_view utf8) {
  LetterCues cues;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    switch (u_tolower(c)) {
      case 0x0457:  // ї
      case 0x0454:  // є
      case 0x0491:  // ґ
        cues.uk_only = true;
        break;
      case 0x0456:  // і
        cues.i_dotted = true;
        break;
      case 0x045E:  // ў
        cues.be_only = true;
        break;
      case 0x044B:  // ы
      case 0x044D:  // э
      case 0x0451:  // ё
        cues.ru_be = true;
        break;
      case 0x0452:  // ђ
      case 0x0458:  // ј
      case 0x0459:  // љ
      case 0x045A:  // њ
      case 0x045B:  // ћ
      case 0x045F:  // џ
      case 0x0453:  // ѓ
      case 0x045C:  // ќ
      case 0x0455:  // ѕ
        cues.sr_mk = true;
        break;
      case 0x00E4:  // ä
      case 0x00F6:  // ö
        cues.a_o_umlaut = true;
        break;
      case 0x00E6:  // æ
      case 0x00F8:  // ø
        cues.ae_o_slash = true;
        break;
      case 0x00BF:  // ¿
      case 0x00A1:  // ¡
        cues.inverted_mark = true;
        break;
      case 0x00E3:  // ã
      case 0x00F5:  // õ
        cues.a_o_tilde = true;
        break;
      case 0x00F1:  // ñ
        cues.n_tilde = true;
        break;
      default:
        break;
    }
  }
  return cues;
}

bool IsOneOf(std::string_view code, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// Letters the guessed language never writes overrule it. Returns nullptr when the letters agree
// with `code` or say nothing. `verdict` is the n-gram model's view of the same text.
const char* ApplyLetterCues(const LetterCues& cues, std::string_view code, bool cyrillic,
                            const internal::NgramModel& model,
                            const internal::NgramVerdict& verdict) {
  if (cyrillic) {
    const bool ukrainian = cues.uk_only || cues.i_dotted;
    if (cues.uk_only && !cues.ru_be && !cues.be_only && code != "uk") return "uk";
    if (cues.ru_be && !ukrainian && !cues.be_only && code != "ru" && code != "be") return "ru";
    if (IsOneOf(code, {"sr", "mk"}) && !cues.sr_mk) {
      // Serbian and Macedonian Cyrillic text nearly always has one of their own letters.
      const int sr = model.IndexOf("sr");
      if (verdict.best >= 0 && verdict.best != sr) return model.Code(verdict.best);
      if (verdict.best == sr && verdict.second >= 0) return model.Code(verdict.second);
    }
    return nullptr;
  }
  if (IsOneOf(code, {"no", "da"}) && cues.a_o_umlaut && !cues.ae_o_slash) return "sv";
  if (cues.inverted_mark && code != "es" && code != "gl") return "es";
  if (cues.a_o_tilde && IsOneOf(code, {"es", "gl", "it", "ca"})) return "pt";
  if (cues.n_tilde && !cues.a_o_tilde && IsOneOf(code, {"pt", "it", "ca"})) return "es";
  return nullptr;
}

// CLD2's guess for Latin or Cyrillic text reviewed by the n-gram model, which knows only the
// primary news languages of these scripts and their well-attested relatives, and by letters.
// CLD2 keeps its answer unless it is unsure and picked a language outside the model (mostly a
// minor relative, such as Malay for Indonesian, or "unknown"), or the model finds its choice far
// less likely than its own: short sentences are where CLD2 errs and where the model, trained on
// short strings, is at home.
constexpr float kUnsureCld2 = 0.6f;
constexpr float kSureCld2 = 0.9f;  // CLD2 confidence from which the model is not asked      // CLD2
                                   // confidence under which the model may step in
constexpr float kModelMargin = 6.0f;     // nats between the model's first and second choice
constexpr float kModelOverrule = 16.0f;  // nats by which CLD2's choice must lose to be dropped

LanguageGuess ReviewLatinCyrillic(std::string_view utf8, LanguageGuess guess, bool cyrillic,
                                  uint32_t weighted) {
  const internal::NgramModel& model = internal::NgramModel::Embedded();
  const LetterCues cues = FindLetterCues(utf8);
  if (guess.confidence >= kSureCld2 && model.IndexOf(guess.code) >= 0) {
    // Long text CLD2 is sure of: the model would agree, and reviewing it is the costly part.
    if (const char* code = ApplyLetterCues(cues, guess.code, cyrillic, model, {})) {
      guess = Guess(code, 0.8f * guess.confidence);
    }
    return guess;
  }
  const internal::NgramVerdict verdict = model.Classify(utf8);
  const float model_confidence =
      std::min(1.0f, 0.4f + verdict.margin / 25.0f) * LengthFactor(weighted);
  if (verdict.best >= 0) {
    const int chosen = model.IndexOf(guess.code);
    if (chosen < 0) {
      if (verdict.margin >= kModelMargin && guess.confidence < kUnsureCld2) {
        guess = Guess(model.Code(verdict.best), model_confidence);
      }
    } else if (chosen != verdict.best && verdict.Gap(chosen) >= kModelOverrule) {
      guess = Guess(model.Code(verdict.best), model_confidence);
    }
  }
  if (const char* code =
          ApplyLetterCues(FindLetterCues(utf8), guess.code, cyrillic, model, verdict)) {
    guess = Guess(code, 0.8f * std::max(guess.confidence, model_confidence));
  }
  return guess;
}

struct DetectResult {
  LanguageGuess guess;
  uint32_t weighted_letters = 0;
};

DetectResult Detect(std::string_view utf8) {
  DetectResult out;
  const ScriptCounts counts = CountScripts(utf8);
  out.weighted_letters = counts.weighted_total;
  if (counts.total_letters < kMinLetters) return out;  // "und", confidence 0

  const float total = static_cast<float>(counts.weighted_total);
  const float lf = LengthFactor(counts.weighted_total);
  const uint32_t cjk = counts.Weighted(kHan) + counts.Weighted(kKana) + counts.Weighted(kHangul);
  const float cjk_share = static_cast<float>(cjk) / total;

  if (cjk_share >= kDominantShare) {
    // Kana only occur in Japanese and Hangul only in Korean; Han alone is Chinese. A little kana
    // in kanji-heavy text ("...を発表") is still Japanese.
    float confidence = cjk_share * (0.75f + 0.25f * lf);
    if (counts.letters[kKana] > 0 && counts.letters[kKana] >= counts.letters[kHangul]) {
      out.guess = Guess("ja", confidence);
    } else if (counts.letters[kHangul] > 0) {
      out.guess = Guess("ko", confidence);
    } else {
      out.guess = Guess("zh", confidence);
    }
    return out;
  }
  const float thai_share = static_cast<float>(counts.Weighted(kThai)) / total;
  if (thai_share >= kDominantShare) {
    out.guess = Guess("th", thai_share * (0.75f + 0.25f * lf));
    return out;
  }

  const float deva_share = static_cast<float>(counts.Weighted(kDevanagari)) / total;
  if (deva_share >= kDominantShare) {
    // Devanagari writes Hindi, Marathi, Nepali (and Sanskrit, Bihari...): CLD2 picks among the
    // big three, anything else becomes Hindi, by far the most written.
    out.guess = DetectWithCld2(utf8, deva_share, counts.weighted_total);
    const std::string& code = out.guess.code;
    if (code != "hi" && code != "mr" && code != "ne") {
      out.guess = Guess("hi", deva_share * 0.7f * (0.75f + 0.25f * lf));
    }
    return out;
  }
  // The share of the letters CLD2 actually judges: for Latin, Cyrillic or Arabic text that is
  // the part outside CJK and Thai.
  out.guess = DetectWithCld2(utf8, 1.0f - cjk_share - thai_share, counts.weighted_total);
  const uint32_t latin = counts.Weighted(kLatin);
  const uint32_t cyrillic = counts.Weighted(kCyrillic);
  if (static_cast<float>(latin + cyrillic) >= kDominantShare * total) {
    out.guess =
        ReviewLatinCyrillic(utf8, std::move(out.guess), cyrillic > latin, counts.weighted_total);
  }
  return out;
}

}  // namespace

LanguageGuess DetectLanguage(std::string_view utf8) { return Detect(utf8).guess; }

DocumentLanguage DetectDocumentLanguage(std::string_view utf8) {
  DocumentLanguage document;

  struct Coverage {
    std::string code;  // a copy: paragraph guesses move when `paragraphs` grows
    uint64_t letters = 0;
  };
  // Paragraph languages of a document are few; a small flat vector beats a map here.
  std::vector<Coverage> coverage;
  uint64_t covered_letters = 0;

  uint32_t code_point = 0;  // code-point offset of `rest` in the document
  std::string_view rest = utf8;
  while (true) {
    const size_t newline = rest.find('\n');
    const std::string_view paragraph = rest.substr(0, newline);
    const uint32_t length = CountCodePoints(paragraph);
    // Blank lines separate paragraphs but say nothing about the language.
    if (paragraph.find_first_not_of(" \t\r\f\v") != std::string_view::npos) {
      DetectResult detected = Detect(paragraph);
      ParagraphLanguage& entry = document.paragraphs.emplace_back();
      entry.guess = std::move(detected.guess);
      entry.begin = code_point;
      entry.end = code_point + length;
      if (entry.guess.code != "und") {
        auto it = std::find_if(coverage.begin(), coverage.end(),
                               [&](const Coverage& c) { return c.code == entry.guess.code; });
        if (it == coverage.end()) it = coverage.insert(coverage.end(), {entry.guess.code, 0});
        it->letters += detected.weighted_letters;
        covered_letters += detected.weighted_letters;
      }
    }
    if (newline == std::string_view::npos) break;
    code_point += length + 1;  // + the "\n"
    rest.remove_prefix(newline + 1);
  }

  const LanguageGuess whole = DetectLanguage(utf8);
  if (coverage.empty()) {
    document.main = whole;
    return document;
  }
  std::sort(coverage.begin(), coverage.end(),
            [](const Coverage& a, const Coverage& b) { return a.letters > b.letters; });
  const float main_share =
      static_cast<float>(coverage[0].letters) / static_cast<float>(covered_letters);
  document.main.code = coverage[0].code;
  if (whole.code == document.main.code) {
    document.main.confidence = whole.confidence;
  } else {
    // The paragraphs disagree with the whole-text guess: trust them, less.
    float mean = 0.0f;
    int n = 0;
    for (const ParagraphLanguage& p : document.paragraphs) {
      if (p.guess.code == document.main.code) {
        mean += p.guess.confidence;
        ++n;
      }
    }
    document.main.confidence = std::clamp(main_share * mean / static_cast<float>(n), 0.0f, 1.0f);
  }
  document.mixed = coverage.size() > 1 && static_cast<float>(coverage[1].letters) >=
                                              kMixedShare * static_cast<float>(covered_letters);
  return document;
}

}  // namespace newsflow::langid
