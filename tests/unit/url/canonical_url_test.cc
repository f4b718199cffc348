#include "newsflow/url/canonical_url.h"

#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "newsflow/common/field_error.h"

namespace newsflow::url {
namespace {

using ::testing::HasSubstr;

std::string CanonicalOf(std::string_view url) {
  absl::StatusOr<CanonicalUrl> canonical = Canonicalize(url);
  EXPECT_TRUE(canonical.ok()) << url << ": " << canonical.status();
  return canonical.ok() ? canonical->url : "";
}

// Expects INVALID_ARGUMENT on field "url" and returns the message.
std::string ErrorOf(std::string_view url, const UrlLimits& limits = {}) {
  absl::StatusOr<CanonicalUrl> canonical = Canonicalize(url, limits);
  EXPECT_FALSE(canonical.ok()) << url << " gave " << canonical->url;
  if (canonical.ok()) return "";
  EXPECT_EQ(canonical.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<common::FieldViolation> violations = common::FieldViolationsOf(canonical.status());
  EXPECT_EQ(violations.size(), 1u);
  if (!violations.empty()) {
    EXPECT_EQ(violations[0].field, "url");
  }
  return std::string(canonical.status().message());
}

TEST(CanonicalizeTest, LowercasesSchemeAndHost) {
  EXPECT_EQ(CanonicalOf("HTTPS://News.Example.COM/Path/To"), "https://news.example.com/Path/To");
}

TEST(CanonicalizeTest, StripsTrailingDotOfHost) {
  EXPECT_EQ(CanonicalOf("https://Example.com./a"), "https://example.com/a");
  EXPECT_THAT(ErrorOf("https://example.com../a"), HasSubstr("host"));
}

TEST(CanonicalizeTest, FillsHostAndRegistrableDomain) {
  absl::StatusOr<CanonicalUrl> canonical = Canonicalize("https://www.bbc.co.uk/news/1");
  ASSERT_TRUE(canonical.ok()) << canonical.status();
  EXPECT_EQ(canonical->host, "www.bbc.co.uk");
  EXPECT_EQ(canonical->registrable_domain, "bbc.co.uk");
}

TEST(CanonicalizeTest, ConvertsInternationalHostToPunycode) {
  absl::StatusOr<CanonicalUrl> canonical = Canonicalize("https://ニュース.例え.jp/記事");
  ASSERT_TRUE(canonical.ok()) << canonical.status();
  EXPECT_EQ(canonical->host, "xn--zck9awe6d.xn--r8jz45g.jp");
  EXPECT_EQ(canonical->url, "https://xn--zck9awe6d.xn--r8jz45g.jp/%E8%A8%98%E4%BA%8B");
  EXPECT_EQ(CanonicalOf("http://MÜNCHEN.de/"), "http://xn--mnchen-3ya.de/");
}

TEST(CanonicalizeTest, StripsDefaultPortOnly) {
  EXPECT_EQ(CanonicalOf("http://example.com:80/a"), "http://example.com/a");
  EXPECT_EQ(CanonicalOf("https://example.com:443/a"), "https://example.com/a");
  EXPECT_EQ(CanonicalOf("http://example.com:8080/a"), "http://example.com:8080/a");
  EXPECT_EQ(CanonicalOf("https://example.com:80/a"), "https://example.com:80/a");
}

TEST(CanonicalizeTest, StripsFragmentAndUserinfo) {
  EXPECT_EQ(CanonicalOf("https://user:secret@example.com/a#section-2"), "https://example.com/a");
}

TEST(CanonicalizeTest, RemovesTrackingParametersKeepingOthersInOrder) {
  EXPECT_EQ(CanonicalOf("https://example.com/a?utm_source=tw&id=7&fbclid=xyz&page=2&"
                        "utm_medium=social&gclid=1&b=1&a=2"),
            "https://example.com/a?id=7&page=2&b=1&a=2");
  EXPECT_EQ(CanonicalOf("https://example.com/a?UTM_Campaign=x&msclkid=1&_ga=2&mc_cid=3&"
                        "mc_eid=4&igshid=5&yclid=6&_gl=7&ref_src=8&spm=9&dclid=10"),
            "https://example.com/a");
  // Only exact names are removed: "utm" alone or "reference" are not tracking parameters.
  EXPECT_EQ(CanonicalOf("https://example.com/?utm=1&reference=2"),
            "https://example.com/?utm=1&reference=2");
}

TEST(CanonicalizeTest, DropsEmptyQuery) {
  EXPECT_EQ(CanonicalOf("https://example.com/a?"), "https://example.com/a");
  EXPECT_EQ(CanonicalOf("https://example.com/a?&&x=1&"), "https://example.com/a?x=1");
}

TEST(CanonicalizeTest, NormalizesPercentEncoding) {
  // Unreserved characters are decoded; other escapes get uppercase hex and stay escaped.
  EXPECT_EQ(CanonicalOf("https://example.com/%7euser/%61b%2fc%3a"),
            "https://example.com/~user/ab%2Fc%3A");
  EXPECT_EQ(CanonicalOf("https://example.com/?q=a%2bb%26c&r=%7E"),
            "https://example.com/?q=a%2Bb%26c&r=~");
  // A stray '%' is escaped; raw non-ASCII is percent-encoded as UTF-8.
  EXPECT_EQ(CanonicalOf("https://example.com/100%/café"), "https://example.com/100%25/caf%C3%A9");
}

TEST(CanonicalizeTest, ResolvesDotSegments) {
  EXPECT_EQ(CanonicalOf("https://example.com/a/./b/../c"), "https://example.com/a/c");
  EXPECT_EQ(CanonicalOf("https://example.com/a/%2E%2E/b"), "https://example.com/b");
  EXPECT_EQ(CanonicalOf("https://example.com/../a"), "https://example.com/a");
}

TEST(CanonicalizeTest, EmptyPathBecomesSlash) {
  EXPECT_EQ(CanonicalOf("https://example.com"), "https://example.com/");
  EXPECT_EQ(CanonicalOf("https://example.com?x=1"), "https://example.com/?x=1");
}

TEST(CanonicalizeTest, KeepsIpLiterals) {
  absl::StatusOr<CanonicalUrl> v4 = Canonicalize("http://192.168.0.1:8080/x");
  ASSERT_TRUE(v4.ok()) << v4.status();
  EXPECT_EQ(v4->url, "http://192.168.0.1:8080/x");
  EXPECT_EQ(v4->registrable_domain, "192.168.0.1");
  absl::StatusOr<CanonicalUrl> v6 = Canonicalize("http://[2001:DB8::1]/x");
  ASSERT_TRUE(v6.ok()) << v6.status();
  EXPECT_EQ(v6->url, "http://[2001:db8::1]/x");
  EXPECT_EQ(v6->host, "2001:db8::1");
  EXPECT_EQ(v6->registrable_domain, "2001:db8::1");
}

TEST(CanonicalizeTest, IsIdempotent) {
  for (std::string_view url :
       {"https://ニュース.例え.jp/記事?a=1&utm_source=x#f", "http://Example.com:80/%7ea/../b?%41=1",
        "https://example.com/100%/x"}) {
    const std::string once = CanonicalOf(url);
    EXPECT_EQ(CanonicalOf(once), once);
  }
}

TEST(CanonicalizeTest, RejectsEmpty) { EXPECT_THAT(ErrorOf(""), HasSubstr("empty")); }

TEST(CanonicalizeTest, RejectsRelative) {
  EXPECT_THAT(ErrorOf("/news/1"), HasSubstr("relative"));
  EXPECT_THAT(ErrorOf("//example.com/news/1"), HasSubstr("relative"));
  EXPECT_THAT(ErrorOf("example.com/news"), HasSubstr("relative"));
}

TEST(CanonicalizeTest, RejectsOtherSchemes) {
  EXPECT_THAT(ErrorOf("ftp://example.com/file"), HasSubstr("\"ftp\" is not http or https"));
  EXPECT_THAT(ErrorOf("javascript:alert(1)"), HasSubstr("\"javascript\""));
  EXPECT_THAT(ErrorOf("mailto:a@example.com"), HasSubstr("\"mailto\""));
}

TEST(CanonicalizeTest, RejectsOverLongUrl) {
  const std::string url = "https://example.com/" + std::string(100, 'a');
  EXPECT_THAT(ErrorOf(url, {.max_length = 64}), HasSubstr("over the limit of 64 bytes"));
  EXPECT_TRUE(Canonicalize(url, {.max_length = 120}).ok());
}

TEST(CanonicalizeTest, RejectsWhitespaceAndControlCharacters) {
  EXPECT_THAT(ErrorOf("https://example.com/a b"), HasSubstr("whitespace"));
  EXPECT_THAT(ErrorOf(" https://example.com/"), HasSubstr("whitespace"));
  EXPECT_THAT(ErrorOf("https://example.com/\x01"), HasSubstr("control"));
  EXPECT_THAT(ErrorOf("https://example.com/a\nb"), HasSubstr("control"));
}

TEST(CanonicalizeTest, RejectsMalformedHost) {
  EXPECT_THAT(ErrorOf("https://exa<mple.com/"), HasSubstr("host"));
  EXPECT_THAT(ErrorOf("https://a..b.com/"), HasSubstr("host"));
  EXPECT_THAT(ErrorOf("https:///path"), HasSubstr("host"));
  EXPECT_THAT(ErrorOf("https://[::1/"), HasSubstr("host"));
}

TEST(CanonicalizeTest, RejectsMissingSlashesAndBadPort) {
  EXPECT_THAT(ErrorOf("https:example.com"), HasSubstr("malformed"));
  EXPECT_THAT(ErrorOf("https://example.com:99999/"), HasSubstr("port"));
  EXPECT_THAT(ErrorOf("https://example.com:abc/"), HasSubstr("port"));
}

TEST(CanonicalizeTest, ArbitraryInputIsCanonicalOrInvalidArgument) {
  const std::string_view pieces[] = {"http", "s",  "://",  "/",     "..", ".",  "%",   "2e", "%7E",
                                     "?",    "&",  "=",    "utm_x", "#",  "@",  ":",   "80", "[",
                                     "]",    "例", "xn--", "a",     "-",  "\\", "\xff"};
  uint32_t state = 3;
  for (int round = 0; round < 2000; ++round) {
    // Half of the inputs start like a valid URL so that their paths and queries are exercised.
    std::string url = round % 2 == 0 ? "https://news.example.com" : "";
    for (int i = 0; i < round % 16; ++i) {
      state = state * 1103515245u + 12345u;
      url += pieces[(state >> 16) % std::size(pieces)];
    }
    absl::StatusOr<CanonicalUrl> canonical = Canonicalize(url);
    if (!canonical.ok()) {
      EXPECT_EQ(canonical.status().code(), absl::StatusCode::kInvalidArgument) << url;
      continue;
    }
    EXPECT_TRUE(canonical->url.starts_with("http://") || canonical->url.starts_with("https://"))
        << url;
    absl::StatusOr<CanonicalUrl> again = Canonicalize(canonical->url);
    ASSERT_TRUE(again.ok()) << url << " -> " << canonical->url << ": " << again.status();
    EXPECT_EQ(again->url, canonical->url) << url;
  }
}

TEST(ResolveAndCanonicalizeTest, ResolvesRelativeReferences) {
  const std::string base = "https://news.example.com/world/2024/story.html?utm_source=x";
  auto resolve = [&](std::string_view reference) {
    absl::StatusOr<CanonicalUrl> resolved = ResolveAndCanonicalize(base, reference);
    EXPECT_TRUE(resolved.ok()) << reference << ": " << resolved.status();
    return resolved.ok() ? resolved->url : "";
  };
  EXPECT_EQ(resolve("/a"), "https://news.example.com/a");
  EXPECT_EQ(resolve("other.html"), "https://news.example.com/world/2024/other.html");
  EXPECT_EQ(resolve("../index.html?id=3"), "https://news.example.com/world/index.html?id=3");
  EXPECT_EQ(resolve("//cdn.example.net/x"), "https://cdn.example.net/x");
  EXPECT_EQ(resolve("  /trimmed  "), "https://news.example.com/trimmed");
  EXPECT_EQ(resolve("HTTP://Other.example.org/y#frag"), "http://other.example.org/y");
  EXPECT_EQ(resolve(""), "https://news.example.com/world/2024/story.html");
}

TEST(ResolveAndCanonicalizeTest, RejectsBadBaseOrReference) {
  EXPECT_FALSE(ResolveAndCanonicalize("/relative", "/a").ok());
  absl::StatusOr<CanonicalUrl> ftp =
      ResolveAndCanonicalize("https://example.com/", "ftp://example.com/x");
  ASSERT_FALSE(ftp.ok());
  EXPECT_THAT(ftp.status().message(), HasSubstr("ftp"));
}

TEST(RegistrableDomainTest, UsesPublicSuffixList) {
  EXPECT_EQ(RegistrableDomain("www.example.com"), "example.com");
  EXPECT_EQ(RegistrableDomain("a.b.example.co.jp"), "example.co.jp");
  EXPECT_EQ(RegistrableDomain("example.com"), "example.com");
}

TEST(RegistrableDomainTest, ReturnsHostWhenThereIsNone) {
  EXPECT_EQ(RegistrableDomain("co.uk"), "co.uk");
  EXPECT_EQ(RegistrableDomain("localhost"), "localhost");
  EXPECT_EQ(RegistrableDomain("10.0.0.1"), "10.0.0.1");
}

TEST(ArticleIdForTest, IsTruncatedSha256Hex) {
  // SHA-256("https://example.com/") starts with 0f115db062b7c0dd030b16878c99dea5.
  EXPECT_EQ(ArticleIdFor("https://example.com/"), "0f115db062b7c0dd030b16878c99dea5");
  EXPECT_EQ(ArticleIdFor("https://example.com/a").size(), 32u);
  EXPECT_NE(ArticleIdFor("https://example.com/a"), ArticleIdFor("https://example.com/b"));
}

}  // namespace
}  // namespace newsflow::url
