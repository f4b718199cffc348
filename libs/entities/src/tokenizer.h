#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>

#include "text_util.h"

namespace MeCab {
class Lattice;
class Model;
class Tagger;
}  // namespace MeCab

namespace newsflow::entities::internal {

/// One morpheme with IPADIC features. Offsets are code points into the analysed text.
/// The strings are views, not copies: `surface` into the text given to Tokenize(), the others
/// into the Tokenizer's dictionary, so a token must not outlive either.
struct Token {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string_view surface;
  /// IPADIC part of speech levels, e.g. {"名詞", "固有名詞", "人名", "姓"}; "*" when unset.
  std::string_view pos[4];
  std::string_view base_form;
  std::string_view reading;  ///< katakana; empty for unknown words
  bool unknown = false;      ///< not in the dictionary
  /// MeCab's feature string, which pos, base_form and reading were read from. It lives in the
  /// immutable dictionary, so two tokens of one Tokenize() result with the same pointer have
  /// the same pos, base_form and reading (a cache key). Null when not from MeCab.
  const char* features = nullptr;

  bool Is(std::string_view p0, std::string_view p1 = {}, std::string_view p2 = {},
          std::string_view p3 = {}) const {
    return pos[0] == p0 && (p1.empty() || pos[1] == p1) && (p2.empty() || pos[2] == p2) &&
           (p3.empty() || pos[3] == p3);
  }
};

/// Japanese morphological analysis with MeCab and an IPADIC-format dictionary. One shared model;
/// each Tokenize() call has a lattice of its own (taken from a pool), so it is thread-safe.
class Tokenizer {
 public:
  /// `dicdir` empty = Debian's mecab-ipadic-utf8, else MeCab's configured default.
  /// INVALID_ARGUMENT / NOT_FOUND when the dictionary cannot be loaded or is not IPADIC.
  static absl::StatusOr<std::unique_ptr<Tokenizer>> Create(const std::string& dicdir);
  ~Tokenizer();

  /// Tokens of `text` (whose decoding is `cps`), in order; white space is not a token. They
  /// view `text` and this tokenizer's dictionary.
  std::vector<Token> Tokenize(std::string_view text, const CodePoints& cps) const;

 private:
  Tokenizer(MeCab::Model* model, MeCab::Tagger* tagger);  // in the .cc, where Lattice is known

  /// A lattice for one call: an idle one from the pool, else a new one. Null if MeCab fails.
  std::unique_ptr<MeCab::Lattice> AcquireLattice() const;
  /// Back to the pool after a call of at most kMaxPooledTextBytes; larger ones are freed.
  void ReleaseLattice(std::unique_ptr<MeCab::Lattice> lattice, size_t text_bytes) const;

  MeCab::Model* model_;
  MeCab::Tagger* tagger_;
  /// Idle lattices. A lattice keeps its node memory when it is cleared, so reusing one saves
  /// the allocation (and first touch) of tens of thousands of nodes per article; at most one
  /// per concurrent caller is ever idle. Declared after model_ and tagger_ but freed first by
  /// ~Tokenizer().
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<MeCab::Lattice>> idle_lattices_;
};

}  // namespace newsflow::entities::internal
