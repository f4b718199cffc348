// The seed articles (Japanese news pages exported as text, several machine-translated) come out
// of CleanText with every article line and nothing else. The seeds live outside the repository
// (NEWSFLOW_SEEDS_DIR); the expected clean text of each was written by reading the seed line by
// line (tests/data/seeds/<seed>.expected.txt).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "newsflow/extract/text_cleaner.h"

namespace newsflow::extract {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Non-empty lines with runs of spaces and tabs collapsed, as CleanText writes them.
std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  std::string current;
  auto flush = [&] {
    while (!current.empty() && current.back() == ' ') current.pop_back();
    if (!current.empty()) lines.push_back(current);
    current.clear();
  };
  for (char c : text) {
    if (c == '\n') {
      flush();
    } else if (c == ' ' || c == '\t' || c == '\r') {
      if (!current.empty() && current.back() != ' ') current.push_back(' ');
    } else {
      current.push_back(c);
    }
  }
  flush();
  return lines;
}

struct Comparison {
  std::vector<std::string> missing;  // expected lines not found in order in the output
  std::vector<std::string> extra;    // output lines that are not expected
};

Comparison Compare(const std::vector<std::string>& expected,
                   const std::vector<std::string>& actual) {
  Comparison result;
  size_t next = 0;  // first output line not yet matched
  for (const std::string& line : expected) {
    size_t found = next;
    while (found < actual.size() && actual[found] != line) ++found;
    if (found == actual.size()) {
      result.missing.push_back(line);
    } else {
      next = found + 1;
    }
  }
  for (const std::string& line : actual) {
    if (std::find(expected.begin(), expected.end(), line) == expected.end()) {
      result.extra.push_back(line);
    }
  }
  return result;
}

std::string Listing(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += "\n    | " + line;
  return out;
}

class SeedsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SeedsTest, ArticleLinesKeptAndBoilerplateDropped) {
  const std::filesystem::path seeds_dir = NEWSFLOW_SEEDS_DIR;
  if (!std::filesystem::is_directory(seeds_dir)) {
    GTEST_SKIP() << "seed directory " << seeds_dir
                 << " not found (set the CMake cache variable NEWSFLOW_SEEDS_DIR)";
  }
  const std::filesystem::path seed = seeds_dir / (GetParam() + ".txt");
  ASSERT_TRUE(std::filesystem::exists(seed)) << "seed " << seed << " missing";
  const std::filesystem::path expected_path = std::filesystem::path(NEWSFLOW_SOURCE_DIR) /
                                              "tests/data/seeds" / (GetParam() + ".expected.txt");
  const std::vector<std::string> expected = Lines(ReadFile(expected_path));
  ASSERT_FALSE(expected.empty()) << expected_path << " is empty or missing";

  const ExtractedPage page = CleanText(ReadFile(seed));
  // The headline is reported as the title; it is article text all the same.
  std::vector<std::string> actual;
  if (!page.title.empty()) actual.push_back(page.title);
  for (std::string& line : Lines(page.text)) actual.push_back(std::move(line));

  const Comparison comparison = Compare(expected, actual);
  EXPECT_TRUE(comparison.missing.empty())
      << "article lines lost or out of order:" << Listing(comparison.missing);
  EXPECT_TRUE(comparison.extra.empty())
      << "boilerplate lines left in the text:" << Listing(comparison.extra);
}

INSTANTIATE_TEST_SUITE_P(Seeds, SeedsTest,
                         ::testing::Values("000_be7c0a2d4a74bf88", "001_0ac478b0fc50d321",
                                           "002_953df4246664f690", "003_7ef3493c8e19d0eb",
                                           "004_d60024484140a68f"));

}  // namespace
}  // namespace newsflow::extract
