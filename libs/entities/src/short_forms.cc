#include "short_forms.h"

#include <string>
#include <string_view>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace newsflow::entities::internal {
namespace {

constexpr std::string_view kKatakanaMiddleDot = "・";

bool IsHanOnly(std::string_view utf8) {
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(utf8.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(utf8.data(), i, length, c);
    UErrorCode status = U_ZERO_ERROR;
    if (c < 0 || uscript_getScript(c, &status) != USCRIPT_HAN) return false;
  }
  return length > 0;
}

size_t CodePoints(std::string_view utf8) {
  size_t count = 0;
  for (unsigned char c : utf8) count += (c & 0xC0) != 0x80;
  return count;
}

// Is `short_form` the part of `full` a text uses for the same person on second mention?
bool IsShortFormOf(std::string_view short_form, std::string_view full) {
  if (short_form.empty() || short_form.size() >= full.size()) return false;
  // Latin script: the last word ("Putin" of "Vladimir Putin"), or the first word of names
  // written family name first ("Kim" of "Kim Jong Un").
  if (const size_t space = full.rfind(' '); space != std::string_view::npos) {
    return full.substr(space + 1) == short_form || full.substr(0, full.find(' ')) == short_form;
  }
  // Katakana: either end of a name whose parts are joined by a middle dot.
  if (const size_t dot = full.rfind(kKatakanaMiddleDot); dot != std::string_view::npos) {
    return full.substr(dot + kKatakanaMiddleDot.size()) == short_form ||
           full.substr(0, full.find(kKatakanaMiddleDot)) == short_form;
  }
  // Chinese characters: a family name of one or two characters at the start ("金" of "金正恩").
  return IsHanOnly(full) && IsHanOnly(short_form) && CodePoints(short_form) <= 2 &&
         CodePoints(full) >= CodePoints(short_form) + 1 &&
         full.substr(0, short_form.size()) == short_form;
}

// The person a short form at `i` stands for: the only full name in the document it fits, or,
// when several people fit (金正恩 and 金与正 for 金), the one named most recently before it, as
// news text uses a short form for the person just mentioned. Null: none, or several fit and
// none was named before it.
const EntityMention* FullNameFor(const std::vector<EntityMention>& mentions, size_t i) {
  const EntityMention& mention = mentions[i];
  const EntityMention* only = nullptr;
  const EntityMention* latest_before = nullptr;
  bool several = false;
  for (size_t j = 0; j < mentions.size(); ++j) {
    const EntityMention& other = mentions[j];
    if (j == i || other.type != EntityType::kPerson) continue;
    if (!IsShortFormOf(mention.surface, other.surface)) continue;
    if (only != nullptr && only->entity_id != other.entity_id) several = true;
    only = &other;
    if (other.begin < mention.begin &&
        (latest_before == nullptr || other.begin > latest_before->begin)) {
      latest_before = &other;
    }
  }
  return several ? latest_before : only;
}

}  // namespace

void LinkShortForms(std::vector<EntityMention>& mentions, const std::vector<bool>& resolved) {
  for (size_t i = 0; i < mentions.size(); ++i) {
    EntityMention& mention = mentions[i];
    if (resolved[i] || mention.type != EntityType::kPerson) continue;
    const EntityMention* target = FullNameFor(mentions, i);
    if (target == nullptr) continue;
    mention.canonical_name = target->canonical_name;
    mention.entity_id = target->entity_id;
  }
}

}  // namespace newsflow::entities::internal
