// Writes serialized newsflow.v1.NormalizedArticle records into a folder, as seeds for
// enricher_enrich_fuzz: make_enrich_seeds tests/fuzz/corpus/enricher_enrich_fuzz
// The articles are made up here; they cover Japanese and English text, metadata with credits
// and authors, a known and an unknown domain, and the minimum the enricher accepts.
#include <cstdio>
#include <fstream>
#include <string>

#include "newsflow/v1/article.pb.h"

namespace {

namespace v1 = newsflow::v1;

bool Write(const std::string& dir, const std::string& name, const v1::NormalizedArticle& article) {
  std::ofstream out(dir + "/" + name, std::ios::binary);
  return article.SerializeToOstream(&out) && out.good();
}

v1::NormalizedArticle Base(const std::string& id, const std::string& url, const std::string& host,
                           const std::string& domain) {
  v1::NormalizedArticle article;
  article.set_article_id(id);
  article.set_url(url);
  article.set_canonical_url(url);
  article.set_host(host);
  article.set_registrable_domain(domain);
  article.set_content_type(v1::CONTENT_TYPE_HTML);
  article.set_source_charset("UTF-8");
  article.mutable_crawl_time()->set_seconds(1'718'755'200);
  article.mutable_ingest_time()->set_seconds(1'718'755'260);
  return article;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  bool ok = true;

  v1::NormalizedArticle ja =
      Base("0f1e2d3c4b5a69788796a5b4c3d2e1f0", "https://www.example.jp/news/2024/06/19/a.html",
           "www.example.jp", "example.jp");
  ja.set_title("東京で新しい図書館が開館");
  ja.set_text(
      "【東京】区立の新しい図書館が19日、開館した。\n"
      "山田太郎館長は「地域の人が集まる場所にしたい」と話した。\n"
      "東京都と日本図書館協会が協力した。");
  ja.set_text_length(70);
  ja.set_simhash(0x0123456789abcdefULL);
  ja.mutable_metadata()->set_published_date("2024-06-19");
  ja.mutable_metadata()->set_site_name("例示新聞");
  ja.mutable_metadata()->set_language_hint("ja");
  ja.mutable_metadata()->add_authors("山田花子");
  ja.mutable_metadata()->add_credits("共同");
  ok = Write(dir, "ja_article", ja) && ok;

  v1::NormalizedArticle en =
      Base("a1b2c3d4e5f60718293a4b5c6d7e8f90", "https://news.example.com/2024/11/05/budget",
           "news.example.com", "example.com");
  en.set_title("City council approves budget");
  en.set_text(
      "SPRINGFIELD (Reuters) - The city council on Tuesday approved a budget of $2.1 billion.\n"
      "Mayor John Smith said the plan would hire more teachers for Springfield schools.\n"
      "The Associated Press and Reuters contributed to this report.");
  en.set_source_hint("Example News");
  en.mutable_metadata()->set_dateline("SPRINGFIELD");
  en.mutable_metadata()->add_credits("Reuters");
  en.mutable_metadata()->add_authors("Jane Doe");
  ok = Write(dir, "en_article", en) && ok;

  v1::NormalizedArticle mixed =
      Base("00000000000000000000000000000001", "https://blog.example.org/", "blog.example.org",
           "example.org");
  mixed.set_text(
      "English paragraph about the economy and markets today.\n日本語の段落です。経済について。");
  mixed.set_near_duplicate_of("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
  ok = Write(dir, "mixed_languages", mixed) && ok;

  v1::NormalizedArticle minimal;
  minimal.set_article_id("x");
  ok = Write(dir, "minimal", minimal) && ok;

  if (!ok) std::fprintf(stderr, "cannot write seeds to %s\n", dir.c_str());
  return ok ? 0 : 1;
}
