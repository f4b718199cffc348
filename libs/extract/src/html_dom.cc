#include "html_dom.h"

#include <algorithm>

#include "newsflow/common/field_error.h"

#include "myhtml_scripting.h"

namespace newsflow::extract::internal {
namespace {

bool IsElement(myhtml_tag_id_t tag) {
  return tag != MyHTML_TAG__TEXT && tag != MyHTML_TAG__COMMENT && tag != MyHTML_TAG__DOCTYPE &&
         tag != MyHTML_TAG__UNDEF;
}

// Fills the attributes of `node` the extractor classifies elements by, in one attribute scan.
void ReadCommonAttributes(DomNode& node) {
  for (myhtml_tree_attr_t* attr = myhtml_node_attribute_first(node.raw); attr != nullptr;
       attr = myhtml_attribute_next(attr)) {
    size_t length = 0;
    const char* name = myhtml_attribute_key(attr, &length);
    if (name == nullptr || length < 2 || length > 11) continue;
    const std::string_view key(name, length);
    const char* value_data = myhtml_attribute_value(attr, &length);
    const std::string_view value =
        value_data == nullptr ? std::string_view() : std::string_view(value_data, length);
    if (key == "class") {
      node.class_attr = value;
    } else if (key == "id") {
      node.id_attr = value;
    } else if (key == "role") {
      node.role = value;
    } else if (key == "itemprop") {
      node.itemprop = value;
    } else if (key == "style") {
      node.style = value;
    } else if (key == "hidden" || (key == "aria-hidden" && value == "true")) {
      node.hidden = true;
    }
  }
}

}  // namespace

HtmlDom::~HtmlDom() {
  if (tree_ != nullptr) myhtml_tree_destroy(tree_);
  if (myhtml_ != nullptr) myhtml_destroy(myhtml_);
}

absl::StatusOr<std::unique_ptr<HtmlDom>> HtmlDom::Parse(std::string_view html,
                                                        const DomLimits& limits) {
  // A parser per call: creating one costs a few microseconds (measured), far below parsing,
  // and keeps memory from one huge page from staying pinned in a thread_local instance.
  std::unique_ptr<HtmlDom> dom(new HtmlDom());
  dom->myhtml_ = myhtml_create();
  if (dom->myhtml_ == nullptr ||
      myhtml_init(dom->myhtml_, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0) != MyHTML_STATUS_OK) {
    return absl::InternalError("myhtml_init failed");
  }
  dom->tree_ = myhtml_tree_create();
  if (dom->tree_ == nullptr || myhtml_tree_init(dom->tree_, dom->myhtml_) != MyHTML_STATUS_OK) {
    return absl::InternalError("myhtml_tree_init failed");
  }
  // Browsers run scripts, so they read <noscript> content as raw text. Parsed as markup, an
  // unclosed <div> in it (a tracking pixel's wrapper) swallows the rest of the page into the
  // <noscript>, which is never content.
  EnableScripting(dom->tree_);
  if (myhtml_parse(dom->tree_, MyENCODING_UTF_8, html.data(), html.size()) != MyHTML_STATUS_OK) {
    return absl::InternalError("myhtml_parse failed");
  }
  myhtml_tree_node_t* root = myhtml_tree_get_node_html(dom->tree_);
  if (root == nullptr) return dom;

  std::vector<DomNode>& nodes = dom->nodes_;
  std::vector<int> open;  // recorded ancestors of the current node, innermost last
  size_t unrecorded = 0;  // open elements deeper than max_depth (always the innermost ones)
  size_t elements = 0;
  auto close_innermost = [&] {
    if (unrecorded > 0) {
      --unrecorded;
      return;
    }
    const int closed = open.back();
    open.pop_back();
    nodes[static_cast<size_t>(closed)].subtree_end = static_cast<int>(nodes.size());
  };
  std::vector<int> last_child;  // parallel to nodes, so appending a sibling is O(1)
  // About one text node per element; growing the array by doubling would copy it repeatedly.
  const size_t expected = std::min(limits.expected_elements, limits.max_nodes) * 2 + 16;
  nodes.reserve(expected);
  last_child.reserve(expected);
  auto append = [&](DomNode node) {
    const int index = static_cast<int>(nodes.size());
    if (node.parent >= 0) {
      const auto parent = static_cast<size_t>(node.parent);
      if (last_child[parent] < 0) {
        nodes[parent].first_child = index;
      } else {
        nodes[static_cast<size_t>(last_child[parent])].next_sibling = index;
      }
      last_child[parent] = index;
    }
    node.subtree_end = index + 1;
    nodes.push_back(node);
    last_child.push_back(-1);
    return index;
  };

  myhtml_tree_node_t* node = root;
  size_t depth = 0;
  while (node != nullptr) {
    const myhtml_tag_id_t tag = myhtml_node_tag_id(node);
    const int parent = open.empty() ? -1 : open.back();
    bool entered = false;
    if (IsElement(tag)) {
      if (++elements > limits.max_nodes) {
        return common::InvalidField(
            "body", "the page has more than " + std::to_string(limits.max_nodes) + " elements");
      }
      myhtml_tree_node_t* child = myhtml_node_child(node);
      if (depth <= limits.max_depth && unrecorded == 0) {
        DomNode element{.tag = tag, .parent = parent, .raw = node};
        ReadCommonAttributes(element);
        const int index = append(element);
        if (tag == MyHTML_TAG_HEAD && dom->head_ < 0) dom->head_ = index;
        if (tag == MyHTML_TAG_BODY && dom->body_ < 0) dom->body_ = index;
        if (child != nullptr) open.push_back(index);
      } else if (child != nullptr) {
        ++unrecorded;
      }
      if (child != nullptr) {
        node = child;
        ++depth;
        entered = true;
      }
    } else if (tag == MyHTML_TAG__TEXT && parent >= 0) {
      size_t length = 0;
      const char* text = myhtml_node_text(node, &length);
      if (text != nullptr && length > 0) {
        append({.tag = tag, .parent = parent, .text = std::string_view(text, length), .raw = node});
      }
    }
    if (entered) continue;
    // Move to the next node in document order, closing the elements we leave.
    while (node != nullptr) {
      if (depth == 0) {
        node = nullptr;
        break;
      }
      myhtml_tree_node_t* next = myhtml_node_next(node);
      if (next != nullptr) {
        node = next;
        break;
      }
      node = myhtml_node_parent(node);
      --depth;
      close_innermost();
    }
  }
  while (!open.empty() || unrecorded > 0) close_innermost();
  return dom;
}

std::string_view HtmlDom::Attr(int i, std::string_view key) const {
  for (myhtml_tree_attr_t* attr = myhtml_node_attribute_first(node(i).raw); attr != nullptr;
       attr = myhtml_attribute_next(attr)) {
    size_t length = 0;
    const char* name = myhtml_attribute_key(attr, &length);
    if (name != nullptr && std::string_view(name, length) == key) {
      const char* value = myhtml_attribute_value(attr, &length);
      return value == nullptr ? std::string_view() : std::string_view(value, length);
    }
  }
  return {};
}

bool HtmlDom::HasAttr(int i, std::string_view key) const {
  for (myhtml_tree_attr_t* attr = myhtml_node_attribute_first(node(i).raw); attr != nullptr;
       attr = myhtml_attribute_next(attr)) {
    size_t length = 0;
    const char* name = myhtml_attribute_key(attr, &length);
    if (name != nullptr && std::string_view(name, length) == key) return true;
  }
  return false;
}

}  // namespace newsflow::extract::internal
