// Throughput of main-content extraction: ExtractFromHtml (parse, score, metadata) and
// ExtractPage (decode + extract + normalize), in pages/s (items) and bytes/s.
//
// The pages are synthetic news pages built here (navigation, scripts, article, related links,
// comments, footer) of about 10 KB, 100 KB and 1 MB, plus a pathologically nested page that
// must stay linear. When NEWSFLOW_EVAL_DIR names the evaluation data folder, the gzipped
// benchmark pages under it are read at run time and measured too (BM_EvalPages); nothing of
// them is kept in the repository.
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "newsflow/extract/html_extractor.h"
#include "newsflow/extract/page.h"

namespace newsflow::extract {
namespace {

// A news page with `paragraphs` article paragraphs and page furniture around them.
std::string MakeNewsPage(int paragraphs) {
  std::string html = R"(<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves the new tram line | Example Times</title>
<meta property="og:title" content="Council approves the new tram line">
<meta property="og:site_name" content="Example Times">
<meta property="article:published_time" content="2024-05-02T09:30:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Council approves the new tram line","datePublished":"2024-05-02T09:30:00Z",
"author":{"@type":"Person","name":"Ada Example"}}</script>
<style>body{font-family:serif}.nav a{margin:0 4px}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>
</head><body class="article-page">
<header class="site-header"><a href="/">Example Times</a><nav class="main-nav"><ul>)";
  for (int i = 0; i < 30; ++i)
    html += fmt::format(R"(<li><a href="/s{0}">Section {0}</a></li>)", i);
  html += R"(</ul></nav></header><div class="layout"><main><article class="story">
<h1>Council approves the new tram line</h1>
<div class="byline">By <span class="author-name">Ada Example</span> <time datetime="2024-05-02">2 May 2024</time></div>
<div class="share-bar"><a href="#">Share</a> <a href="#">Tweet</a></div>
<div class="story-body">)";
  for (int i = 0; i < paragraphs; ++i) {
    html += fmt::format(
        "<p>Paragraph {0}: the council voted on Tuesday to build the line, which will link the "
        "station with the hospital and the university. Officials said construction would start "
        "next spring, and that the first trams could run within three years, <a href=\"/t{0}\">"
        "according to the plan</a>.</p>\n",
        i);
    if (i % 8 == 7) {
      html += "<div class=\"ad-slot\"><script>loadAd()</script>Advertisement</div>";
      html += "<h2>Costs and timetable</h2>";
    }
    if (i % 20 == 10) {
      html +=
          "<ul class=\"related\"><li><a href=\"/r1\">Bus fares rise</a></li>"
          "<li><a href=\"/r2\">Bridge works delayed</a></li></ul>";
    }
  }
  html += R"(</div></article></main><aside class="sidebar"><h3>Most read</h3><ol>)";
  for (int i = 0; i < 10; ++i) html += fmt::format(R"(<li><a href="/m{0}">Story {0}</a></li>)", i);
  html += R"(</ol></aside><section id="comments" class="comments">)";
  for (int i = 0; i < std::max(2, paragraphs / 10); ++i) {
    html += fmt::format(
        R"(<div class="comment"><span class="comment-author">Reader {0}</span>
<p>I think this is a good idea, but the timetable looks optimistic to me.</p></div>)",
        i);
  }
  html += R"(</section></div><footer class="site-footer"><p>© 2024 Example Times</p>
<a href="/about">About</a> <a href="/privacy">Privacy</a></footer></body></html>)";
  return html;
}

// Elements nested far deeper than any real page: the prescan must keep this linear.
std::string MakeNestedPage(int depth) {
  std::string html = "<html><body>";
  for (int i = 0; i < depth; ++i) html += "<div><span>";
  html += "<p>Deep text that still counts, with a sentence or two of content.</p>";
  for (int i = 0; i < depth; ++i) html += "</span></div>";
  html += "</body></html>";
  return html;
}

void SetThroughput(benchmark::State& state, size_t pages, size_t bytes) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pages));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

void BM_ExtractFromHtml(benchmark::State& state) {
  const std::string html = MakeNewsPage(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
    benchmark::DoNotOptimize(page);
  }
  state.counters["page_bytes"] = static_cast<double>(html.size());
  SetThroughput(state, 1, html.size());
}
// About 10 KB, 100 KB and 1 MB of HTML.
BENCHMARK(BM_ExtractFromHtml)->Arg(15)->Arg(300)->Arg(3000);

void BM_ExtractPage(benchmark::State& state) {
  const std::string html = MakeNewsPage(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    absl::StatusOr<ExtractedPage> page = ExtractPage({.bytes = html});
    benchmark::DoNotOptimize(page);
  }
  SetThroughput(state, 1, html.size());
}
BENCHMARK(BM_ExtractPage)->Arg(300);

void BM_ExtractNested(benchmark::State& state) {
  const std::string html = MakeNestedPage(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
    benchmark::DoNotOptimize(page);
  }
  SetThroughput(state, 1, html.size());
}
// Time per byte should stay flat as the depth grows tenfold.
BENCHMARK(BM_ExtractNested)->Arg(1000)->Arg(10000);

std::string ReadGzip(const std::filesystem::path& path) {
  std::string data;
  gzFile in = gzopen(path.c_str(), "rb");
  if (in == nullptr) return data;
  char buffer[1 << 16];
  int n = 0;
  while ((n = gzread(in, buffer, sizeof buffer)) > 0) data.append(buffer, static_cast<size_t>(n));
  gzclose(in);
  return data;
}

// The benchmark pages of the evaluation data, read once at first use.
const std::vector<std::string>& EvalPages() {
  static const std::vector<std::string> pages = [] {
    std::vector<std::string> result;
    const char* dir = std::getenv("NEWSFLOW_EVAL_DIR");
    if (dir == nullptr) return result;
    namespace fs = std::filesystem;
    for (const char* sub : {"data/extraction/aeb/html", "data/extraction/trafilatura/html",
                            "data/metadata/htmldate/html"}) {
      std::error_code ec;
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(fs::path(dir) / sub, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& file : files) result.push_back(ReadGzip(file));
    }
    return result;
  }();
  return pages;
}

// Every evaluation page once per iteration, through ExtractPage (the bytes are undecoded).
void BM_EvalPages(benchmark::State& state) {
  const std::vector<std::string>& pages = EvalPages();
  if (pages.empty()) {
    state.SkipWithError("NEWSFLOW_EVAL_DIR is not set or holds no pages");
    return;
  }
  size_t bytes = 0;
  for (const std::string& page : pages) bytes += page.size();
  for (auto _ : state) {
    for (const std::string& page : pages) {
      absl::StatusOr<ExtractedPage> extracted = ExtractPage({.bytes = page});
      benchmark::DoNotOptimize(extracted);
    }
  }
  SetThroughput(state, pages.size(), bytes);
}

// Registered only when the data is there, so the smoke run stays fast and clean without it.
const bool kEvalRegistered = [] {
  if (std::getenv("NEWSFLOW_EVAL_DIR") != nullptr) {
    benchmark::RegisterBenchmark("BM_EvalPages", BM_EvalPages)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
  }
  return true;
}();

}  // namespace
}  // namespace newsflow::extract
