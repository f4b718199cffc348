#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>

#include "text_util.h"

namespace MeCab {
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
/// Tokenize() creates a lattice per call, so it is thread-safe.
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
  Tokenizer(MeCab::Model* model, MeCab::Tagger* tagger) : model_(model), tagger_(tagger) {}

  MeCab::Model* model_;
  MeCab::Tagger* tagger_;
};

}  // namespace newsflow::entities::internal
