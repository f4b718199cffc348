#include "line_scan.h"

#include <algorithm>

#include "newsflow/text/normalize.h"

#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

bool IsMenuSeparator(char32_t cp) {
  return cp == '|' || cp == U'｜' || cp == U'·' || cp == U'•' || cp == U'»' || cp == '>' ||
         cp == U'／' || cp == '/';
}

std::string WithoutSpaces(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  for (char c : text) {
    if (c != ' ') key.push_back(c);
  }
  return key;
}

}  // namespace

// One pass does CollapseSpace's work and the line's statistics: the collapsed text is not
// decoded a second time. The code points of the collapsed text are those of `raw` that are not
// spaces, with one U+0020 for each run of spaces between two of them: a space never starts
// with a continuation byte, so dropping or replacing it cannot change how the bytes around it
// decode, even in malformed UTF-8.
void ScanLine(std::string_view raw, ScannedLine& line) {
  std::string& text = line.text;
  text.clear();
  text.reserve(raw.size());
  // Counters and sets in locals, stored at the end: as members of `line` they would be stored
  // after every byte written to `text` (a char store may alias them).
  Counts counts;
  AsciiSet ascii;
  size_t chars = 0;
  size_t menu_items = 1;
  size_t longest_item = 0;
  size_t current_item = 0;
  bool has_upper = false;
  bool has_space = false;
  bool normalized = true;
  bool pending_space = false;
  size_t run_begin = 0;  // the non-space code points from here on are not copied yet
  size_t pos = 0;
  while (pos < raw.size()) {
    const size_t start = pos;
    const char32_t cp = NextCodePoint(raw, pos);
    if (IsSpace(cp)) {
      text.append(raw.data() + run_begin, start - run_begin);
      run_begin = pos;
      pending_space = !text.empty();
      continue;
    }
    if (pending_space) {  // the collapsed space before this code point
      pending_space = false;
      text.push_back(' ');
      ++chars;
      ascii.Add(' ');
      has_space = true;
    }
    const size_t length = pos - start;
    // Kana (without the middle dot U+30FB and the voicing marks) and CJK ideographs, most code
    // points of Japanese text, settle every test below at once: a letter, ideographic, part of
    // a menu item and normalized.
    if (length == 3 && ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3041 && cp <= 0x3096) ||
                        (cp >= 0x30A1 && cp <= 0x30FF && cp != 0x30FB))) {
      ++chars;
      ++counts.letters;
      ++counts.ideographic;
      ++current_item;
      continue;
    }
    if (cp < 0x80) {
      ++chars;
      ascii.Add(static_cast<unsigned char>(cp));
      has_upper |= cp >= 'A' && cp <= 'Z';
    } else if (length == 3) {
      ++chars;  // a well-formed three-byte sequence
    } else {
      chars += CodePointCount(raw.substr(start, length));  // as CodePointCount(text)
    }
    // Overlong forms decode to code points of shorter encodings: they are not normalized.
    normalized &= length == (cp < 0x80 ? 1u : 3u) && text::IsStableUnderNormalization(cp);
    if (IsWordChar(cp)) ++counts.letters;
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
        (cp >= 0xAC00 && cp <= 0xD7AF)) {
      ++counts.ideographic;
    }
    if (cp == U'。' || cp == U'．' || cp == U'！' || cp == U'？') {
      ++counts.sentence_marks;
    } else if (cp == '.' || cp == '!' || cp == '?') {
      // Followed by a space or the end of the collapsed text: by a space or the end of `raw`.
      size_t next = pos;
      if (pos >= raw.size() || IsSpace(NextCodePoint(raw, next))) ++counts.sentence_marks;
    }
    if (IsClauseMark(cp)) ++counts.clause_marks;
    if (IsMenuSeparator(cp)) {
      ++menu_items;
      longest_item = std::max(longest_item, current_item);
      current_item = 0;
    } else {
      ++current_item;
    }
  }
  text.append(raw.data() + run_begin, raw.size() - run_begin);
  longest_item = std::max(longest_item, current_item);
  line.counts = counts;
  line.ascii = ascii;
  line.chars = chars;
  line.menu_row = menu_items >= 3 && longest_item <= 15;
  line.normalized = normalized && !text.empty();
  line.lower_ascii = ascii.Lowered();
  if (has_upper) line.lower_copy = AsciiLower(text);
  if (has_space) line.key_copy = WithoutSpaces(text);
}

}  // namespace newsflow::extract::internal
