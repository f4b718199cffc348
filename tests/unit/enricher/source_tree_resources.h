#pragma once

#include <string>

#include <gtest/gtest.h>

#include "enrich.h"

namespace newsflow::enricher {

/// The models and tables of the source tree's data/ folder, loaded once per test binary.
inline const EnrichResources& SourceTreeResources() {
  static const EnrichResources* resources = [] {
    auto loaded = LoadResources({.data_dir = std::string(NEWSFLOW_SOURCE_DIR) + "/data"});
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? new EnrichResources(*std::move(loaded)) : new EnrichResources();
  }();
  return *resources;
}

}  // namespace newsflow::enricher
