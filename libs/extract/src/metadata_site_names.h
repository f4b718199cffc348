#pragma once

#include <string>
#include <string_view>

// The site's identity as titles and bylines write it: domain names, and keys of the site's
// and its host's name that compare "El Colombiano" with elcolombiano.com.

namespace newsflow::extract::internal {

/// A domain name: "finanztreff.de", "www.example.com".
bool IsDomainName(std::string_view text);

/// The letters and digits of `text`, lowercased, without spaces and marks: "El Colombiano" and
/// "elcolombiano" have the same key. Bytes outside ASCII are kept as they are.
std::string SiteKey(std::string_view text);

/// The key of the name a host is registered under: "https://www.el-colombiano.com/x" ->
/// "elcolombiano" (without "www." and the top-level domain).
std::string HostKey(std::string_view address);

}  // namespace newsflow::extract::internal
