#include "tokenizer.h"

#include <sys/stat.h>

#include <algorithm>

#include <absl/status/status.h>
#include <absl/strings/str_cat.h>
#include <mecab.h>

namespace newsflow::entities::internal {
namespace {

// Where Debian's mecab-ipadic-utf8 package installs the dictionary. The system default
// (/etc/mecabrc -> the mecab-dictionary alternative) may point at juman instead, whose
// features the rule tagger cannot read, so this one is preferred when present.
constexpr char kDebianIpadicUtf8[] = "/var/lib/mecab/dic/ipadic-utf8";

// A lattice keeps the nodes of the longest text it has parsed; one that parsed a text longer
// than this (a few news articles) is freed instead of pooled, so a rare huge input does not
// pin its memory.
constexpr size_t kMaxPooledTextBytes = 64 * 1024;

bool IsDirectory(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// Reads the comma-separated IPADIC fields in place: no field list is allocated, and the scan
// stops after the reading instead of measuring the whole feature string first.
void SplitFeature(const char* feature, Token& token) {
  const char* at = feature == nullptr ? "" : feature;
  size_t field = 0;
  for (; field < 8; ++field) {
    const char* end = at;
    while (*end != '\0' && *end != ',') ++end;
    const std::string_view value(at, static_cast<size_t>(end - at));
    if (field < 4) {
      token.pos[field] = value;
    } else if (field == 6 && value != "*") {
      token.base_form = value;
    } else if (field == 7 && value != "*") {
      token.reading = value;
    }
    if (*end == '\0') break;
    at = end + 1;
  }
  for (size_t i = field + 1; i < 4; ++i) token.pos[i] = "*";
}

}  // namespace

absl::StatusOr<std::unique_ptr<Tokenizer>> Tokenizer::Create(const std::string& dicdir) {
  std::string dir = dicdir;
  if (dir.empty() && IsDirectory(kDebianIpadicUtf8)) dir = kDebianIpadicUtf8;
  if (!dicdir.empty() && !IsDirectory(dicdir)) {
    return absl::NotFoundError(absl::StrCat("MeCab dictionary folder not found: ", dicdir));
  }
  // argv form, so a folder name with spaces needs no quoting.
  std::string arg0 = "mecab";
  std::string arg1 = "-d";
  std::vector<char*> argv = {arg0.data()};
  if (!dir.empty()) {
    argv.push_back(arg1.data());
    argv.push_back(dir.data());
  }
  MeCab::Model* model = MeCab::createModel(static_cast<int>(argv.size()), argv.data());
  if (model == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("cannot load MeCab dictionary ",
                                                   dir.empty() ? "(default)" : dir, ": ",
                                                   MeCab::getLastError()));
  }
  MeCab::Tagger* tagger = model->createTagger();
  if (tagger == nullptr) {
    delete model;
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create MeCab tagger: ", MeCab::getLastError()));
  }
  std::unique_ptr<Tokenizer> tokenizer(new Tokenizer(model, tagger));
  // The rules read IPADIC features; refuse other dictionaries (juman, unidic) up front.
  const std::string probe = "東京";
  const std::vector<Token> tokens = tokenizer->Tokenize(probe, DecodeUtf8(probe));
  if (tokens.size() != 1 || !tokens[0].Is("名詞", "固有名詞", "地域")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "MeCab dictionary ", dir.empty() ? "(default)" : dir, " is not a UTF-8 IPADIC"));
  }
  return tokenizer;
}

Tokenizer::Tokenizer(MeCab::Model* model, MeCab::Tagger* tagger) : model_(model), tagger_(tagger) {}

Tokenizer::~Tokenizer() {
  idle_lattices_.clear();
  delete tagger_;
  delete model_;
}

std::vector<Token> Tokenizer::Tokenize(std::string_view text, const CodePoints& cps) const {
  std::vector<Token> tokens;
  if (text.empty()) return tokens;
  std::unique_ptr<MeCab::Lattice> lattice = AcquireLattice();
  if (lattice == nullptr) return tokens;
  lattice->set_sentence(text.data(), text.size());
  if (!tagger_->parse(lattice.get())) {
    ReleaseLattice(std::move(lattice), text.size());
    return tokens;
  }
  const char* const base = lattice->sentence();
  // The feature strings lie in the dictionary (tens of megabytes, read at random), so reading
  // each one in turn waited for a cache miss per token; they are requested all at once first.
  for (const MeCab::Node* node = lattice->bos_node(); node != nullptr; node = node->next) {
    if (node->feature != nullptr) __builtin_prefetch(node->feature);
  }
  // About one token per two code points in news text; the estimate saves the regrowth moves.
  tokens.reserve(cps.size() / 2 + 8);
  // Nodes come in text order, so each walk starts where the previous token ended.
  auto searched_to = cps.byte_offsets.begin();
  for (const MeCab::Node* node = lattice->bos_node(); node != nullptr; node = node->next) {
    if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) continue;
    if (node->length == 0) continue;
    const auto byte_begin = static_cast<uint32_t>(node->surface - base);
    const uint32_t byte_end = byte_begin + node->length;
    // MeCab skips white space before a node (rlength - length bytes), so the node surface
    // pointer is exact. Bytes map to code points as a lower bound over the code point starts
    // (the first at or after each end), by a short forward walk: tokens are a few code points
    // long.
    const auto end_of_offsets = cps.byte_offsets.end();
    auto begin_it = searched_to;
    while (begin_it != end_of_offsets && *begin_it < byte_begin) ++begin_it;
    auto end_it = begin_it;
    while (end_it != end_of_offsets && *end_it < byte_end) ++end_it;
    searched_to = end_it;
    if (begin_it == cps.byte_offsets.end() || end_it == cps.byte_offsets.end()) continue;
    Token token;
    token.begin = static_cast<uint32_t>(begin_it - cps.byte_offsets.begin());
    token.end = static_cast<uint32_t>(end_it - cps.byte_offsets.begin());
    if (token.end <= token.begin) continue;
    token.surface = text.substr(byte_begin, node->length);
    token.unknown = node->stat == MECAB_UNK_NODE;
    token.features = node->feature;
    SplitFeature(node->feature, token);
    tokens.push_back(std::move(token));
  }
  // The tokens view the text and the dictionary, not the lattice (see Token), so it can go.
  ReleaseLattice(std::move(lattice), text.size());
  return tokens;
}

std::unique_ptr<MeCab::Lattice> Tokenizer::AcquireLattice() const {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!idle_lattices_.empty()) {
      std::unique_ptr<MeCab::Lattice> lattice = std::move(idle_lattices_.back());
      idle_lattices_.pop_back();
      return lattice;
    }
  }
  return std::unique_ptr<MeCab::Lattice>(model_->createLattice());
}

void Tokenizer::ReleaseLattice(std::unique_ptr<MeCab::Lattice> lattice, size_t text_bytes) const {
  if (text_bytes > kMaxPooledTextBytes) return;
  std::lock_guard<std::mutex> lock(pool_mutex_);
  idle_lattices_.push_back(std::move(lattice));
}

}  // namespace newsflow::entities::internal
