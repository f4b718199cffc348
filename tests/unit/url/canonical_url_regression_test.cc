// Inputs found by tests/fuzz/url_canonicalize_fuzz, kept as regression tests.
#include <string_view>

#include <gtest/gtest.h>

#include "newsflow/url/canonical_url.h"

namespace newsflow::url {
namespace {

// Canonicalize() of a canonical URL must return the same URL.
void ExpectFixedPoint(std::string_view input) {
  absl::StatusOr<CanonicalUrl> first = Canonicalize(input);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<CanonicalUrl> second = Canonicalize(first->url);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->url, first->url);
  EXPECT_EQ(second->host, first->host);
  EXPECT_EQ(second->registrable_domain, first->registrable_domain);
}

TEST(CanonicalUrlRegressionTest, NumericHostWithTrailingDotIsCanonicalizedAsIpv4) {
  // "192." was kept as the DNS name "192", which libcurl reads as 0.0.0.192 the next time.
  ExpectFixedPoint("http://192.#6840h1:8080/path%7e%41");
  absl::StatusOr<CanonicalUrl> canonical = Canonicalize("http://192./a");
  ASSERT_TRUE(canonical.ok()) << canonical.status();
  EXPECT_EQ(canonical->url, "http://0.0.0.192/a");
  EXPECT_EQ(canonical->host, "0.0.0.192");
}

TEST(CanonicalUrlRegressionTest, FullWidthDigitsHostIsCanonicalizedAsIpv4) {
  ExpectFixedPoint("http://\xef\xbc\x91\xef\xbc\x99\xef\xbc\x92.168.0.1/");  // "１９２.168.0.1"
}

TEST(CanonicalUrlRegressionTest, NamesThatOnlyLookHexStayNames) {
  absl::StatusOr<CanonicalUrl> canonical = Canonicalize("https://1a.example.com./");
  ASSERT_TRUE(canonical.ok()) << canonical.status();
  EXPECT_EQ(canonical->host, "1a.example.com");
  ExpectFixedPoint("https://1a.example.com./");
}

}  // namespace
}  // namespace newsflow::url
