#include "normalize.h"

#include <algorithm>
#include <string>

#include <absl/time/time.h>
#include <fmt/format.h>

#include "newsflow/common/field_error.h"
#include "newsflow/dedup/hashing.h"
#include "newsflow/extract/page.h"
#include "newsflow/text/normalize.h"
#include "newsflow/url/canonical_url.h"

namespace newsflow::ingest {
namespace {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp ts;
  const int64_t micros = absl::ToUnixMicros(time);
  ts.set_seconds(micros / 1'000'000);
  ts.set_nanos(static_cast<int32_t>((micros % 1'000'000) * 1000));
  return ts;
}

absl::Status CheckHint(std::string_view field, const std::string& value,
                       const NormalizeLimits& limits) {
  if (value.size() > limits.max_hint_bytes) {
    return common::InvalidField(field, fmt::format("longer than {} bytes", limits.max_hint_bytes));
  }
  if (!text::IsValidUtf8(value)) return common::InvalidField(field, "not valid UTF-8");
  return absl::OkStatus();
}

// A <link rel=canonical> is trusted only within the page's own registrable domain: otherwise
// any page could claim another site's article id and overwrite its record.
url::CanonicalUrl ChooseCanonical(const url::CanonicalUrl& fetched, const std::string& href,
                                  const NormalizeLimits& limits) {
  if (href.empty()) return fetched;
  absl::StatusOr<url::CanonicalUrl> declared =
      url::ResolveAndCanonicalize(fetched.url, href, {.max_length = limits.max_url_bytes});
  if (!declared.ok() || declared->registrable_domain != fetched.registrable_domain) return fetched;
  return *std::move(declared);
}

// The crawl day (never later than now: crawl_time comes from the client) plus a day for time
// zones, as "YYYY-MM-DD": a page cannot have been published after it was fetched.
std::string LatestPlausibleDate(const v1::RawArticle& raw, absl::Time now) {
  absl::Time crawled = now;
  if (raw.has_crawl_time()) {
    crawled = std::min(now, absl::FromUnixSeconds(raw.crawl_time().seconds()));
  }
  return absl::FormatTime("%Y-%m-%d", crawled + absl::Hours(24), absl::UTCTimeZone());
}

}  // namespace

absl::StatusOr<v1::NormalizedArticle> NormalizeArticle(const v1::RawArticle& raw,
                                                       const NormalizeLimits& limits,
                                                       absl::Time now) {
  if (raw.url().empty()) return common::InvalidField("article.url", "required");
  absl::StatusOr<url::CanonicalUrl> fetched =
      url::Canonicalize(raw.url(), {.max_length = limits.max_url_bytes});
  if (!fetched.ok()) return common::PrefixFields(fetched.status(), "article.");

  if (raw.body().empty()) return common::InvalidField("article.body", "required, got 0 bytes");
  if (raw.body().size() > limits.max_body_bytes) {
    return common::InvalidField(
        "article.body", fmt::format("{} bytes exceeds the limit of {} bytes", raw.body().size(),
                                    limits.max_body_bytes));
  }
  extract::PageFormat format;
  switch (raw.content_type()) {
    case v1::CONTENT_TYPE_HTML:
      format = extract::PageFormat::kHtml;
      break;
    case v1::CONTENT_TYPE_TEXT:
      format = extract::PageFormat::kText;
      break;
    default:
      return common::InvalidField("article.content_type",
                                  "must be CONTENT_TYPE_HTML or CONTENT_TYPE_TEXT");
  }
  if (absl::Status s = CheckHint("article.charset", raw.charset(), limits); !s.ok()) return s;
  if (absl::Status s = CheckHint("article.title_hint", raw.title_hint(), limits); !s.ok()) return s;
  if (absl::Status s = CheckHint("article.source_hint", raw.source_hint(), limits); !s.ok()) {
    return s;
  }

  const std::string latest_date = LatestPlausibleDate(raw, now);
  absl::StatusOr<extract::ExtractedPage> page =
      extract::ExtractPage({.bytes = raw.body(), .format = format, .charset_hint = raw.charset()},
                           {.url = raw.url(), .latest_date = latest_date});
  if (!page.ok()) return common::PrefixFields(page.status(), "article.");

  url::CanonicalUrl canonical = ChooseCanonical(*fetched, page->canonical_href, limits);

  v1::NormalizedArticle article;
  article.set_article_id(url::ArticleIdFor(canonical.url));
  article.set_url(raw.url());
  article.set_canonical_url(canonical.url);
  article.set_host(canonical.host);
  article.set_registrable_domain(canonical.registrable_domain);
  article.set_title(!page->title.empty() ? page->title : text::NormalizeText(raw.title_hint()));
  article.set_text_length(static_cast<uint32_t>(text::CountCodePoints(page->text)));
  article.set_content_hash(dedup::ContentHash(page->text));
  article.set_simhash(dedup::SimHash(page->text));
  article.set_source_charset(page->source_charset);
  article.set_content_type(raw.content_type());
  *article.mutable_crawl_time() = raw.has_crawl_time() ? raw.crawl_time() : ToTimestamp(now);
  *article.mutable_ingest_time() = ToTimestamp(now);
  article.set_source_hint(raw.source_hint());

  v1::PageMetadata* metadata = article.mutable_metadata();
  for (std::string& author : page->authors) metadata->add_authors(std::move(author));
  metadata->set_published_date(page->published_date);
  metadata->set_modified_date(page->modified_date);
  metadata->set_site_name(page->site_name);
  metadata->set_language_hint(page->language_hint);
  metadata->set_description(page->description);
  metadata->set_dateline(page->dateline);
  for (std::string& credit : page->credits) metadata->add_credits(std::move(credit));
  article.set_text(std::move(page->text));
  return article;
}

}  // namespace newsflow::ingest
