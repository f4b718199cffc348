#pragma once

#include <string>
#include <string_view>

#include <absl/status/statusor.h>

namespace newsflow::text {

/// Where the charset used to decode a body came from, strongest first.
enum class CharsetSource { kHint, kByteOrderMark, kMetaTag, kDetected };

struct DecodeOptions {
  /// Charset name from the HTTP Content-Type header or the crawler ("Shift_JIS", "utf8").
  /// Empty when unknown. A non-empty name ICU does not know is an error.
  std::string_view charset_hint;
  /// When true, <meta charset> / http-equiv in the first 4 KiB are honoured.
  bool is_html = false;
};

struct DecodedText {
  std::string utf8;
  /// Canonical IANA/ICU name of the charset decoded from, e.g. "Shift_JIS", "UTF-8".
  std::string charset;
  CharsetSource source = CharsetSource::kDetected;
};

/// Decodes raw bytes to UTF-8, choosing the charset by hint > BOM > meta tag > detection.
/// Returns INVALID_ARGUMENT (field "charset") for an unknown charset name, and
/// INVALID_ARGUMENT (field "body") when the bytes cannot be decoded without substantial
/// replacement characters (so mojibake is never passed on). A few stray invalid bytes in
/// otherwise valid text are replaced by U+FFFD and later dropped by normalization.
/// Thread-safe.
absl::StatusOr<DecodedText> DecodeToUtf8(std::string_view bytes, const DecodeOptions& options);

/// The charset declared by <meta charset> or <meta http-equiv="Content-Type"> within the first
/// 4 KiB of `html_bytes` (ASCII-compatible scan, as in the HTML5 prescan), or empty.
std::string SniffMetaCharset(std::string_view html_bytes);

}  // namespace newsflow::text
