#include <fmt/format.h>

#include "newsflow/common/config.h"

#include "enrich.h"

namespace newsflow::enricher {

absl::StatusOr<EnrichResources> LoadResources(const ResourceOptions& options) {
  EnrichResources resources;
  absl::StatusOr<std::unique_ptr<entities::Recognizer>> recognizer = entities::Recognizer::Create(
      {.data_dir = options.data_dir + "/entities", .mecab_dicdir = options.mecab_dicdir});
  if (!recognizer.ok()) return recognizer.status();
  resources.recognizer = *std::move(recognizer);
  absl::StatusOr<std::shared_ptr<const source::SourceRegistry>> registry =
      source::SourceRegistry::LoadFromFile(options.data_dir + "/sources/registry.tsv");
  if (!registry.ok()) return registry.status();
  resources.registry = *std::move(registry);
  resources.version = fmt::format("newsflow-enricher/{}", common::NewsflowVersion());
  return resources;
}

}  // namespace newsflow::enricher
