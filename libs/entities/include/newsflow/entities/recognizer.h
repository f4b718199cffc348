#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>

#include "newsflow/entities/alias_table.h"
#include "newsflow/entities/entity.h"

namespace newsflow::entities {

struct RecognizerOptions {
  /// Folder with the trained models and data files (ja.model, en.model, en.clusters.tsv,
  /// en.vectors.bin, aliases.tsv, gazetteer files). Default: the installed data folder.
  std::string data_dir;
  /// MeCab dictionary folder; empty = the system default (mecab-ipadic-utf8).
  std::string mecab_dicdir;
};

/// Named-entity recognizer for Japanese and English. Loading is slow; Recognize() is
/// thread-safe and can be called concurrently on one instance.
class Recognizer {
 public:
  /// Loads data_dir/aliases.tsv and, when present, the trained models data_dir/ja.model and
  /// data_dir/en.model (without them the rule taggers are used) and, with en.model, the English
  /// word clusters data_dir/en.clusters.tsv and word vectors data_dir/en.vectors.bin (without
  /// them the model runs without those features and load_warnings() says so). INVALID_ARGUMENT
  /// naming the file for a corrupt, truncated or wrong-language model or a malformed clusters
  /// or vectors file; INVALID_ARGUMENT /
  /// NOT_FOUND when the alias table or the MeCab dictionary cannot be loaded.
  static absl::StatusOr<std::unique_ptr<Recognizer>> Create(const RecognizerOptions& options);
  virtual ~Recognizer() = default;

  /// Data files that were missing but not required (one line each, for the service's log).
  virtual std::vector<std::string> load_warnings() const = 0;

  /// Mentions in `utf8_text` (code-point offsets), canonicalized through the alias table.
  /// `language` is an ISO 639-1 code: ja and en use their model (or rules), other languages
  /// that capitalize names use the English rules, the rest return only alias-table matches.
  virtual std::vector<EntityMention> Recognize(std::string_view utf8_text,
                                               std::string_view language) const = 0;
};

}  // namespace newsflow::entities
