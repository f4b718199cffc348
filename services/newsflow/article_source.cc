#include "article_source.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <absl/strings/escaping.h>
#include <fmt/format.h>
#include <google/protobuf/util/time_util.h>
#include <nlohmann/json.hpp>

namespace newsflow::cli {
namespace fs = std::filesystem;
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

v1::ContentType ContentTypeForPath(const std::string& path) {
  return EndsWith(path, ".txt") ? v1::CONTENT_TYPE_TEXT : v1::CONTENT_TYPE_HTML;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(fmt::format("cannot open {}", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string JsonString(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ArticleSource::ArticleSource(std::vector<std::string> paths, std::string base_url,
                             std::string charset)
    : base_url_(std::move(base_url)), charset_(std::move(charset)) {
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
        const std::string name = entry.path().string();
        if (entry.is_regular_file() && (EndsWith(name, ".html") || EndsWith(name, ".htm") ||
                                        EndsWith(name, ".txt") || EndsWith(name, ".jsonl"))) {
          found.push_back(name);
        }
      }
      std::sort(found.begin(), found.end());
      files_.insert(files_.end(), found.begin(), found.end());
    } else {
      files_.push_back(path);
    }
  }
}

std::optional<absl::StatusOr<PushItem>> ArticleSource::NextJsonLine() {
  std::string line;
  while (std::getline(jsonl_, line)) {
    ++jsonl_line_;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string label = fmt::format("{}:{}", jsonl_path_, jsonl_line_);
    nlohmann::json object = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!object.is_object()) {
      return absl::InvalidArgumentError(fmt::format("{}: not a JSON object", label));
    }
    PushItem item;
    item.label = label;
    v1::RawArticle& article = item.article;
    article.set_url(JsonString(object, "url"));
    std::string content_type = JsonString(object, "content_type");
    std::string file = JsonString(object, "file");
    if (object.contains("body")) {
      article.set_body(JsonString(object, "body"));
    } else if (object.contains("body_base64")) {
      std::string decoded;
      if (!absl::Base64Unescape(JsonString(object, "body_base64"), &decoded)) {
        return absl::InvalidArgumentError(fmt::format("{}: body_base64 is not base64", label));
      }
      article.set_body(std::move(decoded));
    } else if (!file.empty()) {
      fs::path resolved = fs::path(jsonl_path_).parent_path() / file;
      absl::StatusOr<std::string> body = ReadFile(resolved.string());
      if (!body.ok())
        return absl::NotFoundError(
            fmt::format("{}: {}", label, std::string(body.status().message())));
      article.set_body(*std::move(body));
      item.label = fmt::format("{} ({})", label, file);
    } else {
      return absl::InvalidArgumentError(
          fmt::format("{}: needs \"body\", \"body_base64\" or \"file\"", label));
    }
    if (content_type == "text") {
      article.set_content_type(v1::CONTENT_TYPE_TEXT);
    } else if (content_type == "html") {
      article.set_content_type(v1::CONTENT_TYPE_HTML);
    } else if (content_type.empty()) {
      article.set_content_type(file.empty() ? v1::CONTENT_TYPE_HTML : ContentTypeForPath(file));
    } else {
      return absl::InvalidArgumentError(
          fmt::format("{}: content_type must be \"html\" or \"text\"", label));
    }
    std::string charset = JsonString(object, "charset");
    article.set_charset(charset.empty() ? charset_ : charset);
    article.set_title_hint(JsonString(object, "title"));
    article.set_source_hint(JsonString(object, "source"));
    if (std::string crawl_time = JsonString(object, "crawl_time"); !crawl_time.empty()) {
      if (!google::protobuf::util::TimeUtil::FromString(crawl_time, article.mutable_crawl_time())) {
        return absl::InvalidArgumentError(fmt::format("{}: crawl_time is not RFC 3339", label));
      }
    }
    return item;
  }
  jsonl_.close();
  return std::nullopt;
}

std::optional<absl::StatusOr<PushItem>> ArticleSource::Next() {
  while (true) {
    if (jsonl_.is_open()) {
      std::optional<absl::StatusOr<PushItem>> item = NextJsonLine();
      if (item.has_value()) return item;
    }
    if (files_.empty()) return std::nullopt;
    std::string path = std::move(files_.front());
    files_.pop_front();
    if (EndsWith(path, ".jsonl")) {
      jsonl_.clear();
      jsonl_.open(path);
      if (!jsonl_) return absl::StatusOr<PushItem>(absl::NotFoundError("cannot open " + path));
      jsonl_path_ = path;
      jsonl_line_ = 0;
      continue;
    }
    absl::StatusOr<std::string> body = ReadFile(path);
    if (!body.ok()) return absl::StatusOr<PushItem>(body.status());
    PushItem item;
    item.label = path;
    item.article.set_url(base_url_ + fs::path(path).filename().string());
    item.article.set_body(*std::move(body));
    item.article.set_content_type(ContentTypeForPath(path));
    item.article.set_charset(charset_);
    return absl::StatusOr<PushItem>(std::move(item));
  }
}

}  // namespace newsflow::cli
