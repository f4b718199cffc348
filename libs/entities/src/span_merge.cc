#include "span_merge.h"

#include <algorithm>
#include <string_view>

namespace newsflow::entities::internal {
namespace {

bool IsLineBreak(char32_t c) {
  return c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f' || c == U'\u0085' || c == U'\u2028' ||
         c == U'\u2029';
}

bool Overlap(const Candidate& a, const Candidate& b) { return a.begin < b.end && b.begin < a.end; }

bool Contains(const Candidate& outer, const Candidate& inner) {
  return outer.begin <= inner.begin && inner.end <= outer.end;
}

bool SameExtent(const Candidate& a, const Candidate& b) {
  return a.begin == b.begin && a.end == b.end;
}

// Suffixes of respect written after a person's name; none of them ends a name itself.
constexpr std::u32string_view kHonorifics[] = {U"氏", U"さん", U"様", U"君", U"ちゃん"};

}  // namespace

void TrimHonorifics(const CodePoints& cps, std::vector<Candidate>& candidates) {
  for (Candidate& span : candidates) {
    if (span.type != EntityType::kPerson) continue;
    const std::u32string_view text(cps.chars.data() + span.begin, span.end - span.begin);
    for (std::u32string_view honorific : kHonorifics) {
      if (text.size() > honorific.size() && text.ends_with(honorific)) {
        span.end -= static_cast<uint32_t>(honorific.size());
        break;
      }
    }
  }
}

bool SpansLineBreak(const CodePoints& cps, uint32_t begin, uint32_t end) {
  end = std::min<uint32_t>(end, static_cast<uint32_t>(cps.size()));
  for (uint32_t i = begin; i < end; ++i) {
    if (IsLineBreak(cps.chars[i])) return true;
  }
  return false;
}

std::vector<Candidate> MergeModelSpans(const CodePoints& cps, const std::vector<Candidate>& aliases,
                                       std::vector<Candidate> model) {
  std::vector<Candidate> merged;
  // Each alias match enters at most once, though two pieces of one broken cut both overlap it.
  std::vector<bool> alias_taken(aliases.size(), false);
  for (Candidate& span : model) {
    size_t exact = aliases.size();
    bool broken = SpansLineBreak(cps, span.begin, span.end);
    for (size_t k = 0; k < aliases.size(); ++k) {
      if (!Overlap(span, aliases[k])) continue;
      if (SameExtent(span, aliases[k])) {
        exact = k;
      } else if (!Contains(span, aliases[k])) {
        broken = true;  // crosses the alias's boundary, or lies strictly inside it
      } else if (aliases[k].type == EntityType::kPerson && span.type != EntityType::kPerson &&
                 aliases[k].end == span.end && aliases[k].begin > span.begin) {
        // An organization or place ending in a known person ("ロシア大統領プーチン"): a title and
        // the name run together. Names of bodies start with the person instead (安倍内閣,
        // オバマ政権) and stay.
        broken = true;
      }
    }
    if (!broken && exact < aliases.size()) {
      alias_taken[exact] = true;
      merged.push_back(aliases[exact]);
      continue;
    }
    if (!broken) {
      merged.push_back(std::move(span));
      continue;
    }
    for (size_t k = 0; k < aliases.size(); ++k) {
      if (alias_taken[k] || !Overlap(span, aliases[k])) continue;
      alias_taken[k] = true;
      merged.push_back(aliases[k]);
    }
  }
  return merged;
}

void DropSpansAcrossLines(const CodePoints& cps, std::vector<Candidate>& candidates) {
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&cps](const Candidate& candidate) {
                                    return SpansLineBreak(cps, candidate.begin, candidate.end);
                                  }),
                   candidates.end());
}

}  // namespace newsflow::entities::internal
