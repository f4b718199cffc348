#include "ner_features.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <string_view>

#include "word_clusters.h"

namespace newsflow::entities::internal {
namespace {

// Feature hashing of the English features: a template id and its parts, FNV-1a with a
// separator between parts and a final avalanche so that the low bits (the weight row) are well
// mixed. (The Japanese features use MixHash, below.)
//
// The hash values are en.model's keys and must not change; the code below only computes the
// same FNV-1a faster: the state after the template id is precomputed per template, and the
// zero high bytes of a number (most numbers here are small) fold into one multiply by a power
// of the prime, since xor with a zero byte is the identity.
constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

constexpr std::array<uint64_t, 9> kPrimePowers = [] {
  std::array<uint64_t, 9> powers{};
  powers[0] = 1;
  for (size_t i = 1; i < powers.size(); ++i) powers[i] = powers[i - 1] * kFnvPrime;
  return powers;
}();

constexpr uint64_t MixSlow(uint64_t h, uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    h ^= static_cast<unsigned char>(v >> (8 * i));
    h *= kFnvPrime;
  }
  return h;
}

constexpr uint32_t kMaxTemplateId = 255;
constexpr std::array<uint64_t, kMaxTemplateId + 1> kTemplateStates = [] {
  std::array<uint64_t, kMaxTemplateId + 1> states{};
  for (uint32_t id = 0; id <= kMaxTemplateId; ++id) states[id] = MixSlow(kFnvOffset, id);
  return states;
}();

// The final mixing of both feature hashes (splitmix64's): every bit of the state reaches the
// low bits that pick the weight row.
constexpr uint64_t Avalanche(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class FeatureHash {
 public:
  explicit FeatureHash(uint32_t template_id)
      : h_(template_id <= kMaxTemplateId ? kTemplateStates[template_id]
                                         : MixSlow(kFnvOffset, template_id)) {}

  FeatureHash& Str(std::string_view s) {
    uint64_t h = h_;
    for (unsigned char c : s) {
      h ^= c;
      h *= kFnvPrime;
    }
    h_ = (h ^ 0x1f) * kFnvPrime;
    return *this;
  }
  FeatureHash& Num(uint64_t v) {
    uint64_t h = h_;
    int bytes = 0;
    for (; v != 0; v >>= 8, ++bytes) {
      h ^= v & 0xff;
      h *= kFnvPrime;
    }
    h_ = h * kPrimePowers[8 - bytes];
    return *this;
  }
  /// The FNV state so far, to continue from later with FromState() (see CharFeatureMemo).
  uint64_t state() const { return h_; }
  static FeatureHash FromState(uint64_t state) {
    FeatureHash hash(0);
    hash.h_ = state;
    return hash;
  }
  uint64_t Value() const { return Avalanche(h_); }

 private:
  uint64_t h_;
};

// The Japanese features' hash: a template id and its parts, each part mixed in with one
// multiply and a shift (strings 8 bytes at a time, little-endian, the last word with the
// length in its top byte), then the same final avalanche as FeatureHash. Unlike FeatureHash's
// byte-wise FNV it has no loop per byte or per non-zero byte of a number, and no branch that
// depends on the data. It defines the meaning of ja.model's weights: changing it means
// retraining ja.model.
class MixHash {
 public:
  explicit MixHash(uint32_t template_id) : h_(Mix(kSeed, template_id)) {}

  MixHash& Str(std::string_view s) {
    uint64_t h = h_;
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8)
      h = Mix(h, Word(s.data() + i, 4) | Word(s.data() + i + 4, 4) << 32);
    h_ = Mix(h, Word(s.data() + i, s.size() - i) ^ (uint64_t{s.size() & 0xff} << 56));
    return *this;
  }
  MixHash& Num(uint64_t v) {
    h_ = Mix(h_, v);
    return *this;
  }
  /// The state so far, to continue from later with FromState() (see CharFeatureMemo).
  uint64_t state() const { return h_; }
  static MixHash FromState(uint64_t state) {
    MixHash hash(0);
    hash.h_ = state;
    return hash;
  }
  uint64_t Value() const { return Avalanche(h_); }

 private:
  static constexpr uint64_t kSeed = 0x243f6a8885a308d3ULL;  // digits of pi
  static constexpr uint64_t Mix(uint64_t h, uint64_t v) {
    h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 32);
  }
  // Up to 8 bytes as a little-endian number (zero-padded). Short counts read overlapping
  // pieces (their common bytes land on the same bits) instead of looping per byte.
  static uint64_t Word(const char* bytes, size_t count) {
    const auto* b = reinterpret_cast<const unsigned char*>(bytes);
    if (count >= 4) {
      const uint64_t lo = Load32(b);
      const uint64_t hi = Load32(b + count - 4);
      return lo | hi << (8 * (count - 4));
    }
    if (count == 0) return 0;
    return uint64_t{b[0]} | uint64_t{b[count / 2]} << (8 * (count / 2)) |
           uint64_t{b[count - 1]} << (8 * (count - 1));
  }
  static uint64_t Load32(const unsigned char* b) {
    uint32_t w;
    std::memcpy(&w, b, 4);
    if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap32(w);
    return w;
  }

  uint64_t h_;
};

// ---- Japanese -----------------------------------------------------------------------------

constexpr char32_t kBoundary = 0x2402;

// The most features one position can have (19 character features, 27 of the token block and 2
// of the alias block).
constexpr size_t kMaxJapaneseFeatures = 48;  // stands for "before the text" / "after the text"

// Full-width ASCII to ASCII, ASCII lower case, every digit the same.
char32_t NormalizeChar(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
  if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  if (c >= '0' && c <= '9') c = '0';
  return c;
}

// Character classes: the script, with case for Latin and some punctuation of its own.
uint32_t CharClass(char32_t c) {
  if (c == kBoundary) return 20;
  if (c == 0x30FC) return 21;                 // ー prolonged sound mark
  if (c == 0x30FB || c == 0x00B7) return 22;  // ・ middle dot, in foreign names
  if (c == 0x3005) return 23;                 // 々
  const char32_t n = c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c;
  if (n >= 'A' && n <= 'Z') return 24;
  if (n >= 'a' && n <= 'z') return 25;
  if (c >= 0xFF10 && c <= 0xFF19) return 26;
  return static_cast<uint32_t>(ScriptOf(c));
}

uint32_t Bucket(uint32_t length) { return length <= 4 ? length : length <= 8 ? 5 : 6; }

// 0 = single, 1 = begins, 2 = inside, 3 = ends.
uint32_t PositionIn(uint32_t begin, uint32_t end, uint32_t at) {
  if (end - begin == 1) return 0;
  if (at == begin) return 1;
  if (at + 1 == end) return 3;
  return 2;
}

struct TokenView {
  std::string_view surface = "<s>";
  std::string_view pos0 = "<s>";
  std::string_view pos1 = "";
  std::string_view pos2 = "";
  std::string_view pos3 = "";
};

TokenView ViewOf(const std::vector<Token>& tokens, int64_t index, bool after) {
  TokenView v;
  if (index < 0 || index >= static_cast<int64_t>(tokens.size())) {
    if (after) v.surface = v.pos0 = "</s>";
    return v;
  }
  const Token& t = tokens[index];
  v.surface = t.surface;
  v.pos0 = t.pos[0];
  v.pos1 = t.pos[1];
  v.pos2 = t.pos[2];
  v.pos3 = t.pos[3];
  return v;
}

// Feature hashes that depend only on MeCab feature strings (part of speech, base form, reading)
// and small numbers, memoized for one JapaneseFeatures() call: the same dictionary entries (の,
// は, 名詞 一般 ...) recur all through a text, and a lookup is much cheaper than hashing the
// strings again. Tokens of one Tokenize() result with the same feature pointer have the same
// strings (Token::features), so the pointers are the key; they are not kept across calls, as a
// later call may come from another dictionary.
class FeatureMemo {
 public:
  // A new call: earlier entries stop matching.
  void Reset() { ++generation_; }

  // `tag` packs the template id (low 8 bits) with the small numbers the hash depends on;
  // `a` and `b` are feature pointers (or the boundary markers). Null = not memoizable.
  template <typename Compute>
  uint64_t Get(uint32_t tag, const void* a, const void* b, Compute compute) {
    if (a == nullptr || b == nullptr) return compute();
    const uint64_t stamp = (generation_ << 24) | tag;
    uint64_t mix = (reinterpret_cast<uintptr_t>(a) * 0x9e3779b97f4a7c15ULL) ^
                   (reinterpret_cast<uintptr_t>(b) * 0xc2b2ae3d27d4eb4fULL) ^
                   (uint64_t{tag} * 0x165667b19e3779f9ULL);
    Entry& entry = entries_[(mix ^ (mix >> 29)) & (kEntries - 1)];
    if (entry.stamp == stamp && entry.a == a && entry.b == b) return entry.value;
    entry = {stamp, a, b, compute()};
    return entry.value;
  }

 private:
  static constexpr size_t kEntries = 1024;
  struct Entry {
    uint64_t stamp = 0;
    const void* a = nullptr;
    const void* b = nullptr;
    uint64_t value = 0;
  };
  uint64_t generation_ = 0;
  std::array<Entry, kEntries> entries_{};
};

// Stand-ins for the feature pointer of the positions before and after the text, whose views
// are the fixed "<s>" and "</s>" ones; and for a token whose strings MeCab did not give.
constexpr char kBoundaryKeys[2] = {'<', '>'};

const void* MemoKey(const std::vector<Token>& tokens, int64_t index, bool after) {
  if (index < 0 || index >= static_cast<int64_t>(tokens.size())) {
    return after ? &kBoundaryKeys[1] : &kBoundaryKeys[0];
  }
  return tokens[index].features;
}

uint32_t MemoTag(uint32_t template_id, uint32_t numbers) { return template_id | numbers << 8; }

// The character features of one code point, per code point: a text uses a few hundred
// distinct characters over and over, and a lookup is cheaper than hashing one again. For the
// templates that hash only the code point, the final hash; for those that start with a code
// point and go on with a neighbour or a number, the hash state after it. The values depend on
// the code point alone, so entries stay valid across calls; a slot holds one code point at a
// time.
class CharFeatureMemo {
 public:
  struct Entry {
    char32_t c = kNoChar;
    std::array<uint64_t, 5> alone{};   // templates 2, 3, 4, 5, 6: f(t).Num(c).Value()
    std::array<uint64_t, 6> starts{};  // templates 7, 8, 9, 10, 11, 19: f(t).Num(c).state()
  };

  // The entry of `c`, valid until the next Get(). Small enough to be inlined: most calls hit.
  const Entry& Get(char32_t c) {
    Entry& entry = entries_[(c * 0x9e3779b1u) >> (32 - kBits)];
    if (entry.c != c) Fill(c, entry);
    return entry;
  }

 private:
  static constexpr char32_t kNoChar = 0xFFFFFFFF;  // not a code point
  static constexpr uint32_t kBits = 11;
  std::array<Entry, size_t{1} << kBits> entries_{};

  static void Fill(char32_t c, Entry& entry) {
    entry.c = c;
    for (uint32_t t = 0; t < 5; ++t) entry.alone[t] = MixHash(2 + t).Num(c).Value();
    static constexpr std::array<uint32_t, 6> kStarts = {7, 8, 9, 10, 11, 19};
    for (size_t t = 0; t < kStarts.size(); ++t) {
      entry.starts[t] = MixHash(kStarts[t]).Num(c).state();
    }
  }
};

// Per-thread buffers of JapaneseFeatures(), reused so that a call allocates nothing once the
// buffers have grown to the text size.
struct JapaneseScratch {
  std::vector<char32_t> ch;
  std::vector<uint32_t> cls;
  std::vector<uint32_t> run_begin, run_end;
  std::vector<int32_t> token_of;
  std::vector<uint32_t> compound_begin, compound_end;
  std::vector<uint8_t> function_word;
  std::vector<int32_t> alias_of;
  FeatureMemo memo;
  CharFeatureMemo chars;
};

// ---- English ------------------------------------------------------------------------------

bool IsAsciiAlpha(char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool IsLeadingPunct(char32_t c) {
  static constexpr std::u32string_view kChars = U"\"'([{<«“‘`";
  return kChars.find(c) != std::u32string_view::npos;
}

bool IsTrailingPunct(char32_t c) {
  static constexpr std::u32string_view kChars = U"\"').,;:!?]}>»”’…";
  return kChars.find(c) != std::u32string_view::npos;
}

bool IsAbbreviation(std::u32string_view word) {
  static constexpr std::array<std::u32string_view, 40> kAbbreviations = {
      U"mr",   U"mrs", U"ms",   U"dr",  U"prof", U"sen", U"rep", U"gov",  U"gen",  U"lt",
      U"col",  U"sgt", U"capt", U"st",  U"jr",   U"sr",  U"inc", U"corp", U"co",   U"ltd",
      U"vs",   U"etc", U"jan",  U"feb", U"mar",  U"apr", U"jun", U"jul",  U"aug",  U"sep",
      U"sept", U"oct", U"nov",  U"dec", U"no",   U"mt",  U"ft",  U"ave",  U"blvd", U"rev"};
  std::u32string lower(word);
  for (char32_t& c : lower) {
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  }
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), lower) != kAbbreviations.end();
}

// Emits [begin, end) split into punctuation and word units.
void SplitWord(const CodePoints& cps, uint32_t begin, uint32_t end, std::vector<TagUnit>& units) {
  std::vector<TagUnit> tail;
  while (begin < end && IsLeadingPunct(cps.chars[begin])) {
    units.push_back({begin, begin + 1});
    ++begin;
  }
  while (end > begin && IsTrailingPunct(cps.chars[end - 1])) {
    const char32_t c = cps.chars[end - 1];
    if (c == '.' && end - begin >= 2) {
      const std::u32string_view word(&cps.chars[begin], end - 1 - begin);
      // "U.S.", "J." and "Mr." keep their period.
      const bool inner_period = word.find(U'.') != std::u32string_view::npos;
      const bool initial = word.size() == 1 && IsAsciiAlpha(word[0]);
      if (inner_period || initial || IsAbbreviation(word)) break;
    }
    tail.push_back({end - 1, end});
    --end;
  }
  if (begin < end) {
    // Possessive and negation clitics: "Putin's" -> "Putin" "'s", "don't" -> "do" "n't".
    uint32_t split = end;
    if (end - begin > 2 && (cps.chars[end - 2] == '\'' || cps.chars[end - 2] == 0x2019) &&
        (cps.chars[end - 1] == 's' || cps.chars[end - 1] == 'S')) {
      split = end - 2;
    } else if (end - begin > 3 && cps.chars[end - 3] == 'n' &&
               (cps.chars[end - 2] == '\'' || cps.chars[end - 2] == 0x2019) &&
               cps.chars[end - 1] == 't') {
      split = end - 3;
    }
    units.push_back({begin, split});
    if (split < end) units.push_back({split, end});
  }
  for (size_t k = tail.size(); k-- > 0;) units.push_back(tail[k]);
}

void LowerWord(const CodePoints& cps, const TagUnit& unit, std::string& out) {
  out.clear();
  for (uint32_t i = unit.begin; i < unit.end; ++i) {
    char32_t c = cps.chars[i];
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    if (c >= '0' && c <= '9') c = '0';
    if (c == 0x2019) c = '\'';
    AppendUtf8(c, out);
  }
}

// Code-point boundaries of valid UTF-8 are the bytes that do not continue a sequence.
bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Per-thread buffers of EnglishFeatures(), reused so that a call allocates nothing once they
// have grown to the text size.
struct EnglishScratch {
  std::vector<std::string> lower, full, brief;
  std::vector<int32_t> alias_of;
  std::vector<uint32_t> cluster;
  std::vector<uint32_t> word_index;  ///< WordClusters::IndexOf, kNoWord at the markers
};

// "Xxxx" shapes: the full one (each character) capped at 12, and the short one with runs
// collapsed.
void Shapes(const CodePoints& cps, const TagUnit& unit, std::string& full, std::string& brief) {
  full.clear();
  brief.clear();
  for (uint32_t i = unit.begin; i < unit.end; ++i) {
    const char32_t c = cps.chars[i];
    char s;
    if (c >= '0' && c <= '9') {
      s = 'd';
    } else if (IsUpper(c)) {
      s = 'X';
    } else if (IsWordChar(c)) {
      s = 'x';
    } else {
      s = c < 0x80 ? static_cast<char>(c) : '*';
    }
    if (full.size() < 12) full.push_back(s);
    if (brief.empty() || brief.back() != s) brief.push_back(s);
  }
}

// Word-cluster ids of the positions before and after the text (WordClusters::kUnknown is
// the one of words without a cluster).
constexpr uint32_t kClusterBefore = WordClusters::kClusters + 1;
constexpr uint32_t kClusterAfter = WordClusters::kClusters + 2;

// The cluster of a word among 64, 256 or 1024 (level 0, 1, 2); the markers stay themselves.
uint32_t ClusterAt(uint32_t id, uint32_t level) {
  if (id >= WordClusters::kClusters) return id;
  return id >> (4 - 2 * level);
}

// Features of the word clusters of the word at `x` (an index into `cluster`) and its
// neighbours: the embeddings carry what a word is like from a large unlabelled corpus, so
// words the training data never shows get weights from the words it does show.
void AddClusterFeatures(const std::vector<uint32_t>& cluster, size_t x, std::string_view shape,
                        FeatureSequence& out) {
  for (uint32_t level = 0; level < 3; ++level) {
    const uint32_t c = ClusterAt(cluster[x], level);
    out.Add(FeatureHash(140 + level).Num(c).Value());
    if (level > 0) {
      out.Add(FeatureHash(143 + level).Num(ClusterAt(cluster[x - 1], level)).Value());
      out.Add(FeatureHash(146 + level).Num(ClusterAt(cluster[x + 1], level)).Value());
    }
    out.Add(FeatureHash(149 + level).Num(c).Str(shape).Value());
  }
  const uint32_t c = ClusterAt(cluster[x], 1);
  out.Add(FeatureHash(152).Num(ClusterAt(cluster[x - 1], 1)).Num(c).Value());
  out.Add(FeatureHash(153).Num(c).Num(ClusterAt(cluster[x + 1], 1)).Value());
}

// Scale of the int8 word-vector components (standardized, 127 = 3 standard deviations) as
// feature values: about 0.3 per standard deviation next to the binary features' 1, chosen on
// the development split (1 and 0.1 scored lower).
constexpr float kVectorValueScale = 1.0f / 140.0f;

// The word vectors of the word at `x` and its neighbours (±1) as valued features, one weight
// row per side and dimension; a word without a vector has a binary "no vector" feature
// instead. Dense where the clusters are one id: words near each other in the embedding space
// get nearby scores, not only those in one cluster.
void AddVectorFeatures(const WordClusters& clusters, const std::vector<uint32_t>& word_index,
                       size_t x, FeatureSequence& out) {
  const uint32_t dims = clusters.vector_dims();
  for (uint32_t side = 0; side < 3; ++side) {
    const int8_t* vector = clusters.VectorOf(word_index[x + side - 1]);
    if (vector == nullptr) {
      out.Add(FeatureHash(154).Num(side).Value());
      continue;
    }
    // Consecutive rows per dimension: the side's rows sit together in the table.
    out.AddValuedRun(FeatureHash(155).Num(side).Value(), vector, dims, kVectorValueScale);
  }
}

}  // namespace

void JapaneseUnits(const AnalyzedText& in, std::vector<TagUnit>& units) {
  units.clear();
  for (uint32_t i = 0; i < in.cps.size(); ++i) {
    if (ScriptOf(in.cps.chars[i]) == Script::kSpace) continue;
    units.push_back({i, i + 1});
  }
}

void JapaneseFeatures(const AnalyzedText& in, const std::vector<TagUnit>& units,
                      FeatureSequence& out) {
  const size_t n = units.size();
  thread_local JapaneseScratch scratch;
  scratch.memo.Reset();
  // Characters and classes of the units, with two boundary markers on each side.
  std::vector<char32_t>& ch = scratch.ch;
  std::vector<uint32_t>& cls = scratch.cls;
  ch.assign(n + 4, kBoundary);
  cls.assign(n + 4, CharClass(kBoundary));
  for (size_t u = 0; u < n; ++u) {
    const char32_t c = in.cps.chars[units[u].begin];
    ch[u + 2] = NormalizeChar(c);
    cls[u + 2] = CharClass(c);
  }
  // Runs of one class: their length and the position in them.
  std::vector<uint32_t>& run_begin = scratch.run_begin;
  std::vector<uint32_t>& run_end = scratch.run_end;
  run_begin.resize(n);
  run_end.resize(n);
  for (size_t u = 0; u < n;) {
    size_t v = u;
    while (v < n && cls[v + 2] == cls[u + 2]) ++v;
    for (size_t w = u; w < v; ++w) {
      run_begin[w] = static_cast<uint32_t>(u);
      run_end[w] = static_cast<uint32_t>(v);
    }
    u = v;
  }
  // The MeCab token and alias span over each code point.
  const size_t len = in.cps.size();
  std::vector<int32_t>& token_of = scratch.token_of;
  token_of.assign(len, -1);
  for (size_t t = 0; t < in.tokens.size(); ++t) {
    for (uint32_t i = in.tokens[t].begin; i < in.tokens[t].end && i < len; ++i) {
      token_of[i] = static_cast<int32_t>(t);
    }
  }
  // Noun compounds: runs of nouns and prefixes, joined by a middle dot or equals sign between
  // nouns (ドナルド・トランプ). Names are mostly whole compounds or end in a head noun (社, 大学).
  const size_t nt = in.tokens.size();
  auto nominal = [&](size_t t) {
    const Token& token = in.tokens[t];
    if (token.pos[0] == "接頭詞") return true;
    return token.pos[0] == "名詞" && token.pos[1] != "非自立" && token.pos[1] != "代名詞";
  };
  auto joiner = [&](size_t t) {
    const std::string_view s = in.tokens[t].surface;
    return s == "・" || s == "＝" || s == "=" || s == "･";
  };
  // Particles, auxiliary verbs and symbols are almost never part of a name: their code points
  // get two features of the token (surface, POS) instead of the token block's up to 27 (fewer
  // hashes and weight rows; the development F1 stayed within the seed noise). Kept whole: the
  // particles that occur inside names (の of 連体化, と and や of 並立助詞: 千と千尋の神隠し)
  // and the joiners.
  std::vector<uint8_t>& function_word = scratch.function_word;
  function_word.resize(nt);
  for (size_t t = 0; t < nt; ++t) {
    const Token& token = in.tokens[t];
    if (token.pos[0] == "助詞") {
      function_word[t] = token.pos[1] != "連体化" && token.pos[1] != "並立助詞";
    } else {
      function_word[t] = token.pos[0] == "助動詞" || (token.pos[0] == "記号" && !joiner(t));
    }
  }
  std::vector<uint32_t>& compound_begin = scratch.compound_begin;
  std::vector<uint32_t>& compound_end = scratch.compound_end;
  compound_begin.resize(nt);
  compound_end.resize(nt);
  for (size_t t = 0; t < nt;) {
    size_t v = t + 1;
    if (nominal(t)) {
      while (v < nt && (nominal(v) || (joiner(v) && v + 1 < nt && nominal(v + 1)))) ++v;
    }
    for (size_t w = t; w < v; ++w) {
      compound_begin[w] = static_cast<uint32_t>(t);
      compound_end[w] = static_cast<uint32_t>(v);
    }
    t = v;
  }
  std::vector<int32_t>& alias_of = scratch.alias_of;
  alias_of.assign(len, -1);
  for (size_t a = 0; a < in.alias_spans.size(); ++a) {
    for (uint32_t i = in.alias_spans[a].begin; i < in.alias_spans[a].end && i < len; ++i) {
      alias_of[i] = static_cast<int32_t>(a);
    }
  }
  FeatureMemo& memo = scratch.memo;
  CharFeatureMemo& chars = scratch.chars;
  // The hashes are written through a pointer into room for the most features a position can
  // have, and the vector is cut to what was written at the end.
  out.offsets.reserve(out.offsets.size() + n);
  out.valued_offsets.reserve(out.valued_offsets.size() + n);
  const size_t start = out.features.size();
  out.features.resize(start + n * kMaxJapaneseFeatures);
  uint64_t* const first = out.features.data();
  uint64_t* next_feature = first + start;
  auto add = [&next_feature](uint64_t hash) { *next_feature++ = hash; };
  auto f = [](uint32_t template_id) { return MixHash(template_id); };
  // Most features of the token block depend only on the token, or on the token and the
  // position in it, or on the noun compound and the position in it: characters of one token
  // or compound share them, so each is hashed once per key.
  struct {
    int32_t token = -1;
    bool has_base_form = false;
    TokenView prev, next, prev2, next2;
    const void *key, *prev_key, *next_key;  // MemoKey() of the token and its neighbours
    std::array<uint64_t, 6> hashes{};       // 25, 26, 28, 29, 32, 33
  } by_token;
  struct {
    int32_t token = -1;
    uint32_t p = 0;
    std::array<uint64_t, 13> hashes{};  // 20, 21, 22, 24, 30, 31, 34..39, 51
  } by_position;
  struct {
    uint32_t compound = UINT32_MAX;
    uint32_t cpos = 0;
    std::array<uint64_t, 6> hashes{};  // 45..50
  } by_compound;
  for (size_t u = 0; u < n; ++u) {
    const size_t x = u + 2;  // index into ch / cls
    const char32_t c0 = ch[x];
    const uint32_t t0 = cls[x];
    // The same values as f(2).Num(c0).Value(), f(7).Num(ch[x - 1]).Num(c0).Value() and so
    // on, from the per-character memo; each entry is read before the next Get() may evict it.
    uint64_t h2, h3, h4, h5, h6, s7, s8, s9, s10, s11, s19;
    {
      const CharFeatureMemo::Entry& e = chars.Get(ch[x - 2]);
      h5 = e.alone[3];
      s9 = e.starts[2];
    }
    {
      const CharFeatureMemo::Entry& e = chars.Get(ch[x - 1]);
      h3 = e.alone[1];
      s7 = e.starts[0];
      s11 = e.starts[4];
    }
    {
      const CharFeatureMemo::Entry& e = chars.Get(c0);
      h2 = e.alone[0];
      s8 = e.starts[1];
      s19 = e.starts[5];
    }
    {
      const CharFeatureMemo::Entry& e = chars.Get(ch[x + 1]);
      h4 = e.alone[2];
      s10 = e.starts[3];
    }
    h6 = chars.Get(ch[x + 2]).alone[4];
    auto from = [](uint64_t state) { return MixHash::FromState(state); };
    add(f(1).Value());
    add(h2);
    add(h3);
    add(h4);
    add(h5);
    add(h6);
    add(from(s7).Num(c0).Value());
    add(from(s8).Num(ch[x + 1]).Value());
    add(from(s9).Num(ch[x - 1]).Value());
    add(from(s10).Num(ch[x + 2]).Value());
    add(from(s11).Num(c0).Num(ch[x + 1]).Value());
    add(f(12).Num(t0).Value());
    add(f(13).Num(cls[x - 1]).Num(t0).Value());
    add(f(14).Num(t0).Num(cls[x + 1]).Value());
    add(f(15).Num(cls[x - 2]).Num(cls[x - 1]).Num(t0).Value());
    add(f(16).Num(t0).Num(cls[x + 1]).Num(cls[x + 2]).Value());
    add(f(17).Num(cls[x - 1]).Num(t0).Num(cls[x + 1]).Value());
    const uint32_t run_pos = PositionIn(run_begin[u], run_end[u], static_cast<uint32_t>(u));
    const uint32_t run_len = Bucket(run_end[u] - run_begin[u]);
    add(f(18).Num(t0).Num(run_pos).Num(run_len).Value());
    add(from(s19).Num(run_pos).Value());  // f(19).Num(c0).Num(run_pos)

    const uint32_t cp = units[u].begin;
    const int32_t t = token_of[cp];
    if (t >= 0 && function_word[t]) {
      const Token& token = in.tokens[t];
      const uint32_t p = PositionIn(token.begin, token.end, cp);
      const void* const key = MemoKey(in.tokens, t, false);
      add(f(52).Num(p).Str(token.surface).Value());
      add(memo.Get(MemoTag(53, p), key, key,
                   [&] { return f(53).Num(p).Str(token.pos[0]).Str(token.pos[1]).Value(); }));
    } else if (t >= 0) {
      const Token& token = in.tokens[t];
      const uint32_t p = PositionIn(token.begin, token.end, cp);
      const uint32_t cb = compound_begin[t];
      const uint32_t ce = compound_end[t];
      const Token& head = in.tokens[ce - 1];
      const uint32_t cpos = PositionIn(in.tokens[cb].begin, head.end, cp);
      const uint32_t tpos = PositionIn(cb, ce, static_cast<uint32_t>(t));
      if (t != by_token.token) {
        by_token.token = t;
        by_token.prev = ViewOf(in.tokens, t - 1, false);
        by_token.next = ViewOf(in.tokens, t + 1, true);
        by_token.prev2 = ViewOf(in.tokens, t - 2, false);
        by_token.next2 = ViewOf(in.tokens, t + 2, true);
        by_token.key = MemoKey(in.tokens, t, false);
        by_token.prev_key = MemoKey(in.tokens, t - 1, false);
        by_token.next_key = MemoKey(in.tokens, t + 1, true);
        const void* const key = by_token.key;
        uint64_t* h = by_token.hashes.data();
        h[0] = memo.Get(MemoTag(25, 0), key, key,
                        [&] { return f(25).Num(token.reading.empty()).Str(token.pos[1]).Value(); });
        by_token.has_base_form = !token.base_form.empty() && token.base_form != token.surface;
        h[1] = by_token.has_base_form ? memo.Get(MemoTag(26, 0), key, key,
                                                 [&] { return f(26).Str(token.base_form).Value(); })
                                      : 0;
        h[2] = f(28).Str(by_token.prev.surface).Value();
        h[3] = f(29).Str(by_token.next.surface).Value();
        const void* const prev2_key = MemoKey(in.tokens, t - 2, false);
        const void* const next2_key = MemoKey(in.tokens, t + 2, true);
        h[4] = memo.Get(MemoTag(32, 0), prev2_key, prev2_key, [&] {
          return f(32).Str(by_token.prev2.pos0).Str(by_token.prev2.pos1).Value();
        });
        h[5] = memo.Get(MemoTag(33, 0), next2_key, next2_key, [&] {
          return f(33).Str(by_token.next2.pos0).Str(by_token.next2.pos1).Value();
        });
      }
      const TokenView& prev = by_token.prev;
      const TokenView& next = by_token.next;
      const TokenView& prev2 = by_token.prev2;
      const TokenView& next2 = by_token.next2;
      const void* const key = by_token.key;
      if (t != by_position.token || p != by_position.p) {
        by_position.token = t;
        by_position.p = p;
        uint64_t* h = by_position.hashes.data();
        h[0] = f(20).Num(p).Str(token.surface).Value();
        h[1] = memo.Get(MemoTag(21, p), key, key, [&] {
          return f(21)
              .Num(p)
              .Str(token.pos[0])
              .Str(token.pos[1])
              .Str(token.pos[2])
              .Str(token.pos[3])
              .Value();
        });
        h[2] = memo.Get(MemoTag(22, p), key, key,
                        [&] { return f(22).Num(p).Str(token.pos[1]).Str(token.pos[2]).Value(); });
        h[3] = f(24).Num(p).Num(Bucket(token.end - token.begin)).Num(token.unknown).Value();
        h[4] = memo.Get(MemoTag(30, p), by_token.prev_key, by_token.prev_key, [&] {
          return f(30).Num(p).Str(prev.pos0).Str(prev.pos1).Str(prev.pos2).Value();
        });
        h[5] = memo.Get(MemoTag(31, p), by_token.next_key, by_token.next_key, [&] {
          return f(31).Num(p).Str(next.pos0).Str(next.pos1).Str(next.pos2).Value();
        });
        h[6] = memo.Get(MemoTag(34, p), by_token.prev_key, key, [&] {
          return f(34).Num(p).Str(prev.pos1).Str(token.pos[1]).Str(token.pos[2]).Value();
        });
        h[7] = memo.Get(MemoTag(35, p), key, by_token.next_key, [&] {
          return f(35).Num(p).Str(token.pos[1]).Str(token.pos[2]).Str(next.pos1).Value();
        });
        h[8] = f(36).Num(p).Str(prev.surface).Str(token.surface).Value();
        h[9] = f(37).Num(p).Str(token.surface).Str(next.surface).Value();
        h[10] = f(38).Num(p).Str(next.surface).Str(next2.surface).Value();
        h[11] = f(39).Num(p).Str(prev2.surface).Str(prev.surface).Value();
        h[12] = memo.Get(MemoTag(51, tpos << 2 | p), key, key, [&] {
          return f(51).Num(tpos).Num(p).Str(token.pos[2]).Str(token.pos[3]).Value();
        });
      }
      if (cb != by_compound.compound || cpos != by_compound.cpos) {
        by_compound.compound = cb;
        by_compound.cpos = cpos;
        const TokenView before = ViewOf(in.tokens, static_cast<int64_t>(cb) - 1, false);
        const TokenView after = ViewOf(in.tokens, ce, true);
        uint64_t* h = by_compound.hashes.data();
        h[0] = f(45).Num(cpos).Str(head.surface).Value();
        h[1] = f(46).Num(cpos).Str(in.tokens[cb].surface).Value();
        h[2] = f(47).Num(cpos).Str(after.surface).Value();
        h[3] = f(48).Num(cpos).Str(before.surface).Value();
        const void* const head_key = head.features;
        h[4] = memo.Get(MemoTag(49, cpos), head_key, head_key, [&] {
          return f(49).Num(cpos).Str(head.pos[1]).Str(head.pos[2]).Str(head.pos[3]).Value();
        });
        h[5] = f(50).Num(cpos).Str(head.surface).Str(after.surface).Value();
      }
      // The order of the features is kept: the sum of their weights is order-sensitive in
      // floating point.
      const uint64_t* ht = by_token.hashes.data();
      const uint64_t* hp = by_position.hashes.data();
      add(hp[0]);  // 20
      add(hp[1]);  // 21
      add(hp[2]);  // 22
      add(memo.Get(MemoTag(23, t0 << 2 | p), key, key,
                   [&] { return f(23).Num(p).Num(t0).Str(token.pos[0]).Value(); }));
      add(hp[3]);                              // 24
      add(ht[0]);                              // 25
      if (by_token.has_base_form) add(ht[1]);  // 26
      add(f(27).Num(p).Num(c0).Str(token.pos[1]).Value());
      add(ht[2]);                                   // 28
      add(ht[3]);                                   // 29
      add(hp[4]);                                   // 30
      add(hp[5]);                                   // 31
      add(ht[4]);                                   // 32
      add(ht[5]);                                   // 33
      for (size_t k = 6; k <= 11; ++k) add(hp[k]);  // 34..39
      add(f(44).Num(cpos).Num(tpos).Num(Bucket(ce - cb)).Value());
      for (uint64_t h : by_compound.hashes) add(h);  // 45..50
      add(hp[12]);                                   // 51
    } else {
      add(f(40).Value());
    }
    const int32_t a = alias_of[cp];
    if (a >= 0) {
      const Candidate& span = in.alias_spans[a];
      const uint32_t p = PositionIn(span.begin, span.end, cp);
      add(f(41).Num(static_cast<uint32_t>(span.type)).Num(p).Value());
      add(f(42).Num(static_cast<uint32_t>(span.type)).Num(p).Num(t0).Value());
    } else {
      add(f(43).Value());
    }
    out.offsets.push_back(static_cast<uint32_t>(next_feature - first));
    // No valued features in Japanese; the position still needs its (empty) range.
    out.valued_offsets.push_back(static_cast<uint32_t>(out.valued_features.size()));
  }
  out.features.resize(static_cast<size_t>(next_feature - first));
}

void EnglishUnits(const AnalyzedText& in, std::vector<TagUnit>& units) {
  units.clear();
  const CodePoints& cps = in.cps;
  uint32_t i = 0;
  while (i < cps.size()) {
    while (i < cps.size() && ScriptOf(cps.chars[i]) == Script::kSpace) ++i;
    uint32_t j = i;
    while (j < cps.size() && ScriptOf(cps.chars[j]) != Script::kSpace) ++j;
    if (j > i) SplitWord(cps, i, j, units);
    i = j;
  }
}

void EnglishFeatures(const AnalyzedText& in, const std::vector<TagUnit>& units,
                     FeatureSequence& out) {
  const size_t n = units.size();
  const CodePoints& cps = in.cps;
  thread_local EnglishScratch scratch;
  std::vector<std::string>& lower = scratch.lower;
  std::vector<std::string>& full = scratch.full;
  std::vector<std::string>& brief = scratch.brief;
  if (lower.size() < n + 4) {
    lower.resize(n + 4);
    full.resize(n + 4);
    brief.resize(n + 4);
  }
  lower[0] = lower[1] = "<s>";
  lower[n + 2] = lower[n + 3] = "</s>";
  for (size_t k : {size_t{0}, size_t{1}, n + 2, n + 3}) full[k] = brief[k] = lower[k];
  for (size_t u = 0; u < n; ++u) {
    LowerWord(cps, units[u], lower[u + 2]);
    Shapes(cps, units[u], full[u + 2], brief[u + 2]);
  }
  const size_t len = cps.size();
  std::vector<int32_t>& alias_of = scratch.alias_of;
  alias_of.assign(len, -1);
  for (size_t a = 0; a < in.alias_spans.size(); ++a) {
    for (uint32_t i = in.alias_spans[a].begin; i < in.alias_spans[a].end && i < len; ++i) {
      alias_of[i] = static_cast<int32_t>(a);
    }
  }
  // Cluster ids of the words, with the boundary markers around them.
  std::vector<uint32_t>& cluster = scratch.cluster;
  std::vector<uint32_t>& word_index = scratch.word_index;
  const bool vectors = in.word_clusters != nullptr && in.word_clusters->vector_dims() > 0;
  if (in.word_clusters != nullptr) {
    cluster.assign(n + 4, kClusterBefore);
    cluster[n + 2] = cluster[n + 3] = kClusterAfter;
    word_index.assign(n + 4, WordClusters::kNoWord);
    for (size_t u = 0; u < n; ++u) {
      word_index[u + 2] = in.word_clusters->IndexOf(lower[u + 2]);
      cluster[u + 2] = in.word_clusters->ClusterOf(word_index[u + 2]);
    }
  }
  out.features.reserve(out.features.size() + n * 64);
  if (vectors) {
    const size_t valued = n * 3 * in.word_clusters->vector_dims();
    out.valued_features.reserve(out.valued_features.size() + valued);
    out.values.reserve(out.values.size() + valued);
  }
  auto f = [](uint32_t template_id) { return FeatureHash(template_id); };
  for (size_t u = 0; u < n; ++u) {
    const size_t x = u + 2;
    const std::string& w = lower[x];
    // Sentence-initial: first word, or after a sentence end or an opening quote at the start.
    bool initial = u == 0;
    if (u > 0) {
      const std::string& before = lower[x - 1];
      initial = before == "." || before == "!" || before == "?" || before == ":" ||
                ((before == "\"" || before == "“" || before == "(") && u == 1);
    }
    const bool capitalized = IsUpper(cps.chars[units[u].begin]);
    out.Add(f(101).Value());
    out.Add(f(102).Str(w).Value());
    out.Add(f(103).Str(lower[x - 1]).Value());
    out.Add(f(104).Str(lower[x + 1]).Value());
    out.Add(f(105).Str(lower[x - 2]).Value());
    out.Add(f(106).Str(lower[x + 2]).Value());
    out.Add(f(107).Str(lower[x - 1]).Str(w).Value());
    out.Add(f(108).Str(w).Str(lower[x + 1]).Value());
    out.Add(f(109).Str(full[x]).Value());
    out.Add(f(110).Str(brief[x]).Value());
    out.Add(f(111).Str(brief[x - 1]).Str(brief[x]).Value());
    out.Add(f(112).Str(brief[x]).Str(brief[x + 1]).Value());
    out.Add(f(113).Str(brief[x - 1]).Value());
    out.Add(f(114).Str(brief[x + 1]).Value());
    out.Add(f(115).Str(brief[x - 2]).Str(brief[x - 1]).Str(brief[x]).Value());
    out.Add(f(116).Str(brief[x]).Str(brief[x + 1]).Str(brief[x + 2]).Value());
    // Affixes over code points of the lower-cased word (valid UTF-8: LowerWord encodes it).
    const std::string_view view(w);
    size_t prefix_end = 0, suffix_begin = view.size();
    for (uint32_t k = 1; k <= 4 && prefix_end < view.size(); ++k) {
      do {
        ++prefix_end;
      } while (prefix_end < view.size() && IsUtf8Continuation(view[prefix_end]));
      do {
        --suffix_begin;
      } while (suffix_begin > 0 && IsUtf8Continuation(view[suffix_begin]));
      out.Add(f(116 + k).Str(view.substr(0, prefix_end)).Value());
      out.Add(f(120 + k).Str(view.substr(suffix_begin)).Value());
    }
    out.Add(f(125).Num(initial).Num(capitalized).Value());
    out.Add(f(126).Num(initial).Str(w).Value());
    out.Add(f(127).Str(lower[x - 1]).Str(brief[x]).Value());
    out.Add(f(128).Str(brief[x]).Str(lower[x + 1]).Value());
    out.Add(f(129).Str(brief[x - 1]).Str(w).Value());
    out.Add(f(130).Str(w).Str(brief[x + 1]).Value());
    out.Add(f(131).Num(Bucket(units[u].end - units[u].begin)).Str(brief[x]).Value());
    const std::string_view cased =
        in.text.substr(cps.byte_offsets[units[u].begin],
                       cps.byte_offsets[units[u].end] - cps.byte_offsets[units[u].begin]);
    out.Add(f(135).Str(cased).Value());
    out.Add(f(136).Str(lower[x - 1]).Str(cased).Value());
    const int32_t a = alias_of[units[u].begin];
    if (a >= 0) {
      const Candidate& span = in.alias_spans[a];
      // Position of this word in the alias span: single, begins, inside, ends.
      uint32_t p = 2;
      const bool first = units[u].begin == span.begin;
      const bool last = units[u].end >= span.end;
      if (first && last) {
        p = 0;
      } else if (first) {
        p = 1;
      } else if (last) {
        p = 3;
      }
      out.Add(f(132).Num(static_cast<uint32_t>(span.type)).Num(p).Value());
      out.Add(f(133).Num(static_cast<uint32_t>(span.type)).Num(p).Str(brief[x]).Value());
    } else {
      out.Add(f(134).Str(brief[x]).Value());
    }
    if (in.word_clusters != nullptr) AddClusterFeatures(cluster, x, brief[x], out);
    if (vectors) AddVectorFeatures(*in.word_clusters, word_index, x, out);
    out.EndPosition();
  }
}

}  // namespace newsflow::entities::internal
