#include "newsflow/text/charset.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "newsflow/common/field_error.h"

namespace newsflow::text {
namespace {

constexpr size_t kMetaScanBytes = 4096;
// Share of decoded characters that may be replacement or stray control characters before a
// decoding is rejected as mojibake: 1 in 50 (2%).
constexpr size_t kMaxBadPerMille = 20;
// A short text may carry a few stray control characters (a NUL pasted by a crawler, a BEL) that
// normalization drops: that many never make a decoding mojibake by themselves.
constexpr size_t kToleratedBadCharacters = 3;
// Detection tries at most this many of ICU's candidates, best first.
constexpr int kMaxDetectionCandidates = 10;
// Valid multi-byte UTF-8 sequences that prove a body labelled with a legacy charset is UTF-8.
constexpr size_t kMinUtf8Evidence = 3;
// Score (ICU confidence 0-100 plus plausibility) above which a clean decoding of the top
// candidate is accepted without trying the others.
constexpr int32_t kConfidentDetection = 50;

struct Charset {
  std::string converter;  // name given to ucnv_open
  std::string name;       // canonical name reported to callers
};

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* detector) const { ucsdet_close(detector); }
};
using DetectorPtr = std::unique_ptr<UCharsetDetector, DetectorCloser>;

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string NormalizeLabel(std::string_view label) {
  while (!label.empty() && IsAsciiSpace(label.front())) label.remove_prefix(1);
  while (!label.empty() && IsAsciiSpace(label.back())) label.remove_suffix(1);
  std::string out(label);
  std::transform(out.begin(), out.end(), out.begin(), AsciiLower);
  return out;
}

// Labels whose decoder differs from what ICU would pick for the name, following the WHATWG
// Encoding Standard: legacy Japanese and Chinese labels name supersets in practice, and
// Latin-1/ASCII labels are decoded as windows-1252.
std::optional<Charset> WhatwgOverride(const std::string& label) {
  struct Entry {
    std::string_view label;
    std::string_view converter;
    std::string_view name;
  };
  static constexpr std::array<Entry, 40> kTable{{
      // Shift_JIS as served on the web is Microsoft's CP932 (NEC/IBM extensions, different
      // mappings for a few symbols); ibm-943_P15A-2003 is ICU's CP932-compatible table.
      {"shift_jis", "ibm-943_P15A-2003", "Shift_JIS"},
      {"shift-jis", "ibm-943_P15A-2003", "Shift_JIS"},
      {"sjis", "ibm-943_P15A-2003", "Shift_JIS"},
      {"x-sjis", "ibm-943_P15A-2003", "Shift_JIS"},
      {"ms_kanji", "ibm-943_P15A-2003", "Shift_JIS"},
      {"csshiftjis", "ibm-943_P15A-2003", "Shift_JIS"},
      {"windows-31j", "ibm-943_P15A-2003", "windows-31j"},
      {"cp932", "ibm-943_P15A-2003", "windows-31j"},
      {"ms932", "ibm-943_P15A-2003", "windows-31j"},
      // GB2312 and GBK are subsets of GB18030.
      {"gb2312", "gb18030", "GB18030"},
      {"gbk", "gb18030", "GB18030"},
      {"x-gbk", "gb18030", "GB18030"},
      {"cp936", "gb18030", "GB18030"},
      {"ms936", "gb18030", "GB18030"},
      {"windows-936", "gb18030", "GB18030"},
      {"chinese", "gb18030", "GB18030"},
      {"csgb2312", "gb18030", "GB18030"},
      {"csiso58gb231280", "gb18030", "GB18030"},
      {"gb_2312", "gb18030", "GB18030"},
      {"gb_2312-80", "gb18030", "GB18030"},
      {"iso-ir-58", "gb18030", "GB18030"},
      {"euc-cn", "gb18030", "GB18030"},
      {"gb18030", "gb18030", "GB18030"},
      // Latin-1 and ASCII labels mean windows-1252 on the web.
      {"iso-8859-1", "windows-1252", "windows-1252"},
      {"iso8859-1", "windows-1252", "windows-1252"},
      {"iso_8859-1", "windows-1252", "windows-1252"},
      {"iso88591", "windows-1252", "windows-1252"},
      {"latin1", "windows-1252", "windows-1252"},
      {"l1", "windows-1252", "windows-1252"},
      {"cp1252", "windows-1252", "windows-1252"},
      {"cp819", "windows-1252", "windows-1252"},
      {"ibm819", "windows-1252", "windows-1252"},
      {"ascii", "windows-1252", "windows-1252"},
      {"us-ascii", "windows-1252", "windows-1252"},
      {"x-user-defined", "windows-1252", "windows-1252"},
      // Big5 on the web includes the HKSCS extensions.
      {"big5", "windows-950-2000", "Big5"},
      {"big5-hkscs", "ibm-1375_P100-2008", "Big5-HKSCS"},
      {"cn-big5", "windows-950-2000", "Big5"},
      {"x-x-big5", "windows-950-2000", "Big5"},
      // A "utf-16" label without a BOM means little-endian on the web.
      {"utf-16", "UTF-16LE", "UTF-16LE"},
  }};
  for (const Entry& entry : kTable) {
    if (entry.label == label) return Charset{std::string(entry.converter), std::string(entry.name)};
  }
  return std::nullopt;
}

// Resolves a charset label to a converter, or nullopt when ICU does not know it.
std::optional<Charset> ResolveLabel(std::string_view raw_label) {
  const std::string label = NormalizeLabel(raw_label);
  if (label.empty()) return std::nullopt;
  // Charset names are short ASCII tokens (RFC 2978); anything else, such as an embedded NUL
  // that would cut the name short for ICU, is not a name.
  const bool is_token = std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
           c == ':' || c == '+' || c == '(' || c == ')';
  });
  if (!is_token || label.size() > 64) return std::nullopt;
  if (std::optional<Charset> known = WhatwgOverride(label)) return known;
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(label.c_str(), &status));
  if (U_FAILURE(status) || converter == nullptr) return std::nullopt;
  status = U_ZERO_ERROR;
  const char* internal = ucnv_getName(converter.get(), &status);
  if (U_FAILURE(status) || internal == nullptr) return std::nullopt;
  std::string name = internal;
  for (const char* standard : {"MIME", "IANA"}) {
    status = U_ZERO_ERROR;
    const char* standard_name = ucnv_getStandardName(internal, standard, &status);
    if (U_SUCCESS(status) && standard_name != nullptr) {
      name = standard_name;
      break;
    }
  }
  return Charset{std::string(internal), std::move(name)};
}

// Counts undecodable sequences while substituting U+FFFD for each of them.
void CountingSubstitute(const void* context, UConverterToUnicodeArgs* args,
                        const char* /*code_units*/, int32_t /*length*/,
                        UConverterCallbackReason reason, UErrorCode* error) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to substitute
  ++*static_cast<size_t*>(const_cast<void*>(context));
  *error = U_ZERO_ERROR;
  static constexpr UChar kReplacement = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, error);
}

struct Decoding {
  std::u16string utf16;
  bool single_byte = false;  // the charset maps every character to one byte
  size_t code_points = 0;
  // Undecodable sequences plus control characters that do not occur in text.
  size_t bad = 0;
};

bool WithinBadBudget(size_t bad, size_t code_points) {
  return bad <= kToleratedBadCharacters || bad * 1000 <= code_points * kMaxBadPerMille;
}

bool IsAcceptable(const Decoding& decoding) {
  return WithinBadBudget(decoding.bad, decoding.code_points);
}

bool IsStrayControl(char16_t c) {
  if (c < 0x20) return c != '\t' && c != '\n' && c != '\r' && c != '\f';
  return c >= 0x7F && c <= 0x9F;
}

absl::StatusOr<Decoding> Decode(const Charset& charset, std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(charset.converter.c_str(), &status));
  if (U_FAILURE(status) || converter == nullptr) {
    return common::InvalidField("charset", fmt::format("unsupported charset \"{}\": {}",
                                                       charset.name, u_errorName(status)));
  }
  Decoding decoding;
  decoding.single_byte = ucnv_getMaxCharSize(converter.get()) == 1;
  size_t errors = 0;
  status = U_ZERO_ERROR;
  ucnv_setToUCallBack(converter.get(), CountingSubstitute, &errors, nullptr, nullptr, &status);
  if (U_FAILURE(status)) {
    return absl::InternalError(fmt::format("ucnv_setToUCallBack: {}", u_errorName(status)));
  }

  decoding.utf16.resize(bytes.size() + 16);
  const char* source = bytes.data();
  const char* const source_limit = bytes.data() + bytes.size();
  size_t written = 0;
  while (true) {
    UChar* target = reinterpret_cast<UChar*>(decoding.utf16.data()) + written;
    UChar* const target_limit =
        reinterpret_cast<UChar*>(decoding.utf16.data()) + decoding.utf16.size();
    status = U_ZERO_ERROR;
    ucnv_toUnicode(converter.get(), &target, target_limit, &source, source_limit, nullptr,
                   /*flush=*/true, &status);
    written = static_cast<size_t>(target - reinterpret_cast<UChar*>(decoding.utf16.data()));
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      decoding.utf16.resize(decoding.utf16.size() * 2);
      continue;
    }
    if (U_FAILURE(status)) {
      return common::InvalidField(
          "body", fmt::format("cannot be decoded as {}: {}", charset.name, u_errorName(status)));
    }
    break;
  }
  decoding.utf16.resize(written);
  decoding.bad = errors;
  for (char16_t c : decoding.utf16) {
    decoding.code_points += (c & 0xFC00) != 0xDC00;  // count a surrogate pair once
    decoding.bad += IsStrayControl(c);
  }
  return decoding;
}

std::string ToUtf8(const std::u16string& utf16) {
  std::string out;
  out.resize(utf16.size() * 3);
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length,
                     reinterpret_cast<const UChar*>(utf16.data()),
                     static_cast<int32_t>(utf16.size()), 0xFFFD, nullptr, &status);
  out.resize(U_SUCCESS(status) ? static_cast<size_t>(length) : 0);
  return out;
}

absl::Status NotDecodable(const Charset& charset, const Decoding& decoding, std::string_view why) {
  return common::InvalidField(
      "body", fmt::format("bytes are not valid {} ({}): {} of {} characters are undecodable or "
                          "control characters",
                          charset.name, why, decoding.bad, decoding.code_points));
}

struct Bom {
  Charset charset;
  size_t length;
};

std::optional<Bom> SniffBom(std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    return Bom{{"UTF-8", "UTF-8"}, 3};
  }
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") {
    return Bom{{"UTF-16LE", "UTF-16LE"}, 2};
  }
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") {
    return Bom{{"UTF-16BE", "UTF-16BE"}, 2};
  }
  return std::nullopt;
}

// UTF-8 statistics of `bytes`: how many multi-byte sequences are valid and how many bytes are
// not part of any valid sequence.
struct Utf8Scan {
  size_t code_points = 0;
  size_t multibyte = 0;
  size_t invalid = 0;
  size_t stray_controls = 0;
};

// One bit (the top one) set in each byte lane of `word` that is a stray control, for a word of
// ASCII bytes only. Adding 0x60 to a 7-bit byte sets its top bit exactly when it is >= 0x20,
// and adding 0x7F to a 7-bit byte sets it exactly when it is not zero; neither carries into the
// next lane.
uint64_t StrayControlLanes(uint64_t word) {
  constexpr uint64_t kLanes = 0x0101010101010101;
  constexpr uint64_t kTops = 0x8080808080808080;
  auto zero_lanes = [&](uint8_t value) { return ~((word ^ (kLanes * value)) + kLanes * 0x7F); };
  const uint64_t deletes = zero_lanes(0x7F) & kTops;
  const uint64_t below_space = ~(word + kLanes * 0x60) & kTops;
  if (below_space == 0) return deletes;  // most words: no control character at all
  const uint64_t text_controls =
      zero_lanes('\t') | zero_lanes('\n') | zero_lanes('\f') | zero_lanes('\r');
  return (below_space & ~text_controls) | deletes;
}

Utf8Scan ScanUtf8(std::string_view bytes) {
  Utf8Scan scan;
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const int32_t length = static_cast<int32_t>(bytes.size());
  int32_t i = 0;
  while (i < length) {
    // Markup is mostly ASCII: eight bytes at a time while they are.
    if (i + 8 <= length) {
      uint64_t word = 0;
      std::memcpy(&word, data + i, sizeof word);
      if ((word & 0x8080808080808080) == 0) {
        scan.code_points += 8;
        // Rare: counted only when present (the popcount is not a single instruction here).
        if (const uint64_t lanes = StrayControlLanes(word); lanes != 0) {
          scan.stray_controls += static_cast<size_t>(std::popcount(lanes));
        }
        i += 8;
        continue;
      }
    }
    if (data[i] < 0x80) {
      scan.stray_controls += IsStrayControl(data[i]);
      ++i;
      ++scan.code_points;
      continue;
    }
    ++scan.code_points;
    // Well-formed three-byte sequences that cannot be surrogates or overlong forms (lead bytes
    // E1..EC, EE, EF: kana, CJK) are counted inline, the rest by U8_NEXT.
    if (data[i] >= 0xE1 && data[i] != 0xED && data[i] <= 0xEF && i + 2 < length &&
        (data[i + 1] & 0xC0) == 0x80 && (data[i + 2] & 0xC0) == 0x80) {
      i += 3;
      ++scan.multibyte;  // at least U+1000: not a C1 control
      continue;
    }
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c < 0) {
      ++scan.invalid;
    } else {
      ++scan.multibyte;
      scan.stray_controls += c <= 0x9F;  // C1 controls
    }
  }
  return scan;
}

bool IsUnicodeFamily(const Charset& charset) {
  std::string name = NormalizeLabel(charset.name);
  return name.rfind("utf-", 0) == 0 || name.rfind("ucs-", 0) == 0;
}

// Valid UTF-8 is passed on as is: no conversion round trip on the most common path.
std::optional<DecodedText> AcceptValidUtf8(std::string_view bytes, const Utf8Scan& scan,
                                           CharsetSource source) {
  if (scan.invalid != 0 || !WithinBadBudget(scan.stray_controls, scan.code_points)) {
    return std::nullopt;
  }
  return DecodedText{std::string(bytes), "UTF-8", source};
}

// Valid UTF-8 under a UTF-8 label (meta tag, byte order mark) is passed on as is too: ICU's round
// trip through UTF-16 returns it byte for byte, and the scan counts code points and stray
// controls as Decode does, so the verdict on the budget is the same. Converting was a quarter
// of the instructions of extracting an HTML page.
std::optional<DecodedText> AcceptValidUtf8Label(const Charset& charset, std::string_view bytes,
                                                CharsetSource source) {
  if (charset.converter != "UTF-8") return std::nullopt;
  const Utf8Scan scan = ScanUtf8(bytes);
  if (scan.invalid != 0 || !WithinBadBudget(scan.stray_controls, scan.code_points)) {
    return std::nullopt;
  }
  return DecodedText{std::string(bytes), charset.name, source};
}

DecodedText Finish(const Charset& charset, const Decoding& decoding, CharsetSource source) {
  return DecodedText{ToUtf8(decoding.utf16), charset.name, source};
}

bool IsJapaneseCharset(const Charset& charset) {
  return charset.name == "Shift_JIS" || charset.name == "windows-31j" || charset.name == "EUC-JP" ||
         charset.name == "ISO-2022-JP";
}

// Non-ASCII punctuation and symbols that real text in single-byte charsets uses.
bool IsCommonTypography(char16_t c) {
  switch (c) {
    case 0x00A0:
    case 0x00A3:
    case 0x00A9:
    case 0x00AB:
    case 0x00B0:
    case 0x00BB:
    case 0x2013:
    case 0x2014:
    case 0x2018:
    case 0x2019:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x2026:
    case 0x20AC:
      return true;
    default:
      return false;
  }
}

// Evidence in the decoded text that a candidate charset is right, added to ICU's confidence:
// - Kana occur only in Japanese, but JIS-based kana rows also exist inside GB2312 and
//   KS X 1001, so full-width kana favour a Japanese charset over a Chinese or Korean one.
// - Half-width katakana are rare in modern text and are what other CJK bytes look like when
//   misread as Shift_JIS.
// - Multi-byte text misread as a single-byte charset is full of stray symbols (for example
//   "‚Ì" or "¼­¿ï"), which real Latin, Cyrillic or Greek text does not contain.
int PlausibilityBonus(const Charset& charset, const std::u16string& utf16, bool single_byte) {
  const bool japanese = IsJapaneseCharset(charset);
  if (!japanese && !single_byte) return 0;
  size_t non_ascii = 0;
  size_t kana = 0;
  size_t halfwidth_kana = 0;
  size_t stray_symbols = 0;
  for (char16_t c : utf16) {
    if (c < 0x80) continue;
    ++non_ascii;
    kana += c >= 0x3041 && c <= 0x30FF;
    halfwidth_kana += c >= 0xFF61 && c <= 0xFF9F;
    if (single_byte && !u_isalpha(c) && !IsCommonTypography(c)) ++stray_symbols;
  }
  if (non_ascii == 0) return 0;
  int bonus = 0;
  if (japanese && kana * 5 >= non_ascii) bonus += 50;
  if (japanese && halfwidth_kana * 5 >= non_ascii) bonus -= 20;
  if (single_byte && stray_symbols * 5 >= non_ascii) bonus -= 30;
  return bonus;
}

// The best decoding among ICU's detected candidates.
struct Detection {
  std::optional<Charset> charset;
  std::optional<Decoding> best;
  int score = 0;
};

Detection DetectWithIcu(std::string_view bytes, bool is_html) {
  Detection result;
  UErrorCode status = U_ZERO_ERROR;
  DetectorPtr detector(ucsdet_open(&status));
  if (U_FAILURE(status)) return result;
  ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  ucsdet_enableInputFilter(detector.get(), is_html);
  int32_t found = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &found, &status);
  if (U_FAILURE(status)) found = 0;

  // ICU's confidence is unreliable on short texts (it reports 10, "valid but no evidence",
  // for every multi-byte charset), so each plausible candidate is decoded and scored.
  std::optional<Charset>& best_charset = result.charset;
  std::optional<Decoding>& best = result.best;
  int& best_score = result.score;
  int tried = 0;
  for (int32_t i = 0; i < found && tried < kMaxDetectionCandidates; ++i) {
    status = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &status);
    const int32_t confidence = ucsdet_getConfidence(matches[i], &status);
    if (U_FAILURE(status) || name == nullptr) continue;
    std::optional<Charset> charset = ResolveLabel(name);
    // UTF-16/32 without a BOM is what binary data looks like to the detector; EBCDIC and
    // visual-order Hebrew/Arabic (IBM42x) do not occur on the web.
    if (!charset || IsUnicodeFamily(*charset) || std::string_view(name).rfind("IBM", 0) == 0) {
      continue;
    }
    ++tried;
    absl::StatusOr<Decoding> decoding = Decode(*charset, bytes);
    if (!decoding.ok()) continue;
    const int score =
        confidence + PlausibilityBonus(*charset, decoding->utf16, decoding->single_byte);
    const bool better =
        !best || decoding->bad < best->bad || (decoding->bad == best->bad && score > best_score);
    if (better) {
      best_charset = std::move(charset);
      best = *std::move(decoding);
      best_score = score;
      // A confident, clean first choice needs no second opinion.
      if (best->bad == 0 && tried == 1 && score >= kConfidentDetection) break;
    }
  }
  return result;
}

Detection DetectJapanese(std::string_view bytes) {
  for (const char* name : {"Shift_JIS", "EUC-JP"}) {
    std::optional<Charset> charset = ResolveLabel(name);
    if (!charset) continue;
    absl::StatusOr<Decoding> decoding = Decode(*charset, bytes);
    if (!decoding.ok() || decoding->bad != 0) continue;
    const int bonus = PlausibilityBonus(*charset, decoding->utf16, decoding->single_byte);
    if (bonus >= kConfidentDetection) {
      return {.charset = std::move(charset), .best = *std::move(decoding), .score = bonus};
    }
  }
  return {};
}

absl::StatusOr<DecodedText> DecodeDetected(std::string_view bytes, bool is_html) {
  // Most bodies are UTF-8: accept it when valid, or when multi-byte sequences clearly
  // dominate a few stray bytes (ICU's detector would call such text Latin-1).
  const Utf8Scan scan = ScanUtf8(bytes);
  if (std::optional<DecodedText> valid = AcceptValidUtf8(bytes, scan, CharsetSource::kDetected)) {
    return *std::move(valid);
  }
  const Charset utf8{"UTF-8", "UTF-8"};
  if (scan.invalid > 0 && scan.multibyte >= 2 * scan.invalid &&
      scan.invalid * 1000 <= scan.code_points * kMaxBadPerMille) {
    absl::StatusOr<Decoding> decoding = Decode(utf8, bytes);
    if (!decoding.ok()) return decoding.status();
    if (IsAcceptable(*decoding)) return Finish(utf8, *decoding, CharsetSource::kDetected);
  }

  // Japanese pages in Shift_JIS or EUC-JP are settled without ICU's detector, whose single-byte
  // recognizers (n-gram statistics for a dozen languages; they cannot be switched off) take
  // most of a millisecond per page: a clean decoding in which kana are a fifth of the non-ASCII
  // characters does not happen by chance for text in another charset.
  Detection detection = DetectJapanese(bytes);
  if (!detection.best) detection = DetectWithIcu(bytes, is_html);
  std::optional<Charset>& best_charset = detection.charset;
  std::optional<Decoding>& best = detection.best;
  if (!best) {
    return common::InvalidField("body", "charset could not be detected: not text");
  }
  if (!IsAcceptable(*best)) {
    return NotDecodable(*best_charset, *best, "best detected charset");
  }
  return Finish(*best_charset, *best, CharsetSource::kDetected);
}

// --- HTML5 prescan (WHATWG HTML, "prescan a byte stream to determine its encoding"). ---
// Written by hand because neither ICU nor libcurl offers it, and Modest's version only
// reports its own fixed encoding enum; the algorithm is small and fully specified.

struct Attribute {
  std::string name;
  std::string value;
};

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool StartsWithNoCase(std::string_view s, size_t pos, std::string_view prefix) {
  if (s.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLower(s[pos + i]) != prefix[i]) return false;
  }
  return true;
}

// "Get an attribute": advances `pos`; nullopt when there is none (at '>' or end of input).
std::optional<Attribute> GetAttribute(std::string_view s, size_t& pos) {
  while (pos < s.size() && (IsAsciiSpace(s[pos]) || s[pos] == '/')) ++pos;
  if (pos >= s.size() || s[pos] == '>') return std::nullopt;
  Attribute attribute;
  // Name.
  while (true) {
    if (pos >= s.size()) return std::nullopt;
    const char c = s[pos];
    if (c == '=' && !attribute.name.empty()) {
      ++pos;
      break;
    }
    if (IsAsciiSpace(c)) {
      while (pos < s.size() && IsAsciiSpace(s[pos])) ++pos;
      if (pos >= s.size()) return std::nullopt;
      if (s[pos] != '=') return attribute;
      ++pos;
      break;
    }
    if (c == '/' || c == '>') return attribute;
    attribute.name.push_back(AsciiLower(c));
    ++pos;
  }
  // Value.
  while (pos < s.size() && IsAsciiSpace(s[pos])) ++pos;
  if (pos >= s.size()) return std::nullopt;
  const char first = s[pos];
  if (first == '"' || first == '\'') {
    ++pos;
    while (true) {
      if (pos >= s.size()) return std::nullopt;
      if (s[pos] == first) {
        ++pos;
        return attribute;
      }
      attribute.value.push_back(AsciiLower(s[pos]));
      ++pos;
    }
  }
  if (first == '>') return attribute;
  while (pos < s.size() && !IsAsciiSpace(s[pos]) && s[pos] != '>') {
    attribute.value.push_back(AsciiLower(s[pos]));
    ++pos;
  }
  if (pos >= s.size()) return std::nullopt;
  return attribute;
}

// "Extract a character encoding from a meta element" (the content attribute).
std::string CharsetFromContent(std::string_view content) {
  size_t pos = 0;
  while (true) {
    size_t found = content.find("charset", pos);
    if (found == std::string_view::npos) return "";
    pos = found + 7;
    while (pos < content.size() && IsAsciiSpace(content[pos])) ++pos;
    if (pos < content.size() && content[pos] == '=') break;
  }
  ++pos;
  while (pos < content.size() && IsAsciiSpace(content[pos])) ++pos;
  if (pos >= content.size()) return "";
  const char first = content[pos];
  if (first == '"' || first == '\'') {
    const size_t end = content.find(first, pos + 1);
    if (end == std::string_view::npos) return "";
    return std::string(content.substr(pos + 1, end - pos - 1));
  }
  size_t end = pos;
  while (end < content.size() && !IsAsciiSpace(content[end]) && content[end] != ';') ++end;
  return std::string(content.substr(pos, end - pos));
}

// Returns the declared label of a <meta> whose attributes start at `pos`, or empty.
std::string MetaCharset(std::string_view s, size_t& pos) {
  std::vector<std::string> seen;
  bool got_pragma = false;
  std::optional<bool> need_pragma;
  std::string charset;
  while (std::optional<Attribute> attribute = GetAttribute(s, pos)) {
    if (std::find(seen.begin(), seen.end(), attribute->name) != seen.end()) continue;
    seen.push_back(attribute->name);
    if (attribute->name == "http-equiv") {
      got_pragma = got_pragma || attribute->value == "content-type";
    } else if (attribute->name == "content" && charset.empty()) {
      std::string from_content = CharsetFromContent(attribute->value);
      if (!from_content.empty()) {
        charset = std::move(from_content);
        need_pragma = true;
      }
    } else if (attribute->name == "charset") {
      charset = attribute->value;
      need_pragma = false;
    }
  }
  if (!need_pragma.has_value() || (*need_pragma && !got_pragma)) return "";
  return charset;
}

}  // namespace

std::string SniffMetaCharset(std::string_view html_bytes) {
  const std::string_view s = html_bytes.substr(0, kMetaScanBytes);
  size_t pos = 0;
  while (pos < s.size()) {
    if (s.compare(pos, 4, "<!--") == 0) {
      const size_t end = s.find("-->", pos + 2);
      if (end == std::string_view::npos) return "";
      pos = end + 3;
      continue;
    }
    if (StartsWithNoCase(s, pos, "<meta") && pos + 5 < s.size() &&
        (IsAsciiSpace(s[pos + 5]) || s[pos + 5] == '/')) {
      pos += 5;
      std::string label = MetaCharset(s, pos);
      std::optional<Charset> charset = label.empty() ? std::nullopt : ResolveLabel(label);
      if (charset) {
        // A document that declares UTF-16 in ASCII bytes cannot be UTF-16 (WHATWG).
        if (NormalizeLabel(charset->name).rfind("utf-16", 0) == 0) return "UTF-8";
        return label;
      }
      ++pos;
      continue;
    }
    if (s[pos] == '<' && pos + 1 < s.size() &&
        (IsAsciiAlpha(s[pos + 1]) ||
         (s[pos + 1] == '/' && pos + 2 < s.size() && IsAsciiAlpha(s[pos + 2])))) {
      while (pos < s.size() && !IsAsciiSpace(s[pos]) && s[pos] != '>') ++pos;
      while (GetAttribute(s, pos)) {
      }
      ++pos;
      continue;
    }
    if (s[pos] == '<' && pos + 1 < s.size() &&
        (s[pos + 1] == '!' || s[pos + 1] == '/' || s[pos + 1] == '?')) {
      const size_t end = s.find('>', pos + 2);
      if (end == std::string_view::npos) return "";
      pos = end + 1;
      continue;
    }
    ++pos;
  }
  return "";
}

absl::StatusOr<DecodedText> DecodeToUtf8(std::string_view bytes, const DecodeOptions& options) {
  const std::optional<Bom> bom = SniffBom(bytes);

  if (!NormalizeLabel(options.charset_hint).empty()) {
    std::optional<Charset> charset = ResolveLabel(options.charset_hint);
    if (!charset) {
      return common::InvalidField("charset",
                                  fmt::format("unknown charset \"{}\"", options.charset_hint));
    }
    std::string_view body = bytes;
    // Between Unicode encodings the BOM decides (WHATWG); it is a signature, not text.
    if (bom && IsUnicodeFamily(*charset)) {
      charset = bom->charset;
      body.remove_prefix(bom->length);
    }
    const Utf8Scan scan = ScanUtf8(body);
    if (charset->name == "UTF-8") {
      std::optional<DecodedText> valid = AcceptValidUtf8(body, scan, CharsetSource::kHint);
      if (valid) return *std::move(valid);
    } else if (scan.invalid == 0 &&
               (scan.multibyte >= kMinUtf8Evidence ||
                (IsUnicodeFamily(*charset) && body.find('\0') == std::string_view::npos))) {
      // Legacy text is almost never valid UTF-8 with several multi-byte sequences, and
      // UTF-16 text has NUL bytes: a mislabelled UTF-8 page would decode without errors
      // into mojibake, so it is refused like any other wrong claim.
      return common::InvalidField(
          "body", fmt::format("bytes are not valid {} (the claimed charset): they are UTF-8",
                              charset->name));
    }
    absl::StatusOr<Decoding> decoding = Decode(*charset, body);
    if (!decoding.ok()) return decoding.status();
    if (!IsAcceptable(*decoding)) return NotDecodable(*charset, *decoding, "the claimed charset");
    return Finish(*charset, *decoding, CharsetSource::kHint);
  }

  if (bom) {
    if (std::optional<DecodedText> valid = AcceptValidUtf8Label(
            bom->charset, bytes.substr(bom->length), CharsetSource::kByteOrderMark)) {
      return *std::move(valid);
    }
    absl::StatusOr<Decoding> decoding = Decode(bom->charset, bytes.substr(bom->length));
    if (!decoding.ok()) return decoding.status();
    if (!IsAcceptable(*decoding)) {
      return NotDecodable(bom->charset, *decoding, "the byte order mark");
    }
    return Finish(bom->charset, *decoding, CharsetSource::kByteOrderMark);
  }

  if (options.is_html) {
    const std::string label = SniffMetaCharset(bytes);
    if (std::optional<Charset> charset = label.empty() ? std::nullopt : ResolveLabel(label)) {
      if (std::optional<DecodedText> valid =
              AcceptValidUtf8Label(*charset, bytes, CharsetSource::kMetaTag)) {
        return *std::move(valid);
      }
      absl::StatusOr<Decoding> decoding = Decode(*charset, bytes);
      // A wrong declaration falls back to detection rather than producing mojibake.
      if (decoding.ok() && IsAcceptable(*decoding)) {
        return Finish(*charset, *decoding, CharsetSource::kMetaTag);
      }
    }
  }

  return DecodeDetected(bytes, options.is_html);
}

}  // namespace newsflow::text
