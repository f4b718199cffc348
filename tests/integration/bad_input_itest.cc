// Bad input through the real gRPC server: each case gets its exact status code and the
// google.rpc.BadRequest field that names what was wrong.
#include <random>

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "harness.h"

namespace newsflow::testing {
namespace {

struct BadCase {
  std::string name;
  std::function<void(v1::RawArticle&)> mutate;
  grpc::StatusCode code;
  std::string field;  // empty: no BadRequest expected
};

std::string RandomBytes(size_t size, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
  return bytes;
}

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  google::rpc::Status rich;
  std::vector<std::string> fields;
  if (!rich.ParseFromString(status.error_details())) return fields;
  for (const google::protobuf::Any& detail : rich.details()) {
    google::rpc::BadRequest bad_request;
    if (detail.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        fields.push_back(violation.field());
      }
    }
  }
  return fields;
}

class BadInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    harness_ = new PipelineHarness({.start_enricher = false, .max_body_bytes = 1 << 20});
  }
  static void TearDownTestSuite() {
    delete harness_;
    harness_ = nullptr;
  }
  static PipelineHarness* harness_;
};

PipelineHarness* BadInputTest::harness_ = nullptr;

TEST_F(BadInputTest, EachCaseGetsItsStatusAndField) {
  const std::vector<BadCase> cases = {
      {"missing url", [](v1::RawArticle& a) { a.clear_url(); }, grpc::INVALID_ARGUMENT,
       "article.url"},
      {"relative url", [](v1::RawArticle& a) { a.set_url("/news/2024/06/19/x.html"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"ftp url", [](v1::RawArticle& a) { a.set_url("ftp://news.example.jp/a.html"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"javascript url", [](v1::RawArticle& a) { a.set_url("javascript:alert(1)"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"8 KB url",
       [](v1::RawArticle& a) { a.set_url("https://news.example.jp/" + std::string(8192, 'a')); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"empty body", [](v1::RawArticle& a) { a.clear_body(); }, grpc::INVALID_ARGUMENT,
       "article.body"},
      {"body over the limit",
       [](v1::RawArticle& a) { a.set_body(std::string((1 << 20) + 1, 'a')); },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"no content type",
       [](v1::RawArticle& a) { a.set_content_type(v1::CONTENT_TYPE_UNSPECIFIED); },
       grpc::INVALID_ARGUMENT, "article.content_type"},
      {"unknown charset", [](v1::RawArticle& a) { a.set_charset("x-no-such-charset"); },
       grpc::INVALID_ARGUMENT, "article.charset"},
      {"invalid UTF-8 claimed as UTF-8",
       [](v1::RawArticle& a) {
         a.set_charset("utf-8");
         a.set_body(RandomBytes(4000, 7) + "\x82\xa0\x82\xa2\x82\xa4 記事");
       },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"binary garbage", [](v1::RawArticle& a) { a.set_body(RandomBytes(20000, 11)); },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"only whitespace", [](v1::RawArticle& a) { a.set_body(" \n\t\r\n   \n"); },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"title hint not UTF-8", [](v1::RawArticle& a) { a.set_title_hint("\xff\xfe title"); },
       grpc::INVALID_ARGUMENT, "article.title_hint"},
      {"message beyond the gRPC limit",
       [](v1::RawArticle& a) { a.set_body(std::string(3 << 20, 'a')); }, grpc::RESOURCE_EXHAUSTED,
       ""},
  };
  auto stub = harness_->NewStub();
  for (const BadCase& bad : cases) {
    SCOPED_TRACE(bad.name);
    v1::IngestRequest request;
    v1::RawArticle& article = *request.mutable_article();
    article.set_url("https://news.example.jp/politics/1");
    article.set_body("ロシアのプーチン大統領は19日、平壌を訪問した。");
    article.set_content_type(v1::CONTENT_TYPE_TEXT);
    bad.mutate(article);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::IngestResponse response;
    grpc::Status status = stub->Ingest(&context, request, &response);
    EXPECT_EQ(status.error_code(), bad.code) << status.error_message();
    if (!bad.field.empty()) {
      std::vector<std::string> fields = ViolatedFields(status);
      ASSERT_EQ(fields.size(), 1u) << status.error_message();
      EXPECT_EQ(fields[0], bad.field) << status.error_message();
    }
  }
  // None of the bad articles was published.
  EXPECT_TRUE(
      harness_->ReadTopic(PipelineHarness::kNormalized, 1, std::chrono::milliseconds(500)).empty());
}

TEST_F(BadInputTest, DuplicateStreamSequenceIsRejectedPerItem) {
  auto stub = harness_->NewStub();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto stream = stub->IngestStream(&context);
  // The same sequence many times in a row; while the first is in flight the rest are rejected,
  // and every request gets exactly one response.
  constexpr int kCopies = 2000;
  for (int i = 0; i < kCopies; ++i) {
    v1::IngestStreamRequest request;
    request.set_sequence(7);
    request.mutable_article()->set_url("https://news.example.jp/seq/" + std::to_string(i));
    request.mutable_article()->set_body("記事の本文です。番号は" + std::to_string(i) + "です。");
    request.mutable_article()->set_content_type(v1::CONTENT_TYPE_TEXT);
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  int responses = 0;
  int ok = 0;
  int sequence_errors = 0;
  v1::IngestStreamResponse response;
  while (stream->Read(&response)) {
    ++responses;
    EXPECT_EQ(response.sequence(), 7u);
    if (response.status().code() == 0) {
      ++ok;
    } else {
      EXPECT_EQ(response.status().code(), grpc::INVALID_ARGUMENT);
      google::rpc::BadRequest bad_request;
      ASSERT_GE(response.status().details_size(), 1);
      ASSERT_TRUE(response.status().details(0).UnpackTo(&bad_request));
      EXPECT_EQ(bad_request.field_violations(0).field(), "sequence");
      ++sequence_errors;
    }
  }
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(responses, kCopies);
  EXPECT_GE(ok, 1);
  EXPECT_GE(sequence_errors, 1);
  EXPECT_EQ(ok + sequence_errors, kCopies);
}

}  // namespace
}  // namespace newsflow::testing
