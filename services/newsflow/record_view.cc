#include "record_view.h"

#include <memory>

#include <absl/strings/escaping.h>
#include <fmt/format.h>
#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "newsflow/v1/enriched.pb.h"

namespace newsflow::cli {
namespace {

std::unique_ptr<google::protobuf::Message> MessageFor(const kafka::ConsumedRecord& record) {
  const std::string content_type = kafka::HeaderValue(record.headers, "content-type");
  auto names = [&](std::string_view proto, std::string_view topic_part) {
    return content_type.find(proto) != std::string::npos ||
           (content_type.empty() && record.topic.find(topic_part) != std::string::npos);
  };
  if (names("newsflow.v1.EnrichedArticle", ".enriched.")) {
    return std::make_unique<v1::EnrichedArticle>();
  }
  if (names("newsflow.v1.NormalizedArticle", ".normalized.")) {
    return std::make_unique<v1::NormalizedArticle>();
  }
  if (names("newsflow.v1.DeadLetter", ".dlq.")) return std::make_unique<v1::DeadLetter>();
  return nullptr;
}

// The first `max_code_points` code points of UTF-8 `text`, on one line.
std::string Head(const std::string& text, size_t max_code_points) {
  std::string out;
  size_t count = 0;
  for (size_t i = 0; i < text.size() && count < max_code_points; ++count) {
    size_t length = 1;
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0xF0) {
      length = 4;
    } else if (lead >= 0xE0) {
      length = 3;
    } else if (lead >= 0xC0) {
      length = 2;
    }
    std::string piece = text.substr(i, length);
    out += piece == "\n" ? " / " : piece;
    i += length;
  }
  if (out.size() < text.size()) out += "…";
  return out;
}

}  // namespace

std::string RecordJson(const kafka::ConsumedRecord& record) {
  nlohmann::json line;
  line["topic"] = record.topic;
  line["partition"] = record.partition;
  line["offset"] = record.offset;
  line["key"] = record.key;
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : record.headers) headers[name] = value;
  line["headers"] = headers;
  std::unique_ptr<google::protobuf::Message> message = MessageFor(record);
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (message != nullptr && message->ParseFromString(record.value) &&
      google::protobuf::util::MessageToJsonString(*message, &json, options).ok()) {
    line["value"] = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  } else {
    line["value_base64"] = absl::Base64Escape(record.value);
  }
  return line.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

std::string RecordSummary(const kafka::ConsumedRecord& record) {
  v1::EnrichedArticle enriched;
  if (kafka::HeaderValue(record.headers, "content-type").find("EnrichedArticle") ==
          std::string::npos ||
      !enriched.ParseFromString(record.value)) {
    return RecordJson(record);
  }
  const v1::NormalizedArticle& article = enriched.article();
  std::string out = fmt::format("── {} {}\n", article.article_id(), article.canonical_url());
  if (!article.title().empty()) out += fmt::format("   title:    {}\n", article.title());
  out += fmt::format("   language: {} ({:.2f}){}\n", enriched.language().code(),
                     enriched.language().confidence(), enriched.language().mixed() ? " mixed" : "");
  const v1::Source& source = enriched.source();
  out += fmt::format("   source:   {} {} {}{}{}{}\n", source.domain(),
                     source.publisher().empty() ? "" : "(" + source.publisher() + ")",
                     source.country(),
                     source.wire_agencies().empty()
                         ? ""
                         : " wire=" + fmt::format("{}", fmt::join(source.wire_agencies(), ",")),
                     source.dateline().empty() ? "" : " dateline=" + source.dateline(),
                     source.published_date().empty() ? "" : " date=" + source.published_date());
  std::vector<std::string> entities;
  for (const v1::Entity& entity : enriched.entities()) {
    if (entities.size() == 12) break;
    const char* type = entity.type() == v1::ENTITY_TYPE_PERSON         ? "PER"
                       : entity.type() == v1::ENTITY_TYPE_ORGANIZATION ? "ORG"
                                                                       : "LOC";
    entities.push_back(
        fmt::format("{}[{}]×{}", entity.canonical_name(), type, entity.mention_count()));
  }
  out += fmt::format("   entities: {}\n", fmt::join(entities, ", "));
  out += fmt::format("   text:     {}", Head(article.text(), 160));
  return out;
}

}  // namespace newsflow::cli
