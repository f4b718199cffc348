#include "stream_window.h"

#include <string>

#include "newsflow/common/field_error.h"

namespace newsflow::ingest {

absl::Status StreamWindow::Admit(const StreamArticle& article) {
  const bool had_room = HasRoom();
  ++unanswered_;
  if (!article.malformed.ok()) return article.malformed;
  if (in_flight_.count(article.sequence) > 0) {
    return NamedFromRequest(
        article.field_prefix,
        common::InvalidField("sequence",
                             "already used by an article of this stream that is still "
                             "in flight"));
  }
  if (!had_room) {
    return absl::ResourceExhaustedError(
        "the in-flight window of this stream (" + std::to_string(max_unanswered_) +
        " articles) was full when this article was read; send it again once answers arrived");
  }
  in_flight_.insert(article.sequence);
  return absl::OkStatus();
}

}  // namespace newsflow::ingest
