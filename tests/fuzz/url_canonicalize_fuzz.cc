// url::Canonicalize and url::ResolveAndCanonicalize on arbitrary bytes. A canonical URL
// canonicalizes to itself, is within the length limit, and its host and registrable domain are
// consistent. For resolution the input is split at the first newline into base and reference
// (no newline: the first byte gives the split position).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>
#include <absl/strings/match.h>

#include "newsflow/url/canonical_url.h"

#include "fuzz_check.h"

namespace {

namespace url = newsflow::url;

void CheckCanonical(const absl::StatusOr<url::CanonicalUrl>& result) {
  if (!result.ok()) {
    NEWSFLOW_FUZZ_CHECK(result.status().code() == absl::StatusCode::kInvalidArgument);
    return;
  }
  const url::CanonicalUrl& canonical = *result;
  NEWSFLOW_FUZZ_CHECK(absl::StartsWith(canonical.url, "http://") ||
                      absl::StartsWith(canonical.url, "https://"));
  NEWSFLOW_FUZZ_CHECK(canonical.url.find('#') == std::string::npos);
  NEWSFLOW_FUZZ_CHECK(!canonical.host.empty());
  NEWSFLOW_FUZZ_CHECK(absl::EndsWith(canonical.host, canonical.registrable_domain));
  const absl::StatusOr<url::CanonicalUrl> again = url::Canonicalize(canonical.url);
  if (!again.ok() || again->url != canonical.url) {
    std::fprintf(stderr, "canonical: %s\nagain:     %s\n", canonical.url.c_str(),
                 again.ok() ? again->url.c_str() : again.status().ToString().c_str());
  }
  NEWSFLOW_FUZZ_CHECK(again.ok());
  NEWSFLOW_FUZZ_CHECK(again->url == canonical.url);
  NEWSFLOW_FUZZ_CHECK(again->host == canonical.host);
  NEWSFLOW_FUZZ_CHECK(again->registrable_domain == canonical.registrable_domain);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckCanonical(url::Canonicalize(input));

  size_t split = input.find('\n');
  size_t skip = 1;
  if (split == std::string_view::npos) {
    split = size == 0 ? 0 : data[0] % size;
    skip = 0;
  }
  CheckCanonical(url::ResolveAndCanonicalize(input.substr(0, split), input.substr(split + skip)));
  return 0;
}
