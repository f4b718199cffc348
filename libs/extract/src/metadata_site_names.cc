#include "metadata_site_names.h"

#include <string>

#include "utf8_util.h"

namespace newsflow::extract::internal {
bool IsDomainName(std::string_view text) {
  const std::string lower = AsciiLower(TrimSpace(text));
  const size_t dot = lower.rfind('.');
  if (lower.find(' ') != std::string::npos || dot == std::string::npos || dot == 0 ||
      dot + 3 > lower.size()) {
    return false;
  }
  for (char c : lower.substr(dot + 1)) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

std::string SiteKey(std::string_view text) {
  std::string key;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9')) {
      key.push_back(c);
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      key.push_back(static_cast<char>(c | 0x20));
    }
  }
  return key;
}

std::string HostKey(std::string_view address) {
  const size_t scheme = address.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view host = address.substr(scheme + 3);
  host = host.substr(0, host.find_first_of("/?#:"));
  if (host.starts_with("www.")) host.remove_prefix(4);
  const size_t dot = host.rfind('.');
  if (dot == std::string_view::npos) return "";
  host = host.substr(0, dot);
  const size_t inner = host.rfind('.');  // "blog.example" -> "example"
  if (inner != std::string_view::npos) host = host.substr(inner + 1);
  return SiteKey(host);
}

}  // namespace newsflow::extract::internal
