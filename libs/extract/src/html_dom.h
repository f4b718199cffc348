#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>
#include <myhtml/api.h>

namespace newsflow::extract::internal {

/// One element or text node of a parsed page. Nodes are stored in document (pre-)order, so a
/// parent always comes before its children and a subtree is a contiguous index range.
struct DomNode {
  myhtml_tag_id_t tag = MyHTML_TAG__UNDEF;
  int parent = -1;
  int first_child = -1;
  int next_sibling = -1;
  /// One past the last node of this node's subtree.
  int subtree_end = 0;
  /// Text of a text node (entities decoded by the parser); empty for elements.
  std::string_view text;
  /// The parser's node, for attribute lookups; valid while the HtmlDom lives.
  myhtml_tree_node_t* raw = nullptr;
  /// The attributes every element is classified by, read in one pass at parse time (the
  /// scorer and metadata reader consult them for every element; a lookup per use would scan
  /// the attribute list again each time). Empty when absent.
  std::string_view class_attr;
  std::string_view id_attr;
  std::string_view role;
  std::string_view itemprop;
  std::string_view style;
  /// The element has a `hidden` attribute or aria-hidden="true".
  bool hidden = false;

  bool IsText() const { return tag == MyHTML_TAG__TEXT; }
};

struct DomLimits {
  size_t max_nodes = 0;
  size_t max_depth = 0;
  /// Elements the page is expected to have (e.g. its start tags), to size the node array once.
  size_t expected_elements = 0;
};

/// A page parsed with myhtml and copied into a flat, index-addressed tree that the scorer can
/// walk without recursion. Owns the parser state the string views point into. Not copyable.
class HtmlDom {
 public:
  /// Parses UTF-8 `html`. INVALID_ARGUMENT (field "body") when the page has more elements than
  /// `limits.max_nodes`; INTERNAL when the parser fails. Elements nested deeper than
  /// `limits.max_depth` are not recorded; their text is attached to the deepest recorded
  /// ancestor.
  static absl::StatusOr<std::unique_ptr<HtmlDom>> Parse(std::string_view html,
                                                        const DomLimits& limits);
  ~HtmlDom();
  HtmlDom(const HtmlDom&) = delete;
  HtmlDom& operator=(const HtmlDom&) = delete;

  const std::vector<DomNode>& nodes() const { return nodes_; }
  const DomNode& node(int i) const { return nodes_[static_cast<size_t>(i)]; }
  int size() const { return static_cast<int>(nodes_.size()); }
  /// Index of <html> (always 0 when the page is not empty), <head> and <body>, or -1.
  int head() const { return head_; }
  int body() const { return body_; }

  /// The value of attribute `key` (lowercase) of element `i`, or empty.
  std::string_view Attr(int i, std::string_view key) const;
  /// True when element `i` has attribute `key`, even with an empty value.
  bool HasAttr(int i, std::string_view key) const;

 private:
  HtmlDom() = default;

  myhtml_t* myhtml_ = nullptr;
  myhtml_tree_t* tree_ = nullptr;
  std::vector<DomNode> nodes_;
  int head_ = -1;
  int body_ = -1;
};

}  // namespace newsflow::extract::internal
