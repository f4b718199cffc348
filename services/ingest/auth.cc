#include "auth.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <absl/strings/str_join.h>

namespace newsflow::ingest {
namespace {

// Shorter tokens can be guessed online; 16 characters of a random base64 string are 96 bits.
constexpr size_t kMinTokenLength = 16;

// Debian's Abseil has its own string_view, so its split helpers do not take std::string_view.
std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t pos = 0;
  while (true) {
    pos = line.find_first_not_of(" \t\r", pos);
    if (pos == std::string_view::npos) break;
    const size_t end = std::min(line.find_first_of(" \t\r", pos), line.size());
    fields.push_back(line.substr(pos, end - pos));
    pos = end;
  }
  return fields;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<ClientToken>> ParseClientTokens(std::string_view text) {
  std::vector<ClientToken> tokens;
  std::vector<std::string> errors;
  std::set<std::string> clients;
  std::set<TokenDigest> digests;
  int line_number = 0;
  for (size_t start = 0; start <= text.size();) {
    const size_t newline = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, newline - start);
    start = newline + 1;
    ++line_number;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    const std::vector<std::string_view> fields = SplitFields(line);
    if (fields.empty()) continue;
    const std::string where = "line " + std::to_string(line_number);
    if (fields.size() < 2 || fields.size() > 3) {
      errors.push_back(where + ": expected `client_name token [ingest|read-only]`");
      continue;
    }
    ClientToken entry{.client = std::string(fields[0]), .token = std::string(fields[1])};
    if (fields.size() == 3) {
      if (fields[2] == "ingest") {
        entry.access = ClientAccess::kIngest;
      } else if (fields[2] == "read-only") {
        entry.access = ClientAccess::kReadOnly;
      } else {
        errors.push_back(where + ": access must be ingest or read-only");
        continue;
      }
    }
    if (entry.token.size() < kMinTokenLength) {
      errors.push_back(where + ": token of " + entry.client + " is shorter than " +
                       std::to_string(kMinTokenLength) + " characters");
      continue;
    }
    if (!clients.insert(entry.client).second) {
      errors.push_back(where + ": client " + entry.client + " listed twice");
      continue;
    }
    // Two clients with one token could not be told apart.
    if (!digests.insert(DigestToken(entry.token)).second) {
      errors.push_back(where + ": token of " + entry.client + " is also another client's token");
      continue;
    }
    tokens.push_back(std::move(entry));
  }
  if (errors.empty() && tokens.empty()) errors.push_back("no client tokens");
  if (!errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(errors, "; "));
  return tokens;
}

absl::StatusOr<std::vector<ClientToken>> ReadClientTokensFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<ClientToken>> tokens = ParseClientTokens(text.str());
  if (!tokens.ok()) {
    return absl::InvalidArgumentError(path + ": " + std::string(tokens.status().message()));
  }
  return tokens;
}

TokenDigest DigestToken(std::string_view token) {
  TokenDigest digest;
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
  return digest;
}

bool ConstantTimeEquals(const TokenDigest& a, const TokenDigest& b) {
  // memcmp or operator== stops at the first differing byte, which lets a remote caller find a
  // token byte by byte from response times; CRYPTO_memcmp always reads every byte.
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Authenticator::Authenticator(const std::vector<ClientToken>& tokens, DigestEquals equals)
    : equals_(std::move(equals)) {
  entries_.reserve(tokens.size());
  for (const ClientToken& token : tokens) {
    entries_.push_back(
        {.digest = DigestToken(token.token),
         .client = AuthenticatedClient{.name = token.client, .access = token.access}});
  }
}

absl::StatusOr<AuthenticatedClient> Authenticator::Authenticate(
    const std::vector<std::string_view>& authorization) const {
  if (authorization.empty()) {
    return absl::UnauthenticatedError("missing authorization metadata (Bearer token)");
  }
  if (authorization.size() > 1) {
    return absl::UnauthenticatedError("more than one authorization metadata value");
  }
  // RFC 7235: the scheme is case-insensitive; RFC 6750: one space, then the token.
  constexpr std::string_view kScheme = "bearer ";
  const std::string_view value = authorization.front();
  if (value.size() <= kScheme.size() || !StartsWithIgnoreCase(value, kScheme)) {
    return absl::UnauthenticatedError("authorization metadata is not `Bearer <token>`");
  }
  const std::vector<std::string_view> token_fields = SplitFields(value.substr(kScheme.size()));
  if (token_fields.size() != 1) {
    return absl::UnauthenticatedError("authorization metadata is not `Bearer <token>`");
  }
  const TokenDigest presented = DigestToken(token_fields.front());
  const Entry* match = nullptr;
  for (const Entry& entry : entries_) {
    // No break: every entry is compared whatever matched, so timing reveals nothing.
    if (equals_(entry.digest, presented)) match = &entry;
  }
  if (match == nullptr) return absl::UnauthenticatedError("unknown token");
  return match->client;
}

absl::Status Authenticator::Authorize(const AuthenticatedClient& client, std::string_view method) {
  switch (client.access) {
    case ClientAccess::kIngest:
      return absl::OkStatus();
    case ClientAccess::kReadOnly:
      return absl::PermissionDeniedError("client " + client.name +
                                         " is read-only and may not call " + std::string(method));
  }
  return absl::PermissionDeniedError("unknown access");
}

}  // namespace newsflow::ingest
