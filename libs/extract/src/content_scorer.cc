#include "content_scorer.h"

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <utility>

#include "edge_trimmer.h"
#include "html_signals.h"
#include "utf8_util.h"

namespace newsflow::extract::internal {
namespace {

// Paragraphs shorter than this do not score their ancestors.
constexpr int kMinParagraphChars = 25;
// When the chosen content has fewer characters than this, the fallback is considered.
constexpr int kSmallContentChars = 200;
// When the content has fewer characters than this, extraction is retried without dropping
// elements for their class / id words.
constexpr int kRetryChars = 250;
// An article container (<article>, <main>) with less of the page's text than this share is not
// taken as the scope of the content.
constexpr double kMinScopeShare = 0.25;
// A lead marked by class has at least this many characters.
constexpr int kMinLeadChars = 40;
// An unmarked standfirst (the element right after the headline) has at least this many.
constexpr int kMinStandfirstChars = 80;
// Without a marked article, the lead is looked for this many levels up from the top.
constexpr int kMaxLeadLevels = 4;
// Without a marked article, lists and tables are looked for this many levels up from the top.
constexpr int kMaxListLevels = 3;
// Items of such a list or table have at most this many characters on average.
constexpr int kMaxListItemChars = 60;

bool IsCjk(char32_t cp) {
  return (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
         (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0xAC00 && cp <= 0xD7AF);
}

bool IsClausePunctuation(char32_t cp) {
  return cp == ',' || cp == 0x3001 || cp == 0xFF0C || cp == 0x060C;  // , 、 ， ،
}

bool IsSentencePunctuation(char32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF0E || cp == 0xFF01 ||
         cp == 0xFF1F;  // 。 ． ！ ？
}

bool IsHeading(myhtml_tag_id_t tag) { return tag >= MyHTML_TAG_H1 && tag <= MyHTML_TAG_H6; }

bool IsBoldTag(myhtml_tag_id_t tag) { return tag == MyHTML_TAG_STRONG || tag == MyHTML_TAG_B; }

// Per-node statistics over non-removed descendant text.
struct Stats {
  int chars = 0;       // non-space code points
  int link_chars = 0;  // of which inside <a>
  int punctuation = 0;
  int direct_chars = 0;  // in text nodes that are direct children
};

Stats CountText(std::string_view text) {
  Stats stats;
  size_t pos = 0;
  while (pos < text.size()) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {  // the common case, without decoding
      ++pos;
      if (byte <= ' ' && (byte == ' ' || (byte >= '\t' && byte <= '\r'))) continue;
      ++stats.chars;
      if (byte == ',' || byte == '.' || byte == '!' || byte == '?') ++stats.punctuation;
      continue;
    }
    const char32_t cp = DecodeCodePoint(text, pos);
    if (IsSpace(cp)) continue;
    ++stats.chars;
    if (IsClausePunctuation(cp) || IsSentencePunctuation(cp)) ++stats.punctuation;
  }
  return stats;
}

// Where a piece of text sits in the page, as far as the edge trimming cares.
struct TextContext {
  bool preformatted = false;
  bool link = false;
  bool bold = false;
  bool heading = false;
  bool list_item = false;
};

// Accumulates text into lines: whitespace collapses to one space (none between CJK
// characters across a source line break), block elements and <br> end the line.
class LineWriter {
 public:
  void Text(std::string_view text, const TextContext& context) {
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t start = pos;
      const char32_t cp = NextCodePoint(text, pos);
      if (context.preformatted && cp == '\n') {
        Break();
        continue;
      }
      if (IsSpace(cp)) {
        if (!line_.text.empty()) {
          pending_space_ = true;
          pending_newline_ = pending_newline_ || cp == '\n';
        }
        continue;
      }
      if (pending_space_ && !(pending_newline_ && IsCjk(last_) && IsCjk(cp))) {
        line_.text.push_back(' ');
      }
      pending_space_ = false;
      pending_newline_ = false;
      line_.text.append(text.substr(start, pos - start));
      ++line_.chars;
      if (context.link) ++line_.link_chars;
      if (context.bold) ++line_.bold_chars;
      line_.heading = line_.heading || context.heading;
      line_.list_item = line_.list_item || context.list_item;
      last_ = cp;
    }
  }
  void Break() {
    if (!line_.text.empty()) lines_.push_back(std::move(line_));
    line_ = ContentLine();
    pending_space_ = false;
    pending_newline_ = false;
    last_ = 0;
  }
  std::vector<ContentLine> Finish() {
    Break();
    return std::move(lines_);
  }

 private:
  std::vector<ContentLine> lines_;
  ContentLine line_;
  bool pending_space_ = false;
  bool pending_newline_ = false;
  char32_t last_ = 0;
};

class Scorer {
 public:
  explicit Scorer(const HtmlDom& dom)
      : dom_(dom),
        n_(static_cast<size_t>(dom.size())),
        hint_(n_, AttributeHint::kNeutral),
        furniture_(n_, Furniture::kNone),
        lead_(n_, false),
        in_person_(n_, false),
        standfirst_(n_, false),
        text_stats_(n_) {
    std::unordered_map<std::string_view, AttributeHint> class_hints;
    std::vector<bool> dropped(n_, false);  // always-furniture elements and their subtrees
    for (size_t i = 0; i < n_; ++i) {
      const DomNode& node = Node(i);
      const bool parent_dropped = node.parent >= 0 && dropped[static_cast<size_t>(node.parent)];
      if (node.IsText()) {
        // Counted once here, summed per pass; text in scripts and styles is never counted.
        if (!parent_dropped) text_stats_[i] = CountText(node.text);
        continue;
      }
      if (!node.id_attr.empty()) {
        hint_[i] = ClassifyClassAndId(node.class_attr, node.id_attr);
      } else if (!node.class_attr.empty()) {
        // Pages repeat the same class value on many elements: classify each value once.
        auto [it, inserted] = class_hints.try_emplace(node.class_attr, AttributeHint::kNeutral);
        if (inserted) it->second = ClassifyClassAndId(node.class_attr, {});
        hint_[i] = it->second;
      }
      if (!node.class_attr.empty() || !node.id_attr.empty()) {
        lead_[i] = HasLeadWord(node.class_attr, node.id_attr);
      }
      if (!node.itemprop.empty()) {
        // schema.org marks the article's summary as its description. A person's description
        // (an author box) is no lead, and a description set as a heading is a display line like
        // the headline (a dek), which the text leaves to the metadata.
        const bool in_person = node.parent >= 0 && in_person_[static_cast<size_t>(node.parent)];
        in_person_[i] = in_person || HasItemprop(node.itemprop, "author") ||
                        HasItemprop(node.itemprop, "creator");
        lead_[i] = lead_[i] || (!in_person_[i] && !IsHeading(node.tag) &&
                                HasItemprop(node.itemprop, "description"));
      } else if (node.parent >= 0) {
        in_person_[i] = in_person_[static_cast<size_t>(node.parent)];
      }
      if (node.tag == MyHTML_TAG_H1) {
        // Sites without a lead class often write the standfirst as the next element.
        int next = node.next_sibling;
        while (next >= 0 && dom.node(next).IsText()) next = dom.node(next).next_sibling;
        if (next >= 0) standfirst_[static_cast<size_t>(next)] = true;
      }
      furniture_[i] = ClassifyFurniture(node, hint_[i]);
      dropped[i] = parent_dropped || furniture_[i] == Furniture::kAlways;
    }
  }

  MainContent Run() {
    if (n_ == 0 || dom_.body() < 0) return {};
    // The text each element holds when only certain furniture is dropped: a class word does not
    // drop an element that holds most of the page.
    removed_.assign(n_, false);
    in_link_.assign(n_, false);
    stats_.assign(n_, Stats());
    MarkRemoved(/*drop_by_attributes=*/false, /*drop_regions=*/false);
    ComputeStats();
    page_stats_ = std::move(stats_);
    MainContent result = Pass(/*drop_by_attributes=*/true);
    const int chars = static_cast<int>(CodePointCount(result.text));
    if (chars < kRetryChars) {
      // Class words misled us (a layout wrapper named "content-sidebar-wrap", a page inside a
      // <form>): try again trusting only tags, roles and hidden flags, as readability does.
      MainContent retry = Pass(/*drop_by_attributes=*/false);
      if (static_cast<int>(CodePointCount(retry.text)) > std::max(chars * 2, kSmallContentChars)) {
        result = std::move(retry);
      }
    }
    return result;
  }

 private:
  MainContent Pass(bool drop_by_attributes) {
    removed_.assign(n_, false);
    in_link_.assign(n_, false);
    stats_.assign(n_, Stats());
    score_.assign(n_, 0.0);
    scored_.assign(n_, false);
    MarkRemoved(drop_by_attributes, /*drop_regions=*/true);
    ComputeStats();
    const int scope = ChooseScope();
    ScoreParagraphs(scope);
    int top = TopCandidate(scope);
    if (top >= 0) top = LargerCloseCandidate(top);
    if (top >= 0) top = CommonAncestorOfAlternatives(top, scope);
    MainContent result;
    std::vector<ContentLine> lines;
    if (top >= 0) {
      result.root = top;
      std::vector<int> selected = SelectWithSiblings(top, scope);
      const int lead = LeadBefore(top, scope, selected);
      if (lead >= 0) selected.insert(selected.begin(), lead);
      AddRelatedContainers(top, scope, selected);
      lines = RenderNodes(selected);
    }
    std::vector<int> parts = ArticleBodyParts();
    if (!parts.empty()) {
      // The page marks its body (often section by section): take all of it, as marked, when
      // that holds at least as much text as the scored choice. A section of a single short
      // paragraph would otherwise miss the sibling rule. The lead often stands before it.
      const int lead = LeadBefore(parts.front(), -1, parts);
      if (lead >= 0) parts.insert(parts.begin(), lead);
      std::vector<ContentLine> marked = RenderNodes(parts);
      if (Chars(marked) >= std::max(Chars(lines), kSmallContentChars)) {
        lines = std::move(marked);
        result.root = scope;
      }
    }
    const int chosen_chars = Chars(lines);
    if (chosen_chars < kSmallContentChars) {
      // Too little: take every paragraph of the body (or of the scope) instead, when that
      // holds clearly more text.
      std::vector<ContentLine> paragraphs = RenderParagraphs(scope >= 0 ? scope : dom_.body());
      if (Chars(paragraphs) > chosen_chars * 2 || lines.empty()) {
        lines = std::move(paragraphs);
        result.root = scope >= 0 ? scope : dom_.body();
      }
    }
    if (lines.empty()) {
      lines = RenderNodes({dom_.body()});
      result.root = dom_.body();
    }
    DropCredits(lines);
    DropHeadDateline(lines);
    TrimEdgeFurniture(lines);
    for (const ContentLine& line : lines) {
      if (!result.text.empty()) result.text.push_back('\n');
      result.text += line.text;
    }
    return result;
  }

  int SelectedChars(const std::vector<int>& nodes) const {
    int chars = 0;
    for (int i : nodes) chars += OwnChars(static_cast<size_t>(i));
    return chars;
  }

  const std::vector<bool>& removed() const { return removed_; }

  static int Chars(const std::vector<ContentLine>& lines) {
    size_t n = 0;
    for (const ContentLine& line : lines) n += CodePointCount(line.text);
    return static_cast<int>(n);
  }

  const DomNode& Node(size_t i) const { return dom_.node(static_cast<int>(i)); }

  // True when element `i` holds so much of the page's text, and so little of it in links, that
  // it must be a wrapper of the article whatever its class says ("elementor-widget-wrap",
  // "content-sidebar-wrap"). Weak words give way earlier than strong ones.
  bool HoldsThePage(size_t i) const {
    const Stats& own = page_stats_[i];
    const Stats& body = page_stats_[static_cast<size_t>(dom_.body())];
    const int body_chars = body.chars - body.link_chars;
    if (body_chars <= 0 || own.chars == 0 || own.link_chars * 2 > own.chars) return false;
    const double share = static_cast<double>(own.chars - own.link_chars) / body_chars;
    return share >= (hint_[i] == AttributeHint::kWeakBoilerplate ? 0.25 : 0.5);
  }

  // Drops furniture; `drop_regions` is false only while page_stats_ is computed.
  void MarkRemoved(bool drop_by_attributes, bool drop_regions) {
    in_header_.assign(n_, false);
    for (size_t i = 0; i < n_; ++i) {
      const DomNode& node = Node(i);
      const auto parent = static_cast<size_t>(node.parent);
      const bool parent_removed = node.parent >= 0 && removed_[parent];
      const bool parent_link = node.parent >= 0 && in_link_[parent];
      in_link_[i] = parent_link || node.tag == MyHTML_TAG_A;
      const bool dropped_header = drop_regions && node.tag == MyHTML_TAG_HEADER &&
                                  furniture_[i] == Furniture::kByTag && !HoldsThePage(i);
      if (node.parent >= 0 && in_header_[parent] && furniture_[i] != Furniture::kAlways) {
        // Inside an article's <header>: only its lead comes back (see LeadBefore).
        in_header_[i] = !lead_[i];
        removed_[i] = !lead_[i];
        continue;
      }
      removed_[i] =
          parent_removed || furniture_[i] == Furniture::kAlways ||
          (drop_regions && furniture_[i] == Furniture::kByTag && !HoldsThePage(i)) ||
          (drop_by_attributes && furniture_[i] == Furniture::kByAttributes && !HoldsThePage(i));
      in_header_[i] = dropped_header && !parent_removed;
    }
  }

  void ComputeStats() {
    // Children come after their parent, so one backward pass sums subtrees.
    for (size_t i = n_; i-- > 0;) {
      const DomNode& node = Node(i);
      if (removed_[i]) continue;
      if (node.IsText()) {
        stats_[i] = text_stats_[i];
        if (in_link_[i]) stats_[i].link_chars = stats_[i].chars;
      }
      if (node.parent >= 0) {
        Stats& parent = stats_[static_cast<size_t>(node.parent)];
        parent.chars += stats_[i].chars;
        parent.link_chars += stats_[i].link_chars;
        parent.punctuation += stats_[i].punctuation;
        if (node.IsText()) parent.direct_chars += stats_[i].chars;
      }
    }
  }

  double LinkDensity(size_t i) const {
    return stats_[i].chars == 0 ? 0.0 : static_cast<double>(stats_[i].link_chars) / stats_[i].chars;
  }
  int OwnChars(size_t i) const { return stats_[i].chars - stats_[i].link_chars; }

  // The article container when the page marks one: [itemprop=articleBody], else the <article>
  // with the most text, else <main>. -1 when there is none with enough text.
  int ChooseScope() const {
    int best[3] = {-1, -1, -1};
    int body_parts = -1;  // the common ancestor of all [itemprop=articleBody] parts
    for (size_t i = 0; i < n_; ++i) {
      const DomNode& node = Node(i);
      if (node.IsText() || removed_[i]) continue;
      int kind = -1;
      if (node.itemprop == "articleBody") {
        kind = 0;
        // Some pages split the body into several marked sections: the scope spans them all.
        if (OwnChars(i) >= kMinParagraphChars) {
          body_parts = body_parts < 0 ? static_cast<int>(i)
                                      : CommonAncestor(body_parts, static_cast<int>(i));
        }
      } else if (node.tag == MyHTML_TAG_ARTICLE) {
        kind = 1;
      } else if (node.tag == MyHTML_TAG_MAIN) {
        kind = 2;
      }
      if (kind >= 0 &&
          (best[kind] < 0 || OwnChars(i) > OwnChars(static_cast<size_t>(best[kind])))) {
        best[kind] = static_cast<int>(i);
      }
    }
    if (body_parts >= 0) best[0] = body_parts;
    // A teaser in a "related" box is an <article> too: a container that holds only a small
    // share of the page's prose is not the page's article.
    const int body_chars = OwnChars(static_cast<size_t>(dom_.body()));
    for (int candidate : best) {
      if (candidate < 0) continue;
      const int chars = OwnChars(static_cast<size_t>(candidate));
      if (chars >= kSmallContentChars / 2 && chars >= body_chars * kMinScopeShare) {
        return candidate;
      }
    }
    return -1;
  }

  // The outermost [itemprop=articleBody] elements with text, in document order.
  std::vector<int> ArticleBodyParts() const {
    std::vector<int> parts;
    for (size_t i = 0; i < n_; ++i) {
      const DomNode& node = Node(i);
      if (node.IsText() || removed_[i] || node.itemprop != "articleBody") continue;
      if (OwnChars(i) < kMinParagraphChars) continue;
      parts.push_back(static_cast<int>(i));
      i = static_cast<size_t>(node.subtree_end - 1);  // parts nested in this one are inside it
    }
    return parts;
  }

  // The innermost element that contains both `a` and `b` (which come in document order).
  int CommonAncestor(int a, int b) const {
    while (a >= 0 && !(a <= b && b < dom_.node(a).subtree_end)) a = dom_.node(a).parent;
    return a;
  }

  bool InScope(size_t i, int scope) const {
    if (scope < 0) return true;
    return static_cast<int>(i) >= scope && static_cast<int>(i) < dom_.node(scope).subtree_end;
  }

  double InitialScore(size_t i) const {
    double score = 0;
    switch (Node(i).tag) {
      case MyHTML_TAG_DIV:
      case MyHTML_TAG_ARTICLE:
        score = 5;
        break;
      case MyHTML_TAG_PRE:
      case MyHTML_TAG_TD:
      case MyHTML_TAG_BLOCKQUOTE:
        score = 3;
        break;
      case MyHTML_TAG_ADDRESS:
      case MyHTML_TAG_OL:
      case MyHTML_TAG_UL:
      case MyHTML_TAG_DL:
      case MyHTML_TAG_DD:
      case MyHTML_TAG_DT:
      case MyHTML_TAG_LI:
        score = -3;
        break;
      case MyHTML_TAG_TH:
        score = -5;
        break;
      default:
        if (IsHeading(Node(i).tag)) score = -5;
    }
    switch (hint_[i]) {
      case AttributeHint::kContent:
        score += 25;
        break;
      case AttributeHint::kBoilerplate:
      case AttributeHint::kWeakBoilerplate:
        score -= 25;
        break;
      case AttributeHint::kNeutral:
        break;
    }
    if (Node(i).itemprop == "articleBody") score += 25;
    return score;
  }

  bool IsParagraphLike(size_t i) const {
    const DomNode& node = Node(i);
    switch (node.tag) {
      case MyHTML_TAG_P:
      case MyHTML_TAG_PRE:
      case MyHTML_TAG_TD:
      case MyHTML_TAG_BLOCKQUOTE:
        return true;
      case MyHTML_TAG_DIV:
      case MyHTML_TAG_SECTION:
      case MyHTML_TAG_ARTICLE:
        // Text written straight into a container (often split with <br>) is a paragraph too.
        return stats_[i].direct_chars >= kMinParagraphChars;
      default:
        return false;
    }
  }

  void AddScore(size_t i, double score) {
    if (!scored_[i]) {
      scored_[i] = true;
      score_[i] = InitialScore(i);
    }
    score_[i] += score;
  }

  void ScoreParagraphs(int scope) {
    for (size_t i = 0; i < n_; ++i) {
      if (removed_[i] || !InScope(i, scope) || !IsParagraphLike(i)) continue;
      const int chars = OwnChars(i);
      if (chars < kMinParagraphChars) continue;
      const double score = 1.0 + stats_[i].punctuation + std::min(chars / 100, 3);
      // Paragraph hosts that are containers score themselves; <p> scores its ancestors.
      if (Node(i).tag != MyHTML_TAG_P && Node(i).tag != MyHTML_TAG_PRE) AddScore(i, score);
      int ancestor = Node(i).parent;
      for (int level = 0; level < 5 && ancestor >= 0; ++level) {
        const auto a = static_cast<size_t>(ancestor);
        if (!InScope(a, scope)) break;
        const double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
        AddScore(a, score / divider);
        ancestor = Node(a).parent;
      }
    }
  }

  int TopCandidate(int scope) const {
    int top = -1;
    double top_score = 0;
    for (size_t i = 0; i < n_; ++i) {
      if (!scored_[i] || removed_[i] || !InScope(i, scope)) continue;
      const double score = score_[i] * (1.0 - LinkDensity(i));
      if (top < 0 || score > top_score) {
        top = static_cast<int>(i);
        top_score = score;
      }
    }
    return top;
  }

  double EffectiveScore(size_t i) const { return score_[i] * (1.0 - LinkDensity(i)); }

  // A short box can beat the article by its class words alone ("ce_text" against an unnamed
  // body): a candidate outside the top one that scores nearly as well and holds at least twice
  // its text is the article (the larger of several such).
  int LargerCloseCandidate(int top) const {
    constexpr double kCloseScore = 0.8;
    constexpr int kMoreText = 2;
    const auto t = static_cast<size_t>(top);
    const double top_score = EffectiveScore(t);
    int best = top;
    for (size_t i = 0; i < n_; ++i) {
      if (!scored_[i] || removed_[i] || EffectiveScore(i) < top_score * kCloseScore) continue;
      const int candidate = static_cast<int>(i);
      if (Inside(top, candidate) || Inside(candidate, top)) continue;
      if (OwnChars(i) >= OwnChars(static_cast<size_t>(best)) * kMoreText) best = candidate;
    }
    return best;
  }

  // An article split into several containers (one per section, as page builders emit) gives
  // several candidates of nearly the same score: the article is their common ancestor. When at
  // least kMinAlternatives of the best candidates score close to the top one, the top moves up
  // to the nearest ancestor that holds that many of them.
  int CommonAncestorOfAlternatives(int top, int scope) const {
    constexpr int kMaxAlternatives = 5;
    constexpr int kMinAlternatives = 3;
    constexpr double kCloseScore = 0.75;
    const double top_score = EffectiveScore(static_cast<size_t>(top));
    std::vector<std::pair<double, int>> alternatives;
    for (size_t i = 0; i < n_; ++i) {
      if (!scored_[i] || removed_[i] || static_cast<int>(i) == top || !InScope(i, scope)) continue;
      const double score = EffectiveScore(i);
      if (score >= top_score * kCloseScore) alternatives.emplace_back(score, static_cast<int>(i));
    }
    if (static_cast<int>(alternatives.size()) < kMinAlternatives - 1) return top;
    std::sort(alternatives.begin(), alternatives.end(), std::greater<>());
    if (static_cast<int>(alternatives.size()) > kMaxAlternatives) {
      alternatives.resize(kMaxAlternatives);
    }
    for (int ancestor = dom_.node(top).parent;
         ancestor >= 0 && ancestor != dom_.body() && InScope(static_cast<size_t>(ancestor), scope);
         ancestor = dom_.node(ancestor).parent) {
      int inside = 1;  // the top candidate
      for (const auto& [score, i] : alternatives) {
        if (i > ancestor && i < dom_.node(ancestor).subtree_end) ++inside;
      }
      if (inside >= kMinAlternatives) return ancestor;
    }
    return top;
  }

  // The top candidate plus siblings that look like part of the same article. Inside a page-marked
  // article (the scope) the siblings of the top's ancestors are considered too: a lead in its own
  // box, or the ingredients beside the steps of a recipe, sit a few levels away from the body.
  std::vector<int> SelectWithSiblings(int top, int scope) const {
    if (top == scope) return {top};
    const double top_score =
        score_[static_cast<size_t>(top)] * (1.0 - LinkDensity(static_cast<size_t>(top)));
    const double threshold = std::max(10.0, top_score * 0.2);
    std::vector<int> selected;
    int depth = 0;
    for (int child = top, parent = dom_.node(top).parent;
         parent >= 0 && InScope(static_cast<size_t>(parent), scope);
         child = parent, parent = dom_.node(parent).parent, ++depth) {
      // Without a marked article the siblings of the top's ancestors are only taken when they
      // are the article's own lists or tables.
      const bool lists_only = scope < 0 && depth > 0;
      for (int s = dom_.node(parent).first_child; s >= 0; s = dom_.node(s).next_sibling) {
        if (s == child) {
          if (child == top) selected.push_back(s);
          continue;
        }
        const auto i = static_cast<size_t>(s);
        if (lists_only ? IsListSibling(i) : IsArticleSibling(i, threshold)) selected.push_back(s);
      }
      if (parent == scope || (scope < 0 && depth + 1 >= kMaxListLevels)) break;
    }
    if (selected.empty()) selected.push_back(top);
    std::sort(selected.begin(), selected.end());
    return selected;
  }

  // The article's lead before the chosen content when it is not selected yet, else -1: an
  // element marked by class, or a long one right after the headline (an unmarked standfirst),
  // in the article's <header> or in a box of its own, anywhere in a marked article or a few
  // levels up without one.
  int LeadBefore(int top, int scope, const std::vector<int>& selected) const {
    // Inside a marked article the lead is looked for up to the article, however deep the body
    // sits in layout boxes; without one only a few levels up.
    const int max_levels = scope >= 0 ? dom_.size() : kMaxLeadLevels;
    const int first = selected.empty() ? top : std::min(top, selected.front());
    int child = top;
    for (int level = 0; level < max_levels && child != scope; ++level) {
      const int parent = dom_.node(child).parent;
      if (parent < 0 || parent == dom_.body() || !InScope(static_cast<size_t>(parent), scope)) {
        break;
      }
      // The nearest lead before the content wins.
      int lead = -1;
      for (int j = parent + 1; j < first; ++j) {
        const auto u = static_cast<size_t>(j);
        if (!(lead_[u] || standfirst_[u]) || removed_[u] || Node(u).subtree_end > first) continue;
        const int min_chars = lead_[u] ? kMinLeadChars : kMinStandfirstChars;
        if (OwnChars(u) >= min_chars && LinkDensity(u) < 0.3) {
          lead = j;
          j = Node(u).subtree_end - 1;  // a lead nested in this one is part of it
        }
      }
      if (lead >= 0) return lead;
      child = parent;
    }
    return -1;
  }

  // Page builders emit an article as a run of sibling sections styled alike ("section
  // text-block"), with images or tables between them: the top candidate sits in one. The nearest
  // ancestor (a few levels up) with siblings of exactly its class brings in those that hold
  // prose, in document order.
  void AddRelatedContainers(int top, int scope, std::vector<int>& selected) const {
    constexpr int kMaxLevels = 4;
    const double top_score = EffectiveScore(static_cast<size_t>(top));
    int node = top;
    for (int level = 0; level < kMaxLevels && node != scope;
         ++level, node = dom_.node(node).parent) {
      const int parent = dom_.node(node).parent;
      if (parent < 0) break;
      if (!InScope(static_cast<size_t>(parent), scope)) break;
      const std::string_view style = dom_.node(node).class_attr;
      if (style.empty() || hint_[static_cast<size_t>(node)] == AttributeHint::kBoilerplate ||
          hint_[static_cast<size_t>(node)] == AttributeHint::kWeakBoilerplate) {
        continue;
      }
      std::vector<int> related;
      for (int s = dom_.node(parent).first_child; s >= 0; s = dom_.node(s).next_sibling) {
        const auto i = static_cast<size_t>(s);
        if (s == node || removed_[i] || Node(i).class_attr != style) continue;
        if (scored_[i] && LinkDensity(i) < 0.25 && EffectiveScore(i) >= top_score * 0.1 &&
            CountParagraphs(i) >= 2 && !Contains(selected, s)) {
          related.push_back(s);
        }
      }
      if (related.empty()) continue;
      selected.insert(selected.end(), related.begin(), related.end());
      std::sort(selected.begin(), selected.end());
      return;
    }
  }

  // Paragraphs long enough to score in the subtree of `i`.
  int CountParagraphs(size_t i) const {
    int paragraphs = 0;
    for (int j = static_cast<int>(i); j < Node(i).subtree_end; ++j) {
      const auto u = static_cast<size_t>(j);
      if (!removed_[u] && IsParagraphLike(u) && OwnChars(u) >= kMinParagraphChars) ++paragraphs;
    }
    return paragraphs;
  }

  // True when `node` is, or lies inside, `container`.
  bool Inside(int node, int container) const {
    return node >= container && node < dom_.node(container).subtree_end;
  }

  // True when `node` is, or lies inside, one of `nodes`.
  bool Contains(const std::vector<int>& nodes, int node) const {
    for (int n : nodes) {
      if (node >= n && node < dom_.node(n).subtree_end) return true;
    }
    return false;
  }

  bool IsArticleSibling(size_t i, double threshold) const {
    if (removed_[i] || Node(i).IsText()) return false;
    if (scored_[i] && score_[i] * (1.0 - LinkDensity(i)) >= threshold) return true;
    const int chars = OwnChars(i);
    const double density = LinkDensity(i);
    if (Node(i).tag == MyHTML_TAG_P) {
      return (chars > 80 && density < 0.25) ||
             (chars > 0 && density == 0 && stats_[i].punctuation > 0);
    }
    if (hint_[i] != AttributeHint::kNeutral) return false;
    // A lead or standfirst written in a <div> or a heading beside the body: prose, no links.
    if (chars > 80 && density < 0.1 && stats_[i].punctuation > 0) return true;
    return IsListSibling(i);
  }

  // A list or table of the article's own (ingredients, specifications): items, few links.
  bool IsListSibling(size_t i) const {
    if (removed_[i] || Node(i).IsText() || hint_[i] != AttributeHint::kNeutral) return false;
    if (OwnChars(i) <= 40) return false;
    // Ingredient and product lists link their items ("200 g <a>flour</a>"): links are allowed
    // when every item has plain text of its own, which a list of other pages has not.
    if (LinkDensity(i) >= 0.2 && (LinkDensity(i) >= 0.8 || !EveryItemHasPlainText(i))) {
      return false;
    }
    // Items are short: a list of long snippets is a list of other pages.
    const int items = CountListItems(i);
    return items >= 3 && OwnChars(i) <= items * kMaxListItemChars;
  }

  // True when `i` has list items or table rows and each holds text outside links.
  bool EveryItemHasPlainText(size_t i) const {
    int items = 0;
    for (int j = static_cast<int>(i); j < Node(i).subtree_end; ++j) {
      const myhtml_tag_id_t tag = dom_.node(j).tag;
      if (tag != MyHTML_TAG_LI && tag != MyHTML_TAG_TR) continue;
      if (OwnChars(static_cast<size_t>(j)) == 0) return false;
      ++items;
    }
    return items > 0;
  }

  int CountListItems(size_t i) const {
    int items = 0;
    for (int j = static_cast<int>(i); j < Node(i).subtree_end; ++j) {
      const myhtml_tag_id_t tag = dom_.node(j).tag;
      if (tag == MyHTML_TAG_LI || tag == MyHTML_TAG_TR || tag == MyHTML_TAG_DT) ++items;
    }
    return items;
  }

  // Lists, tables and boxes inside the content that are mostly links (an unlabelled
  // "read also" list) are dropped.
  bool IsLinkBox(size_t i) const {
    switch (Node(i).tag) {
      case MyHTML_TAG_UL:
      case MyHTML_TAG_OL:
      case MyHTML_TAG_DIV:
      case MyHTML_TAG_SECTION:
      case MyHTML_TAG_TABLE:
        return stats_[i].chars > 0 && LinkDensity(i) > 0.5 && OwnChars(i) < 100;
      case MyHTML_TAG_P:
        // "Read more: <a>another story</a>" between the paragraphs of the article.
        return stats_[i].chars > 0 && LinkDensity(i) > 0.5 && OwnChars(i) < 40;
      default:
        return false;
    }
  }

  // A heading over a list of links that is dropped ("Related stories", "More on this") goes
  // with it.
  bool IntroducesDroppedBox(size_t i) const {
    if (!IsHeading(Node(i).tag)) return false;
    int next = Node(i).next_sibling;
    while (next >= 0 && dom_.node(next).IsText() && stats_[static_cast<size_t>(next)].chars == 0) {
      next = dom_.node(next).next_sibling;
    }
    if (next < 0) return false;
    const auto n = static_cast<size_t>(next);
    return IsLinkBox(n);
  }

  std::vector<ContentLine> RenderNodes(const std::vector<int>& roots) const {
    LineWriter writer;
    // Iterative pre-order walk with explicit exits, so depth costs heap, not stack.
    std::vector<std::pair<int, bool>> stack;  // (node, exiting)
    for (int root : roots) {
      stack.clear();
      stack.emplace_back(root, false);
      int pre_depth = 0;
      int heading_depth = 0;
      int bold_depth = 0;
      int list_item_depth = 0;
      while (!stack.empty()) {
        auto [index, exiting] = stack.back();
        stack.pop_back();
        const auto i = static_cast<size_t>(index);
        const DomNode& node = Node(i);
        if (exiting) {
          if (node.tag == MyHTML_TAG_PRE) --pre_depth;
          if (IsHeading(node.tag)) --heading_depth;
          if (IsBoldTag(node.tag)) --bold_depth;
          if (node.tag == MyHTML_TAG_LI) --list_item_depth;
          if (IsBlockTag(node.tag)) writer.Break();
          continue;
        }
        if (removed_[i] || (index != root && (IsLinkBox(i) || IntroducesDroppedBox(i)))) continue;
        if (node.IsText()) {
          writer.Text(node.text, {.preformatted = pre_depth > 0,
                                  .link = in_link_[i],
                                  .bold = bold_depth > 0,
                                  .heading = heading_depth > 0,
                                  .list_item = list_item_depth > 0});
          continue;
        }
        if (IsBlockTag(node.tag)) writer.Break();
        if (node.tag == MyHTML_TAG_PRE) ++pre_depth;
        if (IsHeading(node.tag)) ++heading_depth;
        if (IsBoldTag(node.tag)) ++bold_depth;
        if (node.tag == MyHTML_TAG_LI) ++list_item_depth;
        stack.emplace_back(index, true);
        // Push children in reverse so the first child is visited first.
        const size_t mark = stack.size();
        for (int c = node.first_child; c >= 0; c = dom_.node(c).next_sibling) {
          stack.emplace_back(c, false);
        }
        std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(mark), stack.end());
      }
      writer.Break();
    }
    return writer.Finish();
  }

  std::vector<ContentLine> RenderParagraphs(int root) const {
    std::vector<int> paragraphs;
    const int end = dom_.node(root).subtree_end;
    for (int i = root; i < end; ++i) {
      const auto u = static_cast<size_t>(i);
      const DomNode& node = Node(u);
      if (removed_[u] || node.IsText()) continue;
      if ((node.tag == MyHTML_TAG_P || IsHeading(node.tag) || node.tag == MyHTML_TAG_BLOCKQUOTE) &&
          OwnChars(u) > 0 && LinkDensity(u) < 0.5) {
        paragraphs.push_back(i);
        i = node.subtree_end - 1;  // nested paragraphs are rendered with their parent
      }
    }
    return RenderNodes(paragraphs);
  }

  const HtmlDom& dom_;
  size_t n_;
  std::vector<AttributeHint> hint_;
  std::vector<Furniture> furniture_;
  std::vector<bool> lead_;         // class / id words or itemprop of a lead or standfirst
  std::vector<bool> in_person_;    // inside an itemprop=author / creator element
  std::vector<bool> standfirst_;   // the element right after an <h1>
  std::vector<bool> in_header_;    // removed only for being inside a <header>
  std::vector<Stats> text_stats_;  // of text nodes
  std::vector<Stats> page_stats_;  // with only certain furniture dropped
  std::vector<bool> removed_;
  std::vector<bool> in_link_;
  std::vector<Stats> stats_;
  std::vector<double> score_;
  std::vector<bool> scored_;
};

}  // namespace

MainContent ExtractMainContent(const HtmlDom& dom) { return Scorer(dom).Run(); }

std::string ElementText(const HtmlDom& dom, int i) {
  std::string text;
  const int end = dom.node(i).subtree_end;
  for (int j = i; j < end; ++j) {
    const DomNode& node = dom.node(j);
    if (node.IsText()) {
      text.append(node.text);
    } else if (IsRawTextElement(node.tag) && j != i) {
      j = node.subtree_end - 1;  // an avatar's <noscript><img ...> in a byline is not its text
    } else if (IsBlockTag(node.tag)) {
      text.push_back(' ');
    }
  }
  return CollapseSpace(text);
}

}  // namespace newsflow::extract::internal
