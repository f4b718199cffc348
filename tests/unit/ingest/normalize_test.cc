#include "normalize.h"

#include <gtest/gtest.h>

#include "newsflow/common/field_error.h"

namespace newsflow::ingest {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'718'800'000);

v1::RawArticle Text(std::string url, std::string body) {
  v1::RawArticle raw;
  raw.set_url(std::move(url));
  raw.set_body(std::move(body));
  raw.set_content_type(v1::CONTENT_TYPE_TEXT);
  return raw;
}

std::string FieldOf(const absl::Status& status) {
  std::vector<common::FieldViolation> violations = common::FieldViolationsOf(status);
  return violations.empty() ? "" : violations[0].field;
}

TEST(NormalizeTest, TextArticleGetsIdsHashesAndCanonicalUrl) {
  absl::StatusOr<v1::NormalizedArticle> article = NormalizeArticle(
      Text("HTTPS://News.Example.JP:443/a/b?utm_source=x&id=7#frag",
           "ロシアのプーチン大統領は１９日、平壌を訪問した。\r\n\r\n両首脳は条約に署名した。"),
      {}, kNow);
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_EQ(article->canonical_url(), "https://news.example.jp/a/b?id=7");
  EXPECT_EQ(article->host(), "news.example.jp");
  EXPECT_EQ(article->registrable_domain(), "example.jp");
  EXPECT_EQ(article->article_id().size(), 32u);
  EXPECT_EQ(article->content_hash().size(), 64u);
  EXPECT_NE(article->simhash(), 0u);
  EXPECT_EQ(article->text().find('\r'), std::string::npos);
  EXPECT_NE(article->text().find("両首脳は条約に署名した。"), std::string::npos);
  EXPECT_EQ(article->crawl_time().seconds(), 1'718'800'000);
  EXPECT_EQ(article->ingest_time().seconds(), 1'718'800'000);
}

v1::RawArticle Html(std::string url, std::string body) {
  v1::RawArticle raw = Text(std::move(url), std::move(body));
  raw.set_content_type(v1::CONTENT_TYPE_HTML);
  return raw;
}

TEST(NormalizeTest, PublishDateComesFromTheUrlWhenThePageHasNone) {
  absl::StatusOr<v1::NormalizedArticle> article = NormalizeArticle(
      Html("https://news.example.com/2024/06/18/bridge-reopens",
           "<html><body><article><h1>Bridge reopens</h1><p>The harbour bridge reopened to "
           "traffic on Tuesday after two years of repairs.</p></article></body></html>"),
      {}, kNow);
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_EQ(article->metadata().published_date(), "2024-06-18");
}

TEST(NormalizeTest, PublishDateAfterTheCrawlIsDropped) {
  // kNow is 2024-06-19; the crawler fetched the page a day earlier.
  v1::RawArticle raw =
      Html("https://news.example.com/festival",
           "<html><head><meta property=\"article:published_time\" content=\"2024-07-30\">"
           "</head><body><article><h1>Festival</h1><p>The festival returns next month with a new "
           "programme of concerts.</p></article></body></html>");
  raw.mutable_crawl_time()->set_seconds(1'718'800'000 - 86'400);
  absl::StatusOr<v1::NormalizedArticle> article = NormalizeArticle(raw, {}, kNow);
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_EQ(article->metadata().published_date(), "");
}

TEST(NormalizeTest, SameCanonicalUrlGivesSameArticleId) {
  auto a = NormalizeArticle(Text("https://news.example.jp/x?fbclid=1", "本文です。"), {}, kNow);
  auto b = NormalizeArticle(Text("https://NEWS.example.jp/x#top", "本文です。"), {}, kNow);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->article_id(), b->article_id());
  EXPECT_EQ(a->content_hash(), b->content_hash());
}

TEST(NormalizeTest, ShiftJisHtmlIsDecodedAndExtracted) {
  // "日本銀行は金利を据え置いた。" in Shift_JIS inside a page that declares its charset.
  const std::string sjis_sentence =
      "\x93\xfa\x96\x7b\x8b\xe2\x8d\x73\x82\xcd\x8b\xe0\x97\x98\x82\xf0\x90\x98\x82\xa6\x92\x75"
      "\x82\xa2\x82\xbd\x81\x42";
  v1::RawArticle raw;
  raw.set_url("https://keizai.example.jp/boj");
  raw.set_content_type(v1::CONTENT_TYPE_HTML);
  raw.set_body("<html><head><meta charset=\"Shift_JIS\"><title>t</title></head><body><article><p>" +
               sjis_sentence + "</p><p>" + sjis_sentence + "</p></article></body></html>");
  absl::StatusOr<v1::NormalizedArticle> article = NormalizeArticle(raw, {}, kNow);
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_EQ(article->source_charset(), "Shift_JIS");
  EXPECT_NE(article->text().find("日本銀行は金利を据え置いた。"), std::string::npos)
      << article->text();
}

TEST(NormalizeTest, CanonicalLinkOnTheSameSiteDecidesTheId) {
  v1::RawArticle raw;
  raw.set_url("https://m.example.jp/amp/123");
  raw.set_content_type(v1::CONTENT_TYPE_HTML);
  raw.set_body(
      "<html><head><link rel=\"canonical\" href=\"https://www.example.jp/news/123\"></head>"
      "<body><article><p>首相は記者会見で新たな経済対策を発表した。</p></article></body></html>");
  absl::StatusOr<v1::NormalizedArticle> article = NormalizeArticle(raw, {}, kNow);
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_EQ(article->canonical_url(), "https://www.example.jp/news/123");
  EXPECT_EQ(article->url(), "https://m.example.jp/amp/123");
}

TEST(NormalizeTest, CanonicalLinkToAnotherSiteIsIgnored) {
  v1::RawArticle raw;
  raw.set_url("https://copycat.example.com/story");
  raw.set_content_type(v1::CONTENT_TYPE_HTML);
  raw.set_body(
      "<html><head><link rel=\"canonical\" href=\"https://victim.example.org/story\"></head>"
      "<body><article><p>A sentence of the article that is long enough.</p></article></body>"
      "</html>");
  absl::StatusOr<v1::NormalizedArticle> article = NormalizeArticle(raw, {}, kNow);
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_EQ(article->canonical_url(), "https://copycat.example.com/story");
}

TEST(NormalizeTest, TitleHintFillsAMissingTitle) {
  v1::RawArticle raw = Text("https://news.example.jp/t", "本文だけの記事です。見出しはない。");
  raw.set_title_hint("フィードの見出し");
  absl::StatusOr<v1::NormalizedArticle> article = NormalizeArticle(raw, {}, kNow);
  ASSERT_TRUE(article.ok());
  EXPECT_FALSE(article->title().empty());
}

TEST(NormalizeTest, BadInputNamesTheField) {
  NormalizeLimits limits;
  limits.max_body_bytes = 100;
  EXPECT_EQ(FieldOf(NormalizeArticle(Text("", "x"), limits, kNow).status()), "article.url");
  EXPECT_EQ(FieldOf(NormalizeArticle(Text("news/1", "x"), limits, kNow).status()), "article.url");
  EXPECT_EQ(FieldOf(NormalizeArticle(Text("https://e.jp/", ""), limits, kNow).status()),
            "article.body");
  EXPECT_EQ(
      FieldOf(
          NormalizeArticle(Text("https://e.jp/", std::string(101, 'a')), limits, kNow).status()),
      "article.body");
  v1::RawArticle no_type = Text("https://e.jp/", "本文");
  no_type.set_content_type(v1::CONTENT_TYPE_UNSPECIFIED);
  EXPECT_EQ(FieldOf(NormalizeArticle(no_type, limits, kNow).status()), "article.content_type");
  v1::RawArticle bad_charset = Text("https://e.jp/", "本文");
  bad_charset.set_charset("no-such-charset");
  EXPECT_EQ(FieldOf(NormalizeArticle(bad_charset, limits, kNow).status()), "article.charset");
  v1::RawArticle long_hint = Text("https://e.jp/", "本文");
  long_hint.set_source_hint(std::string(2000, 'a'));
  EXPECT_EQ(FieldOf(NormalizeArticle(long_hint, limits, kNow).status()), "article.source_hint");
}

}  // namespace
}  // namespace newsflow::ingest
