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
  /// Words that often but not always mean furniture ("widget", "header", "tags") and no
  /// content word: page builders also use them for the wrappers of the article.
  kWeakBoilerplate,
};

/// Classifies class/id tokens on word boundaries ("site-nav", "shareButtons", "ad_slot"), so
/// "masthead-article" is not "header" and "loaded" is not "ad". A strong boilerplate word
/// ("share", "related", "comments") wins over content words; a weak one ("header", "meta")
/// only counts when no content word is present. A class name that starts with a negation
/// ("has-sidebar", "with-double-sidebar", "no-comments") is ignored as a whole.
AttributeHint ClassifyClassAndId(std::string_view class_attr, std::string_view id_attr);

/// True when a class or id word marks the article's lead or standfirst ("lead", "intro",
/// "standfirst", "excerpt", "subheadline", "subtitle", "summary", "chapo", "teaser"...), which
/// sites often put in the article's <header> or in a box of its own before the body.
bool HasLeadWord(std::string_view class_attr, std::string_view id_attr);

/// True when the space-separated itemprop value holds `word` ("description articleBody").
bool HasItemprop(std::string_view itemprop, std::string_view word);

/// Whether an element is page furniture, and how sure that is.
enum class Furniture {
  kNone,
  /// Its class / id words (`hint`) or its tag (<form>) say so: dropped unless the page has
  /// too little text without it.
  kByAttributes,
  /// A page region that holds furniture (<header>, <footer>, <aside>): dropped unless it holds
  /// most of the page's text (some sites put the whole article in one).
  kByTag,
  /// Never article text: script, nav, ...; hidden; or a role such as navigation.
  kAlways,
};

/// Classifies element `node`, whose ClassifyClassAndId() result is `hint`.
Furniture ClassifyFurniture(const DomNode& node, AttributeHint hint);

/// True for elements whose content is raw text that is never shown: <script>, <style>,
/// <noscript> (parsed as a browser with scripting does) and <template>.
bool IsRawTextElement(myhtml_tag_id_t tag);

/// True for block-level elements: their start and end break the text into lines.
bool IsBlockTag(myhtml_tag_id_t tag);

}  // namespace newsflow::extract::internal
