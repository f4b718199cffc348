#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

namespace newsflow::ingest {

/// What a client may call.
enum class ClientAccess {
  kIngest,    ///< every method (Ingest, IngestStream)
  kReadOnly,  ///< no method that writes: authenticates, but ingesting is PERMISSION_DENIED
};

/// One line of the tokens file: `client_name token [ingest|read-only]`.
struct ClientToken {
  std::string client;
  std::string token;
  ClientAccess access = ClientAccess::kIngest;
};

/// Parses a tokens file: one `client_name token [access]` per line, `#` starts a comment, blank
/// lines are skipped. INVALID_ARGUMENT naming every bad line (wrong field count, unknown access,
/// token shorter than 16 characters, duplicate client or token, no token at all). The error text
/// never contains a token.
absl::StatusOr<std::vector<ClientToken>> ParseClientTokens(std::string_view text);

/// Reads and parses `path`. NOT_FOUND when it cannot be read; otherwise as ParseClientTokens().
absl::StatusOr<std::vector<ClientToken>> ReadClientTokensFile(const std::string& path);

/// SHA-256 of a token. Tokens are kept and compared only as digests, so comparing does not
/// depend on the token's length.
using TokenDigest = std::array<unsigned char, 32>;
TokenDigest DigestToken(std::string_view token);

/// Compares two digests in time independent of their contents (OpenSSL CRYPTO_memcmp).
bool ConstantTimeEquals(const TokenDigest& a, const TokenDigest& b);

/// The client a call was authenticated as.
struct AuthenticatedClient {
  std::string name;
  ClientAccess access = ClientAccess::kIngest;
};

/// Maps the `authorization` metadata of a call to a client. Pure (no gRPC types); immutable after
/// construction, so thread-safe.
class Authenticator {
 public:
  using DigestEquals = std::function<bool(const TokenDigest&, const TokenDigest&)>;

  /// `equals` is replaceable for tests only; it must be constant-time.
  explicit Authenticator(const std::vector<ClientToken>& tokens,
                         DigestEquals equals = ConstantTimeEquals);

  /// `authorization`: every value of the call's `authorization` metadata. UNAUTHENTICATED when
  /// it is missing, repeated, not `Bearer <token>`, or the token is unknown. Every known token is
  /// compared (no early exit), so the time taken does not reveal which client nearly matched.
  absl::StatusOr<AuthenticatedClient> Authenticate(
      const std::vector<std::string_view>& authorization) const;

  /// OK when `client` may call `method` ("Ingest", "IngestStream"); PERMISSION_DENIED otherwise.
  static absl::Status Authorize(const AuthenticatedClient& client, std::string_view method);

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    TokenDigest digest;
    AuthenticatedClient client;
  };
  std::vector<Entry> entries_;
  DigestEquals equals_;
};

}  // namespace newsflow::ingest
