#include "record_serializer.h"

#include <cstring>

#include <google/protobuf/wire_format_lite.h>

namespace newsflow::ingest {
namespace {

using google::protobuf::internal::WireFormatLite;
using Article = v1::NormalizedArticle;

// Protobuf writes the fields in field-number order, so `text` (7) follows the six strings
// below and precedes everything else; the record is spliced there.
static_assert(Article::kArticleIdFieldNumber == 1 && Article::kUrlFieldNumber == 2 &&
              Article::kCanonicalUrlFieldNumber == 3 && Article::kHostFieldNumber == 4 &&
              Article::kRegistrableDomainFieldNumber == 5 && Article::kTitleFieldNumber == 6 &&
              Article::kTextFieldNumber == 7);

// Serialized size of a proto3 string field numbered below 16 (one tag byte; omitted if empty).
size_t StringFieldSize(const std::string& value) {
  return value.empty() ? 0 : 1 + WireFormatLite::StringSize(value);
}

}  // namespace

std::string SerializeNormalizedArticle(v1::NormalizedArticle& article) {
  std::string text;
  text.swap(*article.mutable_text());
  std::string rest = article.SerializeAsString();  // an empty proto3 string is not written
  text.swap(*article.mutable_text());
  if (article.text().empty()) return rest;

  const size_t before_text =
      StringFieldSize(article.article_id()) + StringFieldSize(article.url()) +
      StringFieldSize(article.canonical_url()) + StringFieldSize(article.host()) +
      StringFieldSize(article.registrable_domain()) + StringFieldSize(article.title());
  const size_t text_size = 1 + WireFormatLite::StringSize(article.text());
  std::string record(rest.size() + text_size, '\0');
  auto* out = reinterpret_cast<uint8_t*>(record.data());
  std::memcpy(out, rest.data(), before_text);
  uint8_t* after_text = WireFormatLite::WriteStringToArray(Article::kTextFieldNumber,
                                                           article.text(), out + before_text);
  std::memcpy(after_text, rest.data() + before_text, rest.size() - before_text);
  return record;
}

}  // namespace newsflow::ingest
