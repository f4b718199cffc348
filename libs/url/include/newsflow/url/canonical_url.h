#pragma once

#include <string>
#include <string_view>

#include <absl/status/statusor.h>

namespace newsflow::url {

struct CanonicalUrl {
  /// Canonical form: lowercase scheme and host (IDNA/punycode), no default port, no fragment,
  /// no userinfo, tracking parameters removed (utm_*, fbclid, gclid, ...), remaining query
  /// parameters in their original order, path percent-encoding normalized, empty path = "/".
  std::string url;
  /// Lowercase host, IDNA form.
  std::string host;
  /// Registrable domain (public suffix + one label) via libpsl; the host itself for IPs
  /// and hosts that are a public suffix.
  std::string registrable_domain;
};

struct UrlLimits {
  size_t max_length = 4096;
};

/// Parses and canonicalizes an absolute http(s) URL. Returns INVALID_ARGUMENT (field "url")
/// for an empty, relative, non-http(s), malformed or over-long URL. Thread-safe.
absl::StatusOr<CanonicalUrl> Canonicalize(std::string_view url, const UrlLimits& limits = {});

/// Resolves `reference` (e.g. a <link rel=canonical> href, possibly relative) against the
/// absolute `base` URL and canonicalizes the result. Thread-safe.
absl::StatusOr<CanonicalUrl> ResolveAndCanonicalize(std::string_view base,
                                                    std::string_view reference,
                                                    const UrlLimits& limits = {});

/// Registrable domain of a lowercase host via libpsl (the host itself when it has none).
std::string RegistrableDomain(std::string_view host);

/// Stable article id: lowercase hex of the first 16 bytes of SHA-256 over the canonical URL.
std::string ArticleIdFor(std::string_view canonical_url);

}  // namespace newsflow::url
