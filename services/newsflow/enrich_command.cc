#include <cstdio>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "newsflow/url/canonical_url.h"

#include "commands.h"
#include "enrich.h"
#include "enricher_config.h"
#include "worker_pool.h"

namespace newsflow::cli {
namespace {

const char* TypeName(v1::EntityType type) {
  switch (type) {
    case v1::ENTITY_TYPE_PERSON:
      return "PER";
    case v1::ENTITY_TYPE_ORGANIZATION:
      return "ORG";
    case v1::ENTITY_TYPE_LOCATION:
      return "LOC";
    default:
      return "UNSPECIFIED";
  }
}

// One input line to one output line. Offsets refer to the input text exactly as given: it is
// not normalized here, so a scorer's offsets line up.
struct EnrichedLine {
  std::string json;
  bool ok = true;
};

EnrichedLine EnrichLine(const std::string& line, const enricher::EnrichResources& resources,
                        int64_t line_number) {
  nlohmann::json input = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  nlohmann::json out;
  if (!input.is_object() || !input.contains("text") || !input["text"].is_string()) {
    out["line"] = line_number;
    out["error"] = "expected a JSON object with a string \"text\"";
    if (input.is_object() && input.contains("id")) out["id"] = input["id"];
    return {out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), false};
  }
  out["id"] = input.contains("id") ? input["id"] : nlohmann::json(line_number);
  v1::NormalizedArticle article;
  article.set_article_id(out["id"].is_string() ? out["id"].get<std::string>() : out["id"].dump());
  article.set_text(input["text"].get<std::string>());
  if (input.contains("url") && input["url"].is_string()) {
    absl::StatusOr<url::CanonicalUrl> canonical =
        url::Canonicalize(input["url"].get<std::string>());
    if (canonical.ok()) {
      article.set_canonical_url(canonical->url);
      article.set_host(canonical->host);
      article.set_registrable_domain(canonical->registrable_domain);
    }
  }
  v1::EnrichedArticle enriched =
      enricher::EnrichArticle(std::move(article), resources, absl::Now());
  out["lang"] = enriched.language().code();
  out["lang_confidence"] = enriched.language().confidence();
  out["lang_mixed"] = enriched.language().mixed();
  nlohmann::json entities = nlohmann::json::array();
  for (const v1::EntityMention& mention : enriched.mentions()) {
    entities.push_back({{"start", mention.begin()},
                        {"end", mention.end()},
                        {"type", TypeName(mention.type())},
                        {"text", mention.surface()},
                        {"canonical", mention.canonical_name()},
                        {"entity_id", mention.entity_id()},
                        {"confidence", mention.confidence()}});
  }
  out["entities"] = std::move(entities);
  const v1::Source& source = enriched.source();
  out["source"] = {{"domain", source.domain()},
                   {"publisher", source.publisher()},
                   {"country", source.country()},
                   {"known", source.known()},
                   {"wire_agencies", std::vector<std::string>(source.wire_agencies().begin(),
                                                              source.wire_agencies().end())},
                   {"dateline", source.dateline()}};
  return {out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), true};
}

}  // namespace

int RunEnrich(const EnrichArgs& args) {
  absl::StatusOr<enricher::EnrichResources> resources = enricher::LoadResources(
      {.data_dir = args.data_dir.empty() ? enricher::DefaultDataDir() : args.data_dir});
  if (!resources.ok()) {
    std::fprintf(stderr, "newsflow enrich: %s\n", resources.status().ToString().c_str());
    return kExitUsage;
  }
  for (const std::string& warning : resources->recognizer->load_warnings()) {
    std::fprintf(stderr, "newsflow enrich: %s\n", warning.c_str());
  }
  std::ifstream file;
  std::istream* in = &std::cin;
  if (args.input != "-") {
    file.open(args.input);
    if (!file) {
      std::fprintf(stderr, "newsflow enrich: cannot open %s\n", args.input.c_str());
      return kExitUsage;
    }
    in = &file;
  }
  std::ofstream out_file;
  std::ostream* out = &std::cout;
  if (!args.output.empty()) {
    out_file.open(args.output);
    if (!out_file) {
      std::fprintf(stderr, "newsflow enrich: cannot write %s\n", args.output.c_str());
      return kExitUsage;
    }
    out = &out_file;
  }
  enricher::WorkerPool workers(static_cast<size_t>(args.threads));
  constexpr size_t kChunk = 512;
  std::vector<std::string> lines;
  std::vector<EnrichedLine> results;
  int64_t line_number = 0;
  int64_t errors = 0;
  std::string line;
  bool more = true;
  while (more) {
    lines.clear();
    while (lines.size() < kChunk && (more = static_cast<bool>(std::getline(*in, line)))) {
      if (!line.empty()) lines.push_back(std::move(line));
    }
    results.assign(lines.size(), EnrichedLine());
    const int64_t first = line_number;
    workers.ParallelFor(lines.size(), [&](size_t i) {
      results[i] = EnrichLine(lines[i], *resources, first + static_cast<int64_t>(i) + 1);
    });
    line_number += static_cast<int64_t>(lines.size());
    for (const EnrichedLine& result : results) {
      if (!result.ok) ++errors;
      *out << result.json << '\n';
    }
  }
  out->flush();
  if (errors > 0)
    std::fprintf(stderr, "newsflow enrich: %lld malformed lines\n", static_cast<long long>(errors));
  return errors > 0 ? kExitFailures : kExitOk;
}

}  // namespace newsflow::cli
