#pragma once

#include <string>
#include <string_view>
#include <vector>

// Reading the article metadata of a page's JSON-LD blocks (schema.org, including @graph).

namespace newsflow::extract::internal {

struct JsonLdFields {
  std::string headline;
  std::string date_published;
  /// datePublished as written ("2023-11-09T02:11:03+00:00").
  std::string date_published_raw;
  std::string date_modified;
  /// datePublished of an object that is not an article (a WebPage in a @graph).
  std::string other_date_published;
  std::vector<std::string> authors;
  /// Authors typed as an Organization: the publication, not a person.
  std::vector<std::string> organisation_authors;
  /// Authors of a WebPage object (a CMS's pages that are not typed as articles).
  std::vector<std::string> page_authors;
  std::string publisher;
  std::string website_name;
  std::string description;
};

void ReadJsonLd(std::string_view text, JsonLdFields& fields);

}  // namespace newsflow::extract::internal
