#include "newsflow/source/source_registry.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include <absl/status/status.h>

#include "wire_agencies.h"

namespace newsflow::source {
namespace {

// Debian's Abseil has its own absl::string_view rather than an alias of std::string_view, so the
// few string helpers needed here are written against std::string_view directly.
std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string_view Strip(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    const size_t tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return fields;
    line.remove_prefix(tab + 1);
  }
}

// Every assigned ISO 3166-1 alpha-2 code, two letters each, for validating the registry and
// for telling country-code TLDs from the rest.
constexpr std::string_view kIsoCountries =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICK"
    "CLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGS"
    "GTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULV"
    "LYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPM"
    "PNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTR"
    "TTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

bool IsIsoCountry(std::string_view code) {
  if (code.size() != 2) return false;
  for (size_t i = 0; i + 1 < kIsoCountries.size(); i += 2) {
    if (kIsoCountries.substr(i, 2) == code) return true;
  }
  return false;
}

// Country-code TLDs sold worldwide as vanity names (.io startups, .tv video, .ai, .me, .co,
// .fm radio...): they say nothing about where a publisher is.
constexpr std::string_view kVanityTlds[] = {"ai", "am", "cc", "co", "fm", "gg", "io", "la",
                                            "ly", "me", "nu", "sh", "to", "tv", "vc", "ws"};

std::string GuessCountryFromTld(std::string_view domain) {
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos) return "";
  const std::string tld = ToLower(domain.substr(dot + 1));
  if (tld.size() != 2) return "";  // generic: .com, .net, .org, .info, .news ...
  if (std::find(std::begin(kVanityTlds), std::end(kVanityTlds), tld) != std::end(kVanityTlds)) {
    return "";
  }
  if (tld == "uk") return "GB";  // the one ccTLD that differs from its ISO code
  std::string country = ToUpper(tld);
  return IsIsoCountry(country) ? country : "";  // .eu, .su ... are not countries
}

std::optional<SourceKind> ParseKind(std::string_view kind) {
  static constexpr std::pair<std::string_view, SourceKind> kKinds[] = {
      {"newspaper", SourceKind::kNewspaper},   {"broadcaster", SourceKind::kBroadcaster},
      {"agency", SourceKind::kAgency},         {"magazine", SourceKind::kMagazine},
      {"online", SourceKind::kOnline},         {"blog", SourceKind::kBlog},
      {"aggregator", SourceKind::kAggregator}, {"government", SourceKind::kGovernment},
  };
  for (const auto& [name, value] : kKinds) {
    if (name == kind) return value;
  }
  return std::nullopt;
}

bool IsValidDomain(std::string_view domain) {
  if (domain.empty() || domain.find('.') == std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.') {
    return false;
  }
  return std::all_of(domain.begin(), domain.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
}

absl::Status LineError(int line_number, std::string_view message) {
  return absl::InvalidArgumentError("source registry line " + std::to_string(line_number) + ": " +
                                    std::string(message));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const SourceRegistry>> SourceRegistry::LoadFromFile(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open source registry " + path);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return absl::UnavailableError("cannot read source registry " + path);
  absl::StatusOr<std::shared_ptr<const SourceRegistry>> registry = LoadFromString(contents.str());
  if (!registry.ok()) {
    return absl::Status(registry.status().code(),
                        path + ": " + std::string(registry.status().message()));
  }
  return registry;
}

absl::StatusOr<std::shared_ptr<const SourceRegistry>> SourceRegistry::LoadFromString(
    std::string_view tsv) {
  auto registry = std::make_shared<SourceRegistry>();
  std::vector<int> line_of;  // line number of each publisher, for duplicate reports
  bool header_seen = false;
  int line_number = 0;
  for (std::string_view rest = tsv; !rest.empty();) {
    const size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Strip(line).empty() || line.front() == '#') continue;
    const std::vector<std::string_view> fields = SplitTabs(line);
    if (fields.size() != 4) {
      return LineError(line_number,
                       "expected 4 tab-separated columns, got " + std::to_string(fields.size()));
    }
    if (!header_seen) {
      header_seen = true;
      if (fields[0] == "domain") continue;  // the column header row
    }
    Publisher publisher;
    publisher.domain = std::string(Strip(fields[0]));
    publisher.name = std::string(Strip(fields[1]));
    publisher.country = std::string(Strip(fields[2]));
    if (!IsValidDomain(publisher.domain)) {
      return LineError(line_number,
                       "bad domain \"" + publisher.domain + "\" (lower-case host name expected)");
    }
    if (publisher.name.empty()) return LineError(line_number, "empty name");
    if (!IsIsoCountry(publisher.country)) {
      return LineError(line_number, "bad country code \"" + publisher.country +
                                        "\" (ISO 3166-1 alpha-2 expected)");
    }
    const std::optional<SourceKind> kind = ParseKind(Strip(fields[3]));
    if (!kind) {
      return LineError(line_number, "unknown kind \"" + std::string(fields[3]) + "\"");
    }
    publisher.kind = *kind;
    registry->publishers_.push_back(std::move(publisher));
    line_of.push_back(line_number);
  }

  std::vector<size_t> order(registry->publishers_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return registry->publishers_[a].domain < registry->publishers_[b].domain;
  });
  std::vector<Publisher> sorted;
  sorted.reserve(order.size());
  for (size_t k = 0; k < order.size(); ++k) {
    if (k > 0 && registry->publishers_[order[k]].domain == sorted.back().domain) {
      return LineError(line_of[order[k]], "duplicate domain \"" + sorted.back().domain +
                                              "\" (first on line " +
                                              std::to_string(line_of[order[k - 1]]) + ")");
    }
    sorted.push_back(std::move(registry->publishers_[order[k]]));
  }
  registry->publishers_ = std::move(sorted);
  return std::shared_ptr<const SourceRegistry>(std::move(registry));
}

std::optional<Publisher> SourceRegistry::Find(std::string_view registrable_domain) const {
  std::string domain = ToLower(registrable_domain);
  if (!domain.empty() && domain.back() == '.') domain.pop_back();  // "asahi.com." is absolute
  // Exact host first, then its parents: a caller holding "jp.reuters.com" still finds Reuters.
  std::string_view candidate = domain;
  while (candidate.find('.') != std::string_view::npos) {
    const auto it = std::lower_bound(
        publishers_.begin(), publishers_.end(), candidate,
        [](const Publisher& p, std::string_view d) { return std::string_view(p.domain) < d; });
    if (it != publishers_.end() && it->domain == candidate) return *it;
    candidate.remove_prefix(candidate.find('.') + 1);
  }
  return std::nullopt;
}

size_t SourceRegistry::size() const { return publishers_.size(); }

SourceInfo DescribeSource(const SourceRegistry& registry, std::string_view registrable_domain,
                          std::string_view utf8_text) {
  SourceInfo info;
  if (std::optional<Publisher> publisher = registry.Find(registrable_domain)) {
    info.publisher = std::move(*publisher);
    info.known = true;
  } else {
    info.publisher.domain = ToLower(registrable_domain);
    info.publisher.country = GuessCountryFromTld(info.publisher.domain);
  }
  info.wire_agencies = FindWireAgencies(utf8_text);
  info.dateline = internal::FindDateline(utf8_text);
  return info;
}

}  // namespace newsflow::source
