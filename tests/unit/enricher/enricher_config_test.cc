#include "enricher_config.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace newsflow::enricher {
namespace {

absl::StatusOr<EnricherConfig> Load(const std::vector<std::string>& args,
                                    const common::Environment& env = {}) {
  std::string out;
  bool exit_requested = false;
  return LoadEnricherConfig(args, env, &out, &exit_requested);
}

TEST(EnricherConfigTest, AtLeastOnceByDefaultWithTransactionalIdFromGroupAndHost) {
  absl::StatusOr<EnricherConfig> config = Load({}, {{"HOSTNAME", "enricher-7f9c"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->delivery_mode, DeliveryMode::kAtLeastOnce);
  EXPECT_EQ(config->kafka_transactional_id, "newsflow-enricher-enricher-7f9c");
}

TEST(EnricherConfigTest, ExactlyOnceFromTheEnvironmentAndTransactionalIdFromAFlag) {
  absl::StatusOr<EnricherConfig> config =
      Load({"--kafka.group_id=g", "--kafka.transactional_id=replica-a"},
           {{"NEWSFLOW_DELIVERY_MODE", "exactly_once"}, {"HOSTNAME", "ignored"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->delivery_mode, DeliveryMode::kExactlyOnce);
  EXPECT_EQ(config->kafka_transactional_id, "replica-a");
}

TEST(EnricherConfigTest, DefaultTransactionalIdFollowsTheGroup) {
  absl::StatusOr<EnricherConfig> config = Load({"--kafka.group_id=enrich-b"}, {{"HOSTNAME", "h1"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->kafka_transactional_id, "enrich-b-h1");
}

TEST(EnricherConfigTest, UnknownDeliveryModeNamesTheKey) {
  absl::StatusOr<EnricherConfig> config = Load({"--delivery.mode=exactly-once"});
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(config.status().message().find("delivery.mode"), std::string_view::npos);
  EXPECT_NE(config.status().message().find("exactly-once"), std::string_view::npos);
}

}  // namespace
}  // namespace newsflow::enricher
