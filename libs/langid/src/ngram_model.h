#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace newsflow::langid::internal {

/// Most languages a model may hold.
inline constexpr int kMaxModelLanguages = 64;

/// What the n-gram model says about one text.
struct NgramVerdict {
  /// Index of the most likely model language, or -1 when no n-gram of the text is known.
  int best = -1;
  /// Runner-up, -1 if none.
  int second = -1;
  /// How much likelier the best language is than the runner-up, in nats (log odds).
  float margin = 0.0f;
  /// Number of the text's n-grams the model knows: the weight of the evidence.
  uint32_t known_grams = 0;
  /// Per model language: -log likelihood of the text in 1/16 nat (lower is likelier).
  std::array<int32_t, kMaxModelLanguages> cost{};

  /// How much likelier the best language is than `language`, in nats (0 for the best itself).
  float Gap(int language) const;
};

/// A character n-gram (1-4 code points) Naive Bayes model over the Latin- and Cyrillic-script
/// news languages and their close relatives, built by scripts/train_langid.sh. Immutable after
/// construction, so every const method is thread-safe.
class NgramModel {
 public:
  /// The model linked into the library (data/langid/ngram_model.bin). Never null.
  static const NgramModel& Embedded();

  /// Parses a serialized model; returns nullptr for malformed bytes. `bytes` must outlive it.
  static std::unique_ptr<NgramModel> Parse(std::string_view bytes);

  /// Classifies UTF-8 text among the model languages (case and non-letters are ignored).
  NgramVerdict Classify(std::string_view utf8) const;

  /// Index of a language code ("sv"), or -1 when the model does not know it.
  int IndexOf(std::string_view code) const;
  /// ISO 639-1 code of a model language (NUL-terminated).
  const char* Code(int index) const { return codes_[static_cast<size_t>(index)].data(); }
  int NumLanguages() const { return static_cast<int>(codes_.size()); }

 private:
  struct Entry {
    uint32_t hash;
    uint32_t first_posting;
  };
  struct Posting {
    uint16_t language;
    uint16_t cost;  // -log p * kQuant
  };
  static constexpr int kOrders = 4;

  // An open-addressing slot: the entry inline, so a lookup touches one cache line.
  struct Slot {
    uint32_t hash = 0;
    uint32_t first_posting = 0;
    uint32_t end_posting = 0;  // 0: empty (every entry has postings)
  };

  const Slot* Find(uint32_t hash) const;

  std::vector<std::array<char, 5>> codes_;
  std::vector<std::array<uint16_t, kOrders>> floors_;  // per language and order
  std::vector<Entry> entries_;                         // sorted by hash, plus a sentinel
  std::vector<Posting> postings_;
  std::vector<Slot> slots_;
  uint32_t slot_mask_ = 0;
};

}  // namespace newsflow::langid::internal
