#include "auth.h"

#include <gtest/gtest.h>

namespace newsflow::ingest {
namespace {

const std::vector<ClientToken> kTokens = {
    {.client = "crawler-a", .token = "aaaaaaaaaaaaaaaaaaaaaaaa"},
    {.client = "crawler-b", .token = "bbbbbbbbbbbbbbbbbbbbbbbb"},
    {.client = "dashboard", .token = "cccccccccccccccccccccccc", .access = ClientAccess::kReadOnly},
};

absl::StatusOr<AuthenticatedClient> AuthenticateWith(const Authenticator& authenticator,
                                                     std::vector<std::string_view> values) {
  return authenticator.Authenticate(values);
}

TEST(AuthenticatorTest, MapsValidBearerTokenToItsClient) {
  Authenticator authenticator(kTokens);
  absl::StatusOr<AuthenticatedClient> client =
      AuthenticateWith(authenticator, {"Bearer bbbbbbbbbbbbbbbbbbbbbbbb"});
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_EQ(client->name, "crawler-b");
  EXPECT_EQ(client->access, ClientAccess::kIngest);
}

TEST(AuthenticatorTest, AcceptsSchemeInAnyCase) {
  Authenticator authenticator(kTokens);
  EXPECT_TRUE(AuthenticateWith(authenticator, {"bearer aaaaaaaaaaaaaaaaaaaaaaaa"}).ok());
  EXPECT_TRUE(AuthenticateWith(authenticator, {"BEARER aaaaaaaaaaaaaaaaaaaaaaaa"}).ok());
}

TEST(AuthenticatorTest, MissingHeaderIsUnauthenticated) {
  Authenticator authenticator(kTokens);
  EXPECT_EQ(AuthenticateWith(authenticator, {}).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(AuthenticatorTest, RepeatedHeaderIsUnauthenticated) {
  Authenticator authenticator(kTokens);
  EXPECT_EQ(AuthenticateWith(authenticator,
                             {"Bearer aaaaaaaaaaaaaaaaaaaaaaaa", "Bearer bbbbbbbbbbbbbbbbbbbbbbbb"})
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(AuthenticatorTest, WrongSchemeOrMalformedValueIsUnauthenticated) {
  Authenticator authenticator(kTokens);
  for (std::string_view value :
       {"Basic aaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaa", "Bearer", "Bearer ",
        "Bearer  ", "Bearer aaaaaaaaaaaa aaaaaaaaaaaa", "Beareraaaaaaaaaaaaaaaaaaaaaaaa"}) {
    absl::StatusOr<AuthenticatedClient> client = AuthenticateWith(authenticator, {value});
    EXPECT_EQ(client.status().code(), absl::StatusCode::kUnauthenticated) << value;
  }
}

TEST(AuthenticatorTest, WrongTokenIsUnauthenticatedWithoutEchoingIt) {
  Authenticator authenticator(kTokens);
  absl::StatusOr<AuthenticatedClient> client =
      AuthenticateWith(authenticator, {"Bearer aaaaaaaaaaaaaaaaaaaaaaab"});
  EXPECT_EQ(client.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(client.status().message().find("aaaaaaaa"), std::string_view::npos);
}

TEST(AuthenticatorTest, TokenOfAnotherClientAuthenticatesAsThatClientOnly) {
  // A crawler holding crawler-a's token is crawler-a: tokens, not names, identify clients.
  Authenticator authenticator(kTokens);
  absl::StatusOr<AuthenticatedClient> client =
      AuthenticateWith(authenticator, {"Bearer aaaaaaaaaaaaaaaaaaaaaaaa"});
  ASSERT_TRUE(client.ok());
  EXPECT_NE(client->name, "crawler-b");
  EXPECT_EQ(client->name, "crawler-a");
}

TEST(AuthenticatorTest, ComparesEveryTokenWithTheInjectedConstantTimeCompare) {
  int compares = 0;
  Authenticator authenticator(kTokens, [&compares](const TokenDigest& a, const TokenDigest& b) {
    ++compares;
    return ConstantTimeEquals(a, b);
  });
  // The first entry matches; the others are compared anyway (no early exit).
  ASSERT_TRUE(AuthenticateWith(authenticator, {"Bearer aaaaaaaaaaaaaaaaaaaaaaaa"}).ok());
  EXPECT_EQ(compares, 3);
  compares = 0;
  EXPECT_FALSE(AuthenticateWith(authenticator, {"Bearer zzzzzzzzzzzzzzzzzzzzzzzz"}).ok());
  EXPECT_EQ(compares, 3);
}

TEST(AuthenticatorTest, ConstantTimeEqualsComparesDigests) {
  EXPECT_TRUE(ConstantTimeEquals(DigestToken("abc"), DigestToken("abc")));
  EXPECT_FALSE(ConstantTimeEquals(DigestToken("abc"), DigestToken("abd")));
  // Digests have one length whatever the token's, so a prefix is not a match.
  EXPECT_FALSE(ConstantTimeEquals(DigestToken("abc"), DigestToken("ab")));
}

TEST(AuthenticatorTest, ReadOnlyClientMayNotIngest) {
  Authenticator authenticator(kTokens);
  absl::StatusOr<AuthenticatedClient> client =
      AuthenticateWith(authenticator, {"Bearer cccccccccccccccccccccccc"});
  ASSERT_TRUE(client.ok());
  EXPECT_EQ(Authenticator::Authorize(*client, "Ingest").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Authenticator::Authorize(*client, "IngestStream").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Authenticator::Authorize({.name = "crawler-a"}, "IngestStream").ok());
}

TEST(ParseClientTokensTest, ReadsNamesTokensAccessAndSkipsComments) {
  absl::StatusOr<std::vector<ClientToken>> tokens = ParseClientTokens(
      "# crawlers\n"
      "crawler-a  aaaaaaaaaaaaaaaaaaaaaaaa\n"
      "\n"
      "crawler-b\tbbbbbbbbbbbbbbbbbbbbbbbb ingest  # night shift\r\n"
      "dashboard cccccccccccccccccccccccc read-only\n");
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  ASSERT_EQ(tokens->size(), 3u);
  EXPECT_EQ((*tokens)[0].client, "crawler-a");
  EXPECT_EQ((*tokens)[0].token, "aaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_EQ((*tokens)[1].access, ClientAccess::kIngest);
  EXPECT_EQ((*tokens)[2].access, ClientAccess::kReadOnly);
}

TEST(ParseClientTokensTest, ReportsEveryBadLineWithoutTheTokens) {
  absl::StatusOr<std::vector<ClientToken>> tokens = ParseClientTokens(
      "lonely\n"
      "short shortsecret\n"
      "a aaaaaaaaaaaaaaaaaaaaaaaa admin\n"
      "b bbbbbbbbbbbbbbbbbbbbbbbb\n"
      "b bbbbbbbbbbbbbbbbbbbbbbbc\n"
      "c bbbbbbbbbbbbbbbbbbbbbbbb\n");
  ASSERT_EQ(tokens.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(tokens.status().message());
  for (std::string_view line : {"line 1", "line 2", "line 3", "line 5", "line 6"}) {
    EXPECT_NE(message.find(line), std::string::npos) << line << " in " << message;
  }
  EXPECT_EQ(message.find("line 4"), std::string::npos) << message;
  EXPECT_EQ(message.find("shortsecret"), std::string::npos) << message;
  EXPECT_EQ(message.find("bbbbbbbb"), std::string::npos) << message;
}

TEST(ParseClientTokensTest, NoTokensIsAnError) {
  EXPECT_EQ(ParseClientTokens("# nobody yet\n").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ParseClientTokensTest, UnreadableFileIsNotFound) {
  EXPECT_EQ(ReadClientTokensFile("/nonexistent/newsflow-tokens").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace newsflow::ingest
