#include "newsflow/source/source_registry.h"

#include <string>

#include <absl/status/status.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newsflow::source {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string RegistryPath() {
  return std::string(NEWSFLOW_SOURCE_DIR) + "/data/sources/registry.tsv";
}

TEST(SourceRegistryTest, LoadsShippedRegistry) {
  absl::StatusOr<std::shared_ptr<const SourceRegistry>> registry =
      SourceRegistry::LoadFromFile(RegistryPath());
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_GE((*registry)->size(), 150u);

  std::optional<Publisher> asahi = (*registry)->Find("asahi.com");
  ASSERT_TRUE(asahi.has_value());
  EXPECT_EQ(asahi->domain, "asahi.com");
  EXPECT_EQ(asahi->name, "Asahi Shimbun");
  EXPECT_EQ(asahi->country, "JP");
  EXPECT_EQ(asahi->kind, SourceKind::kNewspaper);

  std::optional<Publisher> reuters = (*registry)->Find("reuters.com");
  ASSERT_TRUE(reuters.has_value());
  EXPECT_EQ(reuters->name, "Reuters");
  EXPECT_EQ(reuters->country, "GB");
  EXPECT_EQ(reuters->kind, SourceKind::kAgency);

  std::optional<Publisher> yahoo = (*registry)->Find("yahoo.co.jp");
  ASSERT_TRUE(yahoo.has_value());
  EXPECT_EQ(yahoo->kind, SourceKind::kAggregator);
}

TEST(SourceRegistryTest, FindFallsBackToParentDomainAndIgnoresCase) {
  auto registry = SourceRegistry::LoadFromString("reuters.com\tReuters\tGB\tagency\n");
  ASSERT_TRUE(registry.ok()) << registry.status();
  ASSERT_TRUE((*registry)->Find("jp.reuters.com").has_value());
  EXPECT_EQ((*registry)->Find("Reuters.COM")->domain, "reuters.com");
  EXPECT_FALSE((*registry)->Find("notreuters.com").has_value());
  EXPECT_FALSE((*registry)->Find("com").has_value());
}

TEST(SourceRegistryTest, SkipsCommentsBlankLinesAndHeader) {
  auto registry = SourceRegistry::LoadFromString(
      "# comment\n\ndomain\tname\tcountry\tkind\r\nasahi.com\tAsahi\tJP\tnewspaper\r\n");
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_EQ((*registry)->size(), 1u);
}

struct BadRow {
  const char* tsv;
  const char* message;
};

class SourceRegistryMalformedTest : public ::testing::TestWithParam<BadRow> {};

TEST_P(SourceRegistryMalformedTest, RejectsWithLineNumber) {
  auto registry = SourceRegistry::LoadFromString(GetParam().tsv);
  ASSERT_FALSE(registry.ok());
  EXPECT_EQ(registry.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(registry.status().message(), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Rows, SourceRegistryMalformedTest,
    ::testing::Values(BadRow{"# header\nasahi.com\tAsahi\tJP\n", "line 2: expected 4"},
                      BadRow{"asahi.com\tAsahi\tJP\tnewspaper\textra\n", "line 1: expected 4"},
                      BadRow{"asahi.com\tAsahi\tJP\tnewspaper\nbbc.co.uk\tBBC\tGB\ttabloid\n",
                             "line 2: unknown kind"},
                      BadRow{"\n\nbbc.co.uk\tBBC\tUK\tbroadcaster\n", "line 3: bad country code"},
                      BadRow{"bbc.co.uk\tBBC\tgb\tbroadcaster\n", "line 1: bad country code"},
                      BadRow{"BBC.co.uk\tBBC\tGB\tbroadcaster\n", "line 1: bad domain"},
                      BadRow{"bbc.co.uk\t\tGB\tbroadcaster\n", "line 1: empty name"},
                      BadRow{"bbc.co.uk\tBBC\tGB\tbroadcaster\nbbc.co.uk\tBBC 2\tGB\tbroadcaster\n",
                             "line 2: duplicate domain"}));

TEST(SourceRegistryTest, MissingFileIsNotFound) {
  auto registry = SourceRegistry::LoadFromFile(RegistryPath() + ".missing");
  EXPECT_EQ(registry.status().code(), absl::StatusCode::kNotFound);
}

class DescribeSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto registry = SourceRegistry::LoadFromString(
        "asahi.com\tAsahi Shimbun\tJP\tnewspaper\nreuters.com\tReuters\tGB\tagency\n");
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = *registry;
  }
  std::shared_ptr<const SourceRegistry> registry_;
};

TEST_F(DescribeSourceTest, KnownDomainUsesRegistry) {
  const SourceInfo info =
      DescribeSource(*registry_, "asahi.com", "【ワシントン共同】米政府は19日、声明を出した。");
  EXPECT_TRUE(info.known);
  EXPECT_EQ(info.publisher.name, "Asahi Shimbun");
  EXPECT_EQ(info.publisher.country, "JP");
  EXPECT_THAT(info.wire_agencies, ElementsAre("Kyodo"));
  EXPECT_EQ(info.dateline, "ワシントン");
}

TEST_F(DescribeSourceTest, GuessesCountryFromCountryCodeTld) {
  const SourceInfo jp = DescribeSource(*registry_, "example.co.jp", "");
  EXPECT_FALSE(jp.known);
  EXPECT_EQ(jp.publisher.domain, "example.co.jp");
  EXPECT_EQ(jp.publisher.country, "JP");
  EXPECT_TRUE(jp.publisher.name.empty());
  EXPECT_EQ(jp.publisher.kind, SourceKind::kUnknown);
  EXPECT_EQ(DescribeSource(*registry_, "example.co.uk", "").publisher.country, "GB");
  EXPECT_EQ(DescribeSource(*registry_, "example.de", "").publisher.country, "DE");
}

TEST_F(DescribeSourceTest, NoCountryForGenericOrVanityTld) {
  for (const char* domain :
       {"example.com", "example.net", "example.org", "example.info", "example.io", "example.tv",
        "example.ai", "example.co", "example.me", "example.eu", "localhost"}) {
    const SourceInfo info = DescribeSource(*registry_, domain, "Plain text.");
    EXPECT_FALSE(info.known) << domain;
    EXPECT_EQ(info.publisher.country, "") << domain;
    EXPECT_THAT(info.wire_agencies, IsEmpty());
    EXPECT_EQ(info.dateline, "");
  }
}

}  // namespace
}  // namespace newsflow::source
