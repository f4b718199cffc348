#pragma once

#include <string_view>

#include "html_dom.h"

namespace newsflow::extract::internal {

/// What the class, id and role attributes of an element say about it.
enum class AttributeHint {
  kNeutral,
  /// Words such as article, content, story, entry, main.
  kContent,
  /// Page furniture: navigation, share bars, comments, ads, consent banners, related lists...
  kBoilerplate,
};

/// Classifies class/id tokens on word boundaries ("site-nav", "shareButtons", "ad_slot"), so
/// "masthead-article" is not "header" and "loaded" is not "ad". A strong boilerplate word
/// ("share", "related", "comments") wins over content words; a weak one ("header", "meta")
/// only counts when no content word is present. Negated forms ("has-sidebar") are ignored.
AttributeHint ClassifyClassAndId(std::string_view class_attr, std::string_view id_attr);

/// True for elements that never carry article text (script, nav, footer, form, ...), or whose
/// role / hidden / aria-hidden / class / id marks them as page furniture.
bool IsBoilerplateElement(const HtmlDom& dom, int i);

/// True for block-level elements: their start and end break the text into lines.
bool IsBlockTag(myhtml_tag_id_t tag);

}  // namespace newsflow::extract::internal
