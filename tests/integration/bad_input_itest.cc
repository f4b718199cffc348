// Bad input through the real gRPC server: each case gets its exact status code and the
// google.rpc.BadRequest field that names what was wrong.
#include <map>
#include <random>
#include <set>

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
  const std::string sjis_sentence =  // "日本銀行は金利を据え置いた。" in Shift_JIS
      "\x93\xfa\x96\x7b\x8b\xe2\x8d\x73\x82\xcd\x8b\xe0\x97\x98\x82\xf0\x90\x98\x82\xa6"
      "\x92\x75\x82\xa2\x82\xbd\x81\x42";
  const std::vector<BadCase> cases = {
      // article.url
      {"missing url", [](v1::RawArticle& a) { a.clear_url(); }, grpc::INVALID_ARGUMENT,
       "article.url"},
      {"relative url", [](v1::RawArticle& a) { a.set_url("/news/2024/06/19/x.html"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"protocol-relative url", [](v1::RawArticle& a) { a.set_url("//news.example.jp/a"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"ftp url", [](v1::RawArticle& a) { a.set_url("ftp://news.example.jp/a.html"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"javascript url", [](v1::RawArticle& a) { a.set_url("javascript:alert(1)"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"mailto url", [](v1::RawArticle& a) { a.set_url("mailto:desk@news.example.jp"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"file url", [](v1::RawArticle& a) { a.set_url("file:///etc/passwd"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"data url", [](v1::RawArticle& a) { a.set_url("data:text/html,<p>x</p>"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"websocket url", [](v1::RawArticle& a) { a.set_url("wss://news.example.jp/live"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"about:blank", [](v1::RawArticle& a) { a.set_url("about:blank"); }, grpc::INVALID_ARGUMENT,
       "article.url"},
      {"scheme only", [](v1::RawArticle& a) { a.set_url("https://"); }, grpc::INVALID_ARGUMENT,
       "article.url"},
      {"no host", [](v1::RawArticle& a) { a.set_url("https:///news/1"); }, grpc::INVALID_ARGUMENT,
       "article.url"},
      {"no slashes", [](v1::RawArticle& a) { a.set_url("http:news.example.jp/a"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"space in host", [](v1::RawArticle& a) { a.set_url("https://news example.jp/a"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"space in path", [](v1::RawArticle& a) { a.set_url("https://news.example.jp/a b"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"control character",
       [](v1::RawArticle& a) { a.set_url(std::string("https://news.example.jp/a\x01b")); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"NUL in url",
       [](v1::RawArticle& a) { a.set_url(std::string("https://news.example.jp/a\0b", 26)); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"port out of range", [](v1::RawArticle& a) { a.set_url("https://news.example.jp:99999/a"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"non-numeric port", [](v1::RawArticle& a) { a.set_url("https://news.example.jp:http/a"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"unclosed IPv6 literal", [](v1::RawArticle& a) { a.set_url("http://[::1/a"); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"8 KB url",
       [](v1::RawArticle& a) { a.set_url("https://news.example.jp/" + std::string(8192, 'a')); },
       grpc::INVALID_ARGUMENT, "article.url"},
      {"url just over the limit",
       [](v1::RawArticle& a) { a.set_url("https://news.example.jp/" + std::string(4073, 'a')); },
       grpc::INVALID_ARGUMENT, "article.url"},
      // article.body
      {"empty body", [](v1::RawArticle& a) { a.clear_body(); }, grpc::INVALID_ARGUMENT,
       "article.body"},
      {"body over the limit",
       [](v1::RawArticle& a) { a.set_body(std::string((1 << 20) + 1, 'a')); },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"10 MB single line", [](v1::RawArticle& a) { a.set_body(std::string(10 << 20, 'x')); },
       grpc::RESOURCE_EXHAUSTED, ""},
      {"only whitespace", [](v1::RawArticle& a) { a.set_body(" \n\t\r\n   \n"); },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"only ideographic spaces and zero-width characters",
       [](v1::RawArticle& a) { a.set_body("\u3000\u200b\u200d\ufeff\u3000\n\u2060"); },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"invalid UTF-8 claimed as UTF-8",
       [](v1::RawArticle& a) {
         a.set_charset("utf-8");
         a.set_body(RandomBytes(4000, 7) + "\x82\xa0\x82\xa2\x82\xa4 記事");
       },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"Shift_JIS bytes claimed as UTF-8",
       [&](v1::RawArticle& a) {
         a.set_charset("UTF-8");
         a.set_body(sjis_sentence + sjis_sentence + sjis_sentence);
       },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"binary garbage", [](v1::RawArticle& a) { a.set_body(RandomBytes(20000, 11)); },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"short binary garbage", [](v1::RawArticle& a) { a.set_body(RandomBytes(64, 3)); },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"all NUL bytes", [](v1::RawArticle& a) { a.set_body(std::string(4096, '\0')); },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"gzip bytes sent undecoded",
       [](v1::RawArticle& a) {
         a.set_body(std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) +
                    RandomBytes(5000, 5));
       },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"PNG image as HTML",
       [](v1::RawArticle& a) {
         a.set_content_type(v1::CONTENT_TYPE_HTML);
         a.set_body(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + RandomBytes(3000, 9));
       },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"HTML with only scripts and styles",
       [](v1::RawArticle& a) {
         a.set_content_type(v1::CONTENT_TYPE_HTML);
         a.set_body(
             "<html><head><style>p{color:red}</style><script>var a = 1;</script></head>"
             "<body><script>document.write('x')</script></body></html>");
       },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"empty HTML document",
       [](v1::RawArticle& a) {
         a.set_content_type(v1::CONTENT_TYPE_HTML);
         a.set_body("<!doctype html><html><head></head><body></body></html>");
       },
       grpc::INVALID_ARGUMENT, "article.body"},
      {"deep nesting without text",
       [](v1::RawArticle& a) {
         a.set_content_type(v1::CONTENT_TYPE_HTML);
         std::string html;
         for (int i = 0; i < 100'000; ++i) html += "<div>";
         a.set_body(html);
       },
       grpc::INVALID_ARGUMENT, "article.body"},
      // article.content_type
      {"no content type",
       [](v1::RawArticle& a) { a.set_content_type(v1::CONTENT_TYPE_UNSPECIFIED); },
       grpc::INVALID_ARGUMENT, "article.content_type"},
      {"unknown content type value",
       [](v1::RawArticle& a) { a.set_content_type(static_cast<v1::ContentType>(42)); },
       grpc::INVALID_ARGUMENT, "article.content_type"},
      // article.charset
      {"unknown charset", [](v1::RawArticle& a) { a.set_charset("x-no-such-charset"); },
       grpc::INVALID_ARGUMENT, "article.charset"},
      {"path as charset", [](v1::RawArticle& a) { a.set_charset("../../etc/passwd"); },
       grpc::INVALID_ARGUMENT, "article.charset"},
      {"charset over 1 KB", [](v1::RawArticle& a) { a.set_charset(std::string(2000, 'u')); },
       grpc::INVALID_ARGUMENT, "article.charset"},
      {"charset with a NUL",
       [](v1::RawArticle& a) { a.set_charset(std::string("utf-8\0evil", 10)); },
       grpc::INVALID_ARGUMENT, "article.charset"},
      // article.title_hint and article.source_hint
      {"title hint not UTF-8", [](v1::RawArticle& a) { a.set_title_hint("\xff\xfe title"); },
       grpc::INVALID_ARGUMENT, "article.title_hint"},
      {"title hint over 1 KB", [](v1::RawArticle& a) { a.set_title_hint(std::string(1025, 't')); },
       grpc::INVALID_ARGUMENT, "article.title_hint"},
      {"title hint with a truncated sequence",
       [](v1::RawArticle& a) { a.set_title_hint("速報\xe3\x81"); }, grpc::INVALID_ARGUMENT,
       "article.title_hint"},
      {"source hint not UTF-8", [](v1::RawArticle& a) { a.set_source_hint("\xc0\xaf news"); },
       grpc::INVALID_ARGUMENT, "article.source_hint"},
      {"source hint over 1 KB",
       [](v1::RawArticle& a) { a.set_source_hint(std::string(4096, 's')); }, grpc::INVALID_ARGUMENT,
       "article.source_hint"},
      {"source hint with a surrogate encoded in UTF-8",
       [](v1::RawArticle& a) { a.set_source_hint("\xed\xa0\x80"); }, grpc::INVALID_ARGUMENT,
       "article.source_hint"},
      // transport
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

// Hostile input that is still an article: accepted, with the hostile parts cleaned away, and the
// server keeps serving.
TEST_F(BadInputTest, HostileButValidArticlesAreAcceptedClean) {
  struct HostileCase {
    std::string name;
    std::string url;
    v1::ContentType type;
    std::string body;
    std::string must_contain;
    std::vector<std::string> must_not_contain;
  };
  const std::string sentence = "ロシアのプーチン大統領は19日、平壌を訪問した。";
  std::string deep = "<html><body>";
  for (int i = 0; i < 100'000; ++i) deep += "<div>";
  deep += "<p>" + sentence + "</p>";
  std::string long_line;
  while (long_line.size() < (900 << 10)) long_line += sentence;
  const std::vector<HostileCase> cases = {
      {"bidi and zero-width characters",
       "https://news.example.jp/h/bidi",
       v1::CONTENT_TYPE_TEXT,
       "ロシアの\u202eプーチン\u202c大統領は19日、\u200b平壌を\u2066訪問\u2069した。",
       sentence,
       {"\u202e", "\u202c", "\u200b", "\u2066", "\u2069"}},
      {"NUL and control bytes inside text",
       "https://news.example.jp/h/nul",
       v1::CONTENT_TYPE_TEXT,
       std::string("ロシアのプーチン大統領は19日、") + '\0' + "平壌を訪問\x07した。",
       sentence,
       {std::string(1, '\0'), "\x07"}},
      {"100k-deep nesting around the article",
       "https://news.example.jp/h/deep",
       v1::CONTENT_TYPE_HTML,
       deep,
       sentence,
       {}},
      {"half a megabyte attribute",
       "https://news.example.jp/h/attr",
       v1::CONTENT_TYPE_HTML,
       "<html><body><article data-x=\"" + std::string(512 << 10, 'q') + "\"><p>" + sentence +
           "</p></article></body></html>",
       sentence,
       {"qqqq"}},
      {"900 KB single line",
       "https://news.example.jp/h/line",
       v1::CONTENT_TYPE_TEXT,
       long_line,
       sentence,
       {}},
      {"credentials in the URL",
       "https://user:secret@news.example.jp/h/userinfo",
       v1::CONTENT_TYPE_TEXT,
       sentence,
       sentence,
       {}},
  };
  auto stub = harness_->NewStub();
  std::map<std::string, const HostileCase*> by_id;
  for (const HostileCase& hostile : cases) {
    SCOPED_TRACE(hostile.name);
    v1::IngestRequest request;
    request.mutable_article()->set_url(hostile.url);
    request.mutable_article()->set_content_type(hostile.type);
    request.mutable_article()->set_body(hostile.body);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::IngestResponse response;
    grpc::Status status = stub->Ingest(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
    EXPECT_EQ(response.canonical_url().find("secret"), std::string::npos);
    by_id[response.article_id()] = &hostile;
  }
  std::vector<kafka::ConsumedRecord> records =
      harness_->ReadTopic(PipelineHarness::kNormalized, cases.size(), std::chrono::seconds(20));
  size_t checked = 0;
  for (const kafka::ConsumedRecord& record : records) {
    v1::NormalizedArticle article;
    ASSERT_TRUE(article.ParseFromString(record.value));
    auto it = by_id.find(article.article_id());
    if (it == by_id.end()) continue;
    SCOPED_TRACE(it->second->name);
    ++checked;
    EXPECT_NE(article.text().find(it->second->must_contain), std::string::npos);
    for (const std::string& banned : it->second->must_not_contain) {
      EXPECT_EQ(article.text().find(banned), std::string::npos);
    }
  }
  EXPECT_EQ(checked, cases.size());
}

// A client that keeps a stream open without ever half-closing it, and one that sends without
// reading responses, hold bounded server resources and do not stop the server from serving.
TEST_F(BadInputTest, StalledStreamsDoNotStopTheServer) {
  auto stub = harness_->NewStub();
  {
    grpc::ClientContext never_closes;
    never_closes.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    auto stream = stub->IngestStream(&never_closes);
    v1::IngestStreamRequest request;
    request.set_sequence(1);
    request.mutable_article()->set_url("https://news.example.jp/stall/open");
    request.mutable_article()->set_body("閉じられないストリームの記事です。");
    request.mutable_article()->set_content_type(v1::CONTENT_TYPE_TEXT);
    ASSERT_TRUE(stream->Write(request));
    v1::IngestStreamResponse response;
    ASSERT_TRUE(stream->Read(&response));  // answered although the stream stays open
    EXPECT_EQ(response.status().code(), 0);
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  }
  {
    grpc::ClientContext never_reads;
    never_reads.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
    auto stream = stub->IngestStream(&never_reads);
    int written = 0;
    for (int i = 0; i < 3000; ++i) {
      v1::IngestStreamRequest request;
      request.set_sequence(i);
      request.mutable_article()->set_url("https://news.example.jp/stall/unread/" +
                                         std::to_string(i));
      request.mutable_article()->set_body("読まれない応答の記事です。番号" + std::to_string(i) +
                                          "。");
      request.mutable_article()->set_content_type(v1::CONTENT_TYPE_TEXT);
      if (!stream->Write(request)) break;  // flow control pushed back until the deadline
      ++written;
    }
    EXPECT_GT(written, 0);
    never_reads.TryCancel();
    (void)stream->Finish();
  }
  // The server still answers a normal request promptly.
  v1::IngestRequest request;
  request.mutable_article()->set_url("https://news.example.jp/stall/after");
  request.mutable_article()->set_body("停滞したクライアントの後の記事です。");
  request.mutable_article()->set_content_type(v1::CONTENT_TYPE_TEXT);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::IngestResponse response;
  grpc::Status status = stub->Ingest(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
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
