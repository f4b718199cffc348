#pragma once

#include <deque>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "newsflow/v1/article.pb.h"

namespace newsflow::cli {

/// One article to push and where it came from ("file.html", "list.jsonl:12").
struct PushItem {
  std::string label;
  v1::RawArticle article;
};

/// Yields the articles of files, folders (recursively, sorted) and JSON Lines files lazily, so a
/// push of millions of pages holds only the articles in flight. JSON Lines objects have "url",
/// and "body" (text), "body_base64" or "file" (path relative to the .jsonl file), optional
/// "content_type" ("html" or "text"; default by the file's extension, else html), "charset",
/// "title", "source" and "crawl_time" (RFC 3339).
class ArticleSource {
 public:
  ArticleSource(std::vector<std::string> paths, std::string base_url, std::string charset);

  /// The next article; an error for an unreadable file or malformed line (the caller reports it
  /// and continues); nullopt when done.
  std::optional<absl::StatusOr<PushItem>> Next();

 private:
  std::optional<absl::StatusOr<PushItem>> NextJsonLine();

  std::deque<std::string> files_;
  std::string base_url_;
  std::string charset_;
  std::ifstream jsonl_;
  std::string jsonl_path_;
  int64_t jsonl_line_ = 0;
};

}  // namespace newsflow::cli
