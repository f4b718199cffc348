#include "newsflow/url/canonical_url.h"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <libpsl.h>
#include <unicode/uidna.h>

#include "newsflow/common/field_error.h"
#include "newsflow/dedup/hashing.h"

namespace newsflow::url {
namespace {

constexpr std::string_view kField = "url";

// Query parameters that only identify a campaign, click or referrer, never the document.
// Prefixes end with '_' and match any parameter starting with them.
constexpr std::array<std::string_view, 1> kTrackingPrefixes = {"utm_"};
constexpr std::array<std::string_view, 29> kTrackingParams = {
    "fbclid",       // Facebook
    "gclid",        // Google Ads
    "gclsrc",       // Google Ads
    "dclid",        // Google Display
    "gbraid",       // Google Ads (iOS)
    "wbraid",       // Google Ads (iOS)
    "msclkid",      // Microsoft Ads
    "mc_cid",       // Mailchimp campaign
    "mc_eid",       // Mailchimp recipient
    "igshid",       // Instagram share
    "yclid",        // Yandex
    "ysclid",       // Yandex
    "twclid",       // X/Twitter
    "ttclid",       // TikTok
    "li_fat_id",    // LinkedIn
    "_ga",          // Google Analytics cross-domain
    "_gl",          // Google Analytics cross-domain
    "_hsenc",       // HubSpot
    "_hsmi",        // HubSpot
    "mkt_tok",      // Marketo
    "ref_src",      // X/Twitter embeds
    "ref_url",      // X/Twitter embeds
    "spm",          // Alibaba
    "scm",          // Alibaba
    "oly_anon_id",  // Omeda
    "oly_enc_id",   // Omeda
    "vero_id",      // Vero
    "vero_conv",    // Vero
    "wickedid",     // Wicked Reports
};

struct CurlUrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

absl::Status UrlError(std::string_view description) {
  return common::InvalidField(kField, description);
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string AsciiLowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool IsUnreserved(unsigned char c) {
  return IsAsciiAlpha(static_cast<char>(c)) || IsAsciiDigit(static_cast<char>(c)) || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Characters that may not appear literally in a path or query (RFC 3986 plus non-ASCII).
bool MustEscape(unsigned char c) {
  return c >= 0x80 || c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' ||
         c == '^' || c == '`' || c == '{' || c == '|' || c == '}';
}

void AppendEscaped(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xF]);
}

// Normalizes percent-encoding (RFC 3986 6.2.2): escapes of unreserved characters are decoded,
// other escapes get uppercase hex, a '%' that starts no escape and characters not allowed
// literally are escaped. Written by hand because libcurl can only escape or unescape a whole
// string, which would change the meaning of escaped delimiters such as %2F or %26.
std::string NormalizePercentEncoding(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      const int high = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      const int low = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (high < 0 || low < 0) {
        AppendEscaped(out, '%');
        continue;
      }
      const auto decoded = static_cast<unsigned char>(high * 16 + low);
      if (IsUnreserved(decoded)) {
        out.push_back(static_cast<char>(decoded));
      } else {
        AppendEscaped(out, decoded);
      }
      i += 2;
    } else if (MustEscape(c)) {
      AppendEscaped(out, c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

bool IsTrackingParam(std::string_view name) {
  const std::string lower = AsciiLowerCopy(name);
  for (std::string_view prefix : kTrackingPrefixes) {
    if (lower.size() > prefix.size() && lower.compare(0, prefix.size(), prefix) == 0) return true;
  }
  for (std::string_view param : kTrackingParams) {
    if (lower == param) return true;
  }
  return false;
}

// Drops tracking and empty parameters, keeping the others in their original order.
std::string CleanQuery(std::string_view query) {
  std::string out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view param = query.substr(start, end - start);
    const std::string_view name = param.substr(0, param.find('='));
    if (!param.empty() && !IsTrackingParam(name)) {
      if (!out.empty()) out.push_back('&');
      out.append(param);
    }
    start = end + 1;
  }
  return out;
}

std::optional<std::string> GetPart(CURLU* handle, CURLUPart part, unsigned int flags = 0) {
  char* value = nullptr;
  if (curl_url_get(handle, part, &value, flags) != CURLUE_OK || value == nullptr) {
    return std::nullopt;
  }
  std::string out(value);
  curl_free(value);
  return out;
}

std::string CurlErrorDescription(CURLUcode code) {
  switch (code) {
    case CURLUE_BAD_HOSTNAME:
    case CURLUE_BAD_IPV6:
      return "malformed host";
    case CURLUE_NO_HOST:
      return "has no host";
    case CURLUE_BAD_PORT_NUMBER:
      return "invalid port number";
    case CURLUE_BAD_LOGIN:
    case CURLUE_BAD_USER:
    case CURLUE_BAD_PASSWORD:
      return "malformed user information";
    default:
      return fmt::format("malformed: {}", curl_url_strerror(code));
  }
}

// Removes "." and ".." segments (RFC 3986 5.2.4) with libcurl's own implementation.
std::string RemoveDotSegments(const std::string& path) {
  CurlUrl handle(curl_url());
  if (handle == nullptr) return path;
  const std::string url = "http://h" + path;
  if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return path;
  return GetPart(handle.get(), CURLUPART_PATH).value_or(path);
}

bool IsDotSegmentPath(std::string_view path) {
  return path.find("/./") != std::string_view::npos ||
         path.find("/../") != std::string_view::npos || path.ends_with("/.") ||
         path.ends_with("/..");
}

const UIDNA* Idna() {
  static const UIDNA* const idna = [] {
    UErrorCode status = U_ZERO_ERROR;
    UIDNA* instance = uidna_openUTS46(
        UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ, &status);
    return U_SUCCESS(status) ? instance : nullptr;
  }();
  return idna;
}

bool IsIpv4(const std::string& host) {
  in_addr address{};
  return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

// Lowercase ASCII (punycode) form of a DNS host, or nullopt when it is not a valid name.
std::optional<std::string> HostToAscii(std::string host) {
  if (!host.empty() && host.back() == '.') host.pop_back();  // absolute form names the same host
  if (host.empty() || host.size() > 253 || host.back() == '.') return std::nullopt;
  const UIDNA* idna = Idna();
  if (idna == nullptr) return std::nullopt;
  std::string ascii(host.size() * 4 + 64, '\0');
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length =
      uidna_nameToASCII_UTF8(idna, host.data(), static_cast<int32_t>(host.size()), ascii.data(),
                             static_cast<int32_t>(ascii.size()), &info, &status);
  if (U_FAILURE(status) || info.errors != 0) return std::nullopt;
  ascii.resize(static_cast<size_t>(length));
  if (ascii.empty() || ascii.size() > 253) return std::nullopt;
  for (char c : ascii) {
    if (!(IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '-' || c == '.' || c == '_')) {
      return std::nullopt;
    }
  }
  return AsciiLowerCopy(ascii);
}

// libcurl reads a numeric host ("192", "0x7f.1") as IPv4 and writes it as a dotted quad, but not
// when it reaches libcurl as "192." (absolute form) or as full-width digits that IDNA maps to
// ASCII ones. Such a DNS-looking host is given to libcurl once more, so that the canonical URL is
// what a second Canonicalize() of it produces (found by tests/fuzz/url_canonicalize_fuzz).
std::string AsIpv4IfNumeric(const std::string& ascii_host) {
  const bool numeric_like =
      !ascii_host.empty() && IsAsciiDigit(ascii_host.front()) &&
      std::all_of(ascii_host.begin(), ascii_host.end(), [](char c) {
        return IsAsciiDigit(c) || c == '.' || c == 'x' || (c >= 'a' && c <= 'f');
      });
  if (!numeric_like) return ascii_host;
  CurlUrl handle(curl_url());
  if (handle == nullptr) return ascii_host;
  const std::string url = "http://" + ascii_host + "/";
  if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return ascii_host;
  std::optional<std::string> host = GetPart(handle.get(), CURLUPART_HOST);
  return host && IsIpv4(*host) ? *std::move(host) : ascii_host;
}

// Length of the RFC 3986 scheme at the start of `url` (without ':'), or 0 when there is none.
size_t SchemeLength(std::string_view url) {
  if (url.empty() || !IsAsciiAlpha(url[0])) return 0;
  for (size_t i = 1; i < url.size(); ++i) {
    const char c = url[i];
    if (c == ':') return i;
    if (!(IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.')) return 0;
  }
  return 0;
}

const psl_ctx_t* Psl() {
  // The system's list (kept current by the publicsuffix package) when present, else the copy
  // built into libpsl. Loaded once and kept for the life of the process.
  static const psl_ctx_t* const psl = [] {
    const psl_ctx_t* latest = psl_latest(nullptr);
    return latest != nullptr ? latest : psl_builtin();
  }();
  return psl;
}

}  // namespace

absl::StatusOr<CanonicalUrl> Canonicalize(std::string_view url, const UrlLimits& limits) {
  if (url.empty()) return UrlError("is empty");
  if (url.size() > limits.max_length) {
    return UrlError(
        fmt::format("is {} bytes, over the limit of {} bytes", url.size(), limits.max_length));
  }
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return UrlError("contains whitespace or control characters");
  }
  const size_t scheme_length = SchemeLength(url);
  if (scheme_length == 0) {
    return UrlError("is relative; an absolute http or https URL is required");
  }
  const std::string scheme = AsciiLowerCopy(url.substr(0, scheme_length));
  if (scheme != "http" && scheme != "https") {
    return UrlError(fmt::format("scheme \"{}\" is not http or https", scheme));
  }
  if (url.substr(scheme_length + 1, 2) != "//") {
    return UrlError("malformed: \"//\" and a host must follow the scheme");
  }
  if (url.size() == scheme_length + 3 || url[scheme_length + 3] == '/' ||
      url[scheme_length + 3] == '?' || url[scheme_length + 3] == '#') {
    return UrlError("has no host");
  }

  CurlUrl handle(curl_url());
  if (handle == nullptr) return absl::ResourceExhaustedError("curl_url: out of memory");
  const std::string input(url);
  if (CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, input.c_str(), 0);
      code != CURLUE_OK) {
    return UrlError(CurlErrorDescription(code));
  }

  CanonicalUrl result;
  std::optional<std::string> raw_host = GetPart(handle.get(), CURLUPART_HOST);
  if (!raw_host || raw_host->empty()) return UrlError("has no host");
  std::string host_in_url;
  if (raw_host->front() == '[') {
    host_in_url = AsciiLowerCopy(*raw_host);  // IPv6 literal, validated by libcurl
    result.host = host_in_url.substr(1, host_in_url.size() - 2);
  } else if (IsIpv4(*raw_host)) {
    host_in_url = result.host = *raw_host;
  } else {
    std::optional<std::string> ascii = HostToAscii(*raw_host);
    if (!ascii) {
      return UrlError(fmt::format("malformed host \"{}\"", *raw_host));
    }
    host_in_url = result.host = AsIpv4IfNumeric(*ascii);
  }

  std::string path = NormalizePercentEncoding(GetPart(handle.get(), CURLUPART_PATH).value_or(""));
  if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
  // Escapes of '.' decoded above can form new dot segments.
  if (IsDotSegmentPath(path)) path = RemoveDotSegments(path);

  std::string query;
  if (std::optional<std::string> raw_query = GetPart(handle.get(), CURLUPART_QUERY)) {
    query = CleanQuery(NormalizePercentEncoding(*raw_query));
  }

  result.url = scheme + "://" + host_in_url;
  if (std::optional<std::string> port =
          GetPart(handle.get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT)) {
    result.url += ":" + *port;
  }
  result.url += path;
  if (!query.empty()) result.url += "?" + query;
  result.registrable_domain = RegistrableDomain(result.host);
  return result;
}

absl::StatusOr<CanonicalUrl> ResolveAndCanonicalize(std::string_view base,
                                                    std::string_view reference,
                                                    const UrlLimits& limits) {
  absl::StatusOr<CanonicalUrl> canonical_base = Canonicalize(base, limits);
  if (!canonical_base.ok()) return canonical_base.status();

  // Attribute values may carry surrounding whitespace and embedded tabs or newlines, which
  // browsers ignore (WHATWG URL parser).
  std::string href;
  href.reserve(reference.size());
  for (char c : reference) {
    if (c != '\t' && c != '\n' && c != '\r') href.push_back(c);
  }
  const auto is_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!href.empty() && is_space(href.back())) href.pop_back();
  size_t first = 0;
  while (first < href.size() && is_space(href[first])) ++first;
  href.erase(0, first);

  if (href.empty()) return canonical_base;
  if (SchemeLength(href) != 0) return Canonicalize(href, limits);
  if (href.size() > limits.max_length) return Canonicalize(href, limits);

  CurlUrl handle(curl_url());
  if (handle == nullptr) return absl::ResourceExhaustedError("curl_url: out of memory");
  if (CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, canonical_base->url.c_str(), 0);
      code != CURLUE_OK) {
    return UrlError(CurlErrorDescription(code));
  }
  if (CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, href.c_str(), 0);
      code != CURLUE_OK) {
    return UrlError(CurlErrorDescription(code));
  }
  std::optional<std::string> resolved = GetPart(handle.get(), CURLUPART_URL);
  if (!resolved) return UrlError("cannot be resolved against the page URL");
  return Canonicalize(*resolved, limits);
}

std::string RegistrableDomain(std::string_view host) {
  std::string name(host);
  if (name.empty()) return name;
  if (name.front() == '[' || name.find(':') != std::string::npos || IsIpv4(name)) return name;
  const psl_ctx_t* psl = Psl();
  if (psl == nullptr) return name;
  const char* domain = psl_registrable_domain(psl, name.c_str());
  return domain == nullptr ? name : std::string(domain);
}

std::string ArticleIdFor(std::string_view canonical_url) {
  const std::array<uint8_t, 32> digest = dedup::Sha256(canonical_url);
  return dedup::ToHex(digest.data(), 16);
}

}  // namespace newsflow::url
