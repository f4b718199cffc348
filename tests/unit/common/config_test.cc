#include "newsflow/common/config.h"

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

namespace newsflow::common {
namespace {

struct Settings {
  std::string listen = "127.0.0.1:1";
  int64_t limit = 10;
  bool verbose = false;
  std::map<std::string, std::string> properties;
};

ConfigSchema SchemaFor(Settings& s) {
  ConfigSchema schema("svc", "test service");
  schema.AddString("listen", &s.listen, "address");
  schema.AddInt("limits.max", &s.limit, "a limit", 1, 100);
  schema.AddBool("log.verbose", &s.verbose, "verbosity");
  schema.AddStringMap("kafka.properties", &s.properties, "passthrough");
  return schema;
}

std::string WriteTempFile(const std::string& content) {
  char path[] = "/tmp/newsflow-config-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << content;
  return path;
}

TEST(ConfigTest, DefaultsStayWithoutInput) {
  Settings s;
  ConfigSchema schema = SchemaFor(s);
  std::string out;
  bool exit = false;
  ASSERT_TRUE(schema.Load({}, {}, &out, &exit).ok());
  EXPECT_EQ(s.listen, "127.0.0.1:1");
  EXPECT_EQ(s.limit, 10);
  EXPECT_FALSE(exit);
}

TEST(ConfigTest, FlagBeatsEnvironmentBeatsFile) {
  Settings s;
  ConfigSchema schema = SchemaFor(s);
  std::string file = WriteTempFile(
      "listen: file:1\nlimits:\n  max: 20\nlog:\n  verbose: true\nkafka:\n  properties:\n"
      "    linger.ms: '7'\n    acks: all\n");
  std::string out;
  bool exit = false;
  absl::Status status = schema.Load({"--config", file, "--listen=flag:3"},
                                    {{"NEWSFLOW_LISTEN", "env:2"},
                                     {"NEWSFLOW_LIMITS_MAX", "30"},
                                     {"NEWSFLOW_KAFKA_PROPERTIES__SASL_MECHANISM", "PLAIN"}},
                                    &out, &exit);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(s.listen, "flag:3");
  EXPECT_EQ(s.limit, 30);
  EXPECT_TRUE(s.verbose);
  EXPECT_EQ(s.properties["linger.ms"], "7");
  EXPECT_EQ(s.properties["acks"], "all");
  EXPECT_EQ(s.properties["sasl.mechanism"], "PLAIN");
  std::remove(file.c_str());
}

TEST(ConfigTest, MapEntriesComeFromFlags) {
  Settings s;
  ConfigSchema schema = SchemaFor(s);
  std::string out;
  bool exit = false;
  ASSERT_TRUE(
      schema.Load({"--kafka.properties.security.protocol", "SASL_SSL"}, {}, &out, &exit).ok());
  EXPECT_EQ(s.properties["security.protocol"], "SASL_SSL");
}

TEST(ConfigTest, EveryErrorIsReportedWithItsKey) {
  Settings s;
  ConfigSchema schema = SchemaFor(s);
  std::string file = WriteTempFile("nonsense: 1\nlimits:\n  max: many\n");
  std::string out;
  bool exit = false;
  absl::Status status = schema.Load({"--config", file, "--limits.max=500", "--unknown=1"},
                                    {{"NEWSFLOW_LOG_VERBOSE", "maybe"}}, &out, &exit);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const std::string message(status.message());
  EXPECT_NE(message.find("nonsense: unknown key"), std::string::npos) << message;
  EXPECT_NE(message.find("limits.max: not an integer"), std::string::npos) << message;
  EXPECT_NE(message.find("limits.max: must be between 1 and 100"), std::string::npos) << message;
  EXPECT_NE(message.find("--unknown: unknown option"), std::string::npos) << message;
  EXPECT_NE(message.find("log.verbose: not a boolean"), std::string::npos) << message;
  std::remove(file.c_str());
}

TEST(ConfigTest, HelpListsEveryOptionWithDefaultAndEnvironmentName) {
  Settings s;
  ConfigSchema schema = SchemaFor(s);
  std::string out;
  bool exit = false;
  ASSERT_TRUE(schema.Load({"--help"}, {}, &out, &exit).ok());
  EXPECT_TRUE(exit);
  EXPECT_NE(out.find("--listen=VALUE"), std::string::npos);
  EXPECT_NE(out.find("default: 127.0.0.1:1"), std::string::npos);
  EXPECT_NE(out.find("NEWSFLOW_LIMITS_MAX"), std::string::npos);
  EXPECT_NE(out.find("--kafka.properties.NAME=VALUE"), std::string::npos);
}

TEST(ConfigTest, VersionFlagPrintsVersion) {
  Settings s;
  ConfigSchema schema = SchemaFor(s);
  std::string out;
  bool exit = false;
  ASSERT_TRUE(schema.Load({"--version"}, {}, &out, &exit).ok());
  EXPECT_TRUE(exit);
  EXPECT_EQ(out, "svc " + std::string(NewsflowVersion()) + "\n");
}

TEST(ConfigTest, DescribeMasksSecrets) {
  Settings s;
  ConfigSchema schema = SchemaFor(s);
  std::string out;
  bool exit = false;
  ASSERT_TRUE(schema.Load({"--kafka.properties.sasl.password=hunter2"}, {}, &out, &exit).ok());
  for (const std::string& line : schema.Describe()) {
    EXPECT_EQ(line.find("hunter2"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace newsflow::common
