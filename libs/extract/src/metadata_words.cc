#include "metadata_words.h"

#include <string>
#include <vector>

#include "utf8_util.h"

namespace newsflow::extract::internal {
std::vector<std::string> LowerWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (size_t pos = 0; pos < text.size();) {
    const size_t begin = pos;
    const char32_t cp = NextCodePoint(text, pos);
    if (IsWordChar(cp)) {
      word.append(AsciiLower(text.substr(begin, pos - begin)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace newsflow::extract::internal
