#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace newsflow::extract::internal {

/// The words of an element's class and id values, lowercased, split at anything that is not
/// an ASCII letter or digit ("entry-date updated" -> entry, date, updated). Fixed capacity: an
/// element with more words than that is judged by its first ones.
class ClassWords {
 public:
  ClassWords(std::string_view class_attr, std::string_view id_attr) {
    if (class_attr.empty() && id_attr.empty()) return;
    for (std::string_view value : {class_attr, id_attr}) {
      for (char c : value) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        const bool upper = c >= 'A' && c <= 'Z';
        if (alnum || upper) {
          if (length_ < kCapacity) buffer_[length_++] = upper ? static_cast<char>(c + 32) : c;
        } else {
          End();
        }
      }
      End();
    }
  }
  bool empty() const { return count_ == 0; }
  bool Has(std::string_view word) const {
    if (word.empty()) return false;  // no word is empty
    for (size_t i = 0; i < count_; ++i) {
      // Length and first letter first: the metadata rules ask a few dozen words of every
      // element, and this skips the call to memcmp for almost every pair.
      const char* begin = buffer_ + begin_[i];
      if (size_[i] != word.size() || *begin != word.front()) continue;
      if (std::memcmp(begin + 1, word.data() + 1, word.size() - 1) == 0) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kCapacity = 256;
  static constexpr size_t kMaxWords = 24;

  void End() {
    if (length_ > start_ && count_ < kMaxWords) {
      begin_[count_] = static_cast<uint16_t>(start_);
      size_[count_] = static_cast<uint16_t>(length_ - start_);
      ++count_;
    }
    start_ = length_;
  }

  // Left uninitialized: only the first count_ words / length_ bytes are ever read.
  char buffer_[kCapacity];
  uint16_t begin_[kMaxWords];
  uint16_t size_[kMaxWords];
  size_t length_ = 0;
  size_t start_ = 0;
  size_t count_ = 0;
};

}  // namespace newsflow::extract::internal
