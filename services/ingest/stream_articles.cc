#include "stream_articles.h"

#include "newsflow/common/field_error.h"

namespace newsflow::ingest {

std::vector<StreamArticle> TakeStreamArticles(v1::IngestStreamRequest& request) {
  std::vector<StreamArticle> articles;
  articles.reserve(1 + static_cast<size_t>(request.more_size()));
  articles.push_back({.sequence = request.sequence(),
                      .article = std::move(*request.mutable_article()),
                      .field_prefix = "",
                      .malformed = absl::OkStatus()});
  for (int i = 0; i < request.more_size(); ++i) {
    v1::IngestStreamRequest& entry = *request.mutable_more(i);
    StreamArticle article{.sequence = entry.sequence(),
                          .article = std::move(*entry.mutable_article()),
                          .field_prefix = "more[" + std::to_string(i) + "].",
                          .malformed = absl::OkStatus()};
    if (entry.more_size() > 0) {
      // One level only, symmetric to IngestStreamResponse.more: answering nested entries would
      // need nested answers, which the response side does not have.
      article.malformed = common::PrefixFields(
          common::InvalidField("more", "an entry of more must not carry a more of its own"),
          article.field_prefix);
    }
    articles.push_back(std::move(article));
  }
  request.clear_more();
  return articles;
}

absl::Status NamedFromRequest(std::string_view field_prefix, const absl::Status& status) {
  if (field_prefix.empty()) return status;
  return common::PrefixFields(status, field_prefix);
}

}  // namespace newsflow::ingest
