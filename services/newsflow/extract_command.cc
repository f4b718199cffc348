#include "extract_command.h"

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include <absl/strings/str_join.h>
#include <absl/time/clock.h>
#include <absl/time/time.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "newsflow/extract/page.h"

#include "commands.h"
#include "worker_pool.h"

namespace newsflow::cli {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kExtensions[] = {".html", ".htm", ".txt"};

// "page.html.gz" -> {"page", html}; nullopt for files extract does not read.
struct PageFile {
  std::string path;
  std::string id;
  bool gzipped = false;
  extract::PageFormat format = extract::PageFormat::kHtml;
};

std::optional<PageFile> ClassifyPath(const std::string& path) {
  PageFile file{.path = path, .id = fs::path(path).filename().string()};
  if (file.id.ends_with(".gz")) {
    file.gzipped = true;
    file.id.resize(file.id.size() - 3);
  }
  for (std::string_view extension : kExtensions) {
    if (file.id.ends_with(extension)) {
      file.id.resize(file.id.size() - extension.size());
      file.format = extension == ".txt" ? extract::PageFormat::kText : extract::PageFormat::kHtml;
      return file;
    }
  }
  // A bare .gz (no inner extension) is taken as an HTML page, the common crawl dump format.
  if (file.gzipped) return file;
  return std::nullopt;
}

std::vector<PageFile> CollectFiles(const std::vector<std::string>& paths, int* errors) {
  std::vector<PageFile> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<PageFile> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
        if (!entry.is_regular_file()) continue;
        if (std::optional<PageFile> file = ClassifyPath(entry.path().string())) {
          found.push_back(*std::move(file));
        }
      }
      std::sort(found.begin(), found.end(),
                [](const PageFile& a, const PageFile& b) { return a.path < b.path; });
      files.insert(files.end(), found.begin(), found.end());
    } else if (!fs::exists(path, ec)) {
      std::fprintf(stderr, "newsflow extract: %s: no such file or folder\n", path.c_str());
      ++*errors;
    } else {
      // A file named explicitly is read whatever its extension (as HTML unless .txt).
      std::optional<PageFile> file = ClassifyPath(path);
      files.push_back(file ? *std::move(file)
                           : PageFile{.path = path, .id = fs::path(path).filename().string()});
    }
  }
  return files;
}

// Reads a file, inflating gzip transparently (zlib's gzread passes plain files through).
absl::StatusOr<std::string> ReadPage(const std::string& path) {
  gzFile in = gzopen(path.c_str(), "rb");
  if (in == nullptr) return absl::NotFoundError(fmt::format("cannot open {}", path));
  std::string data;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(in, buffer, sizeof buffer)) > 0) data.append(buffer, static_cast<size_t>(n));
  int error = Z_OK;
  const char* message = gzerror(in, &error);
  const bool failed = n < 0 || (error != Z_OK && error != Z_STREAM_END);
  std::string reason = failed ? message : "";
  gzclose(in);
  if (failed) return absl::DataLossError(fmt::format("cannot read {}: {}", path, reason));
  return data;
}

struct ExtractedLine {
  std::string json;
  std::string error;
  std::string warning;
};

ExtractedLine ExtractOne(const PageFile& file) {
  absl::StatusOr<std::string> bytes = ReadPage(file.path);
  if (!bytes.ok()) return {.error = std::string(bytes.status().message())};
  // The files carry no crawl time; nothing can have been published after tomorrow (UTC).
  static const std::string latest_date =
      absl::FormatTime("%Y-%m-%d", absl::Now() + absl::Hours(24), absl::UTCTimeZone());
  absl::StatusOr<extract::ExtractedPage> page =
      extract::ExtractPage({.bytes = *bytes, .format = file.format},
                           {.latest_date = latest_date, .keep_pages_without_text = true});
  if (!page.ok()) {
    return {.error = fmt::format("{}: {}", file.path, page.status().ToString())};
  }
  nlohmann::json out = {{"id", file.id},
                        {"text", page->text},
                        {"title", page->title},
                        {"author", absl::StrJoin(page->authors, "; ")},
                        {"date", page->published_date},
                        {"sitename", page->site_name},
                        {"url", page->canonical_href},
                        {"language_hint", page->language_hint}};
  // A page without main text (a home page, a gallery) still has its metadata: it is written
  // with an empty text, and said so, so that the output keeps one object per page.
  return {.json = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
          .warning = page->text.empty() ? fmt::format("{}: no main text, metadata only", file.path)
                                        : std::string()};
}

void PrintProgress(size_t done, size_t total, std::chrono::steady_clock::time_point start) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  constexpr int kWidth = 30;
  const int filled = total == 0 ? kWidth : static_cast<int>(kWidth * done / total);
  std::fprintf(stderr, "\r[%s%s] %zu/%zu pages, %.0f pages/s ", std::string(filled, '#').c_str(),
               std::string(kWidth - filled, '.').c_str(), done, total,
               seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
}

}  // namespace

int RunExtractCommand(const std::vector<std::string>& paths, const std::string& output,
                      bool show_progress) {
  int errors = 0;
  const std::vector<PageFile> files = CollectFiles(paths, &errors);
  std::ofstream out_file;
  std::ostream* out = &std::cout;
  if (!output.empty()) {
    out_file.open(output);
    if (!out_file) {
      std::fprintf(stderr, "newsflow extract: cannot write %s\n", output.c_str());
      return kExitUsage;
    }
    out = &out_file;
  }
  // Pages are independent: extract a chunk in parallel, write it in input order.
  enricher::WorkerPool workers(std::max(1u, std::thread::hardware_concurrency()) - 1);
  constexpr size_t kChunk = 256;
  std::vector<ExtractedLine> lines;
  const auto start = std::chrono::steady_clock::now();
  for (size_t first = 0; first < files.size(); first += kChunk) {
    const size_t count = std::min(kChunk, files.size() - first);
    lines.assign(count, ExtractedLine());
    workers.ParallelFor(count, [&](size_t i) { lines[i] = ExtractOne(files[first + i]); });
    if (show_progress) std::fputc('\r', stderr);
    for (const ExtractedLine& line : lines) {
      if (!line.error.empty()) {
        if (show_progress) std::fprintf(stderr, "%-70s\r", "");
        std::fprintf(stderr, "newsflow extract: skipped %s\n", line.error.c_str());
        ++errors;
        continue;
      }
      if (!line.warning.empty()) {
        if (show_progress) std::fprintf(stderr, "%-70s\r", "");
        std::fprintf(stderr, "newsflow extract: %s\n", line.warning.c_str());
      }
      *out << line.json << '\n';
    }
    if (show_progress) PrintProgress(first + count, files.size(), start);
  }
  if (show_progress) std::fputc('\n', stderr);
  out->flush();
  if (!*out) {
    std::fprintf(stderr, "newsflow extract: write failed\n");
    return kExitFailures;
  }
  if (errors > 0) std::fprintf(stderr, "newsflow extract: %d pages skipped\n", errors);
  return errors > 0 ? kExitFailures : kExitOk;
}

}  // namespace newsflow::cli
