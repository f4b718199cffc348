#include "newsflow/extract/html_extractor.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newsflow::extract {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr std::string_view kNewsPage = R"html(<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Harbour bridge reopens after repairs | Coastal Herald</title>
  <meta property="og:title" content="Harbour bridge reopens after two years of repairs">
  <meta property="og:site_name" content="Coastal Herald">
  <meta name="description" content="The old harbour bridge carries traffic again.">
  <meta property="article:published_time" content="2024-03-08T07:30:00Z">
  <link rel="canonical" href="https://herald.example/news/harbour-bridge">
  <script type="application/ld+json">
  {"@context": "https://schema.org", "@graph": [
    {"@type": "WebSite", "@id": "#site", "name": "Coastal Herald Online"},
    {"@type": "NewsArticle", "headline": "Harbour bridge reopens",
     "datePublished": "2024-03-08T07:30:00Z", "dateModified": "2024-03-09T12:00:00+01:00",
     "author": [{"@type": "Person", "name": "Mara Quint"}, {"@type": "Person", "name": "Olu Bede"}],
     "publisher": {"@type": "Organization", "name": "Coastal Herald"}}]}
  </script>
  <style>.x { color: red }</style>
</head>
<body class="single-post has-sidebar">
  <div id="cookie-consent">We use cookies to improve your experience. Accept all cookies?</div>
  <header class="site-header"><a href="/">Coastal Herald</a>
    <nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
  </header>
  <div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/news">News</a></div>
  <main>
    <article>
      <h1>Harbour bridge reopens after two years of repairs</h1>
      <div class="byline">By Mara Quint</div>
      <time datetime="2024-03-07">7 March</time>
      <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet this</a></div>
      <div class="article-body">
        <p>The old harbour bridge opened to traffic again on Friday morning, two years after
           engineers closed it because of corroded steel cables.</p>
        <p>City officials said the repairs cost 41 million euros, slightly less than planned, and
           that the bridge should now last for another half century.</p>
        <div class="ad-slot">Advertisement: buy the best ferry tickets here</div>
        <h2>Traffic returns</h2>
        <p>Commuters who had used a ferry during the closure welcomed the news. "It saves me an
           hour a day," said one driver, who waited in the first queue of cars.</p>
        <ul class="related-links"><li><a href="/a">Ferry prices rise again</a></li>
            <li><a href="/b">Bridge closure explained</a></li></ul>
        <p>The council will monitor the cables with sensors and publish the readings online.</p>
      </div>
    </article>
    <section class="comments"><h3>Comments</h3><p>Great news, finally! I drove across today.</p></section>
  </main>
  <aside class="sidebar"><h3>Most read</h3><ol><li><a href="/c">Storm warning for the coast</a></li></ol></aside>
  <div class="newsletter-signup">Subscribe to our newsletter for the latest news.</div>
  <footer><p>Copyright 2024 Coastal Herald. All rights reserved.</p></footer>
  <script>var tracking = "do not include me";</script>
</body>
</html>)html";

TEST(HtmlExtractorTest, NulBytesInTextAreDroppedAndTheTextStaysUtf8) {
  // The parser used to rewrite the bytes around NULs ("Ж\0\0N" came out as "ЖD\xd0N").
  using namespace std::string_literals;
  const std::string html =
      "8eadn0eilh\0\0\0\x01"
      "By Jane D\xd0\x96\0\0NGTON (AP) - The first paragrahare th"s;
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("D\xd0\x96NGTON (AP)"));
  EXPECT_EQ(page->text.find('\0'), std::string::npos);
}

TEST(HtmlExtractorTest, KeepsArticleParagraphsInOrder) {
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(kNewsPage);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->text,
            "The old harbour bridge opened to traffic again on Friday morning, two years after "
            "engineers closed it because of corroded steel cables.\n"
            "City officials said the repairs cost 41 million euros, slightly less than planned, "
            "and that the bridge should now last for another half century.\n"
            "Traffic returns\n"
            "Commuters who had used a ferry during the closure welcomed the news. \"It saves me "
            "an hour a day,\" said one driver, who waited in the first queue of cars.\n"
            "The council will monitor the cables with sensors and publish the readings online.");
}

TEST(HtmlExtractorTest, DropsPageFurniture) {
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(kNewsPage);
  ASSERT_TRUE(page.ok()) << page.status();
  for (std::string_view boilerplate :
       {"cookies", "Sport", "Home", "Share on Facebook", "Tweet", "Advertisement",
        "Ferry prices rise", "Great news", "Storm warning", "newsletter", "Copyright",
        "do not include", "color: red", "By Mara Quint"}) {
    EXPECT_THAT(page->text, Not(HasSubstr(std::string(boilerplate))));
  }
}

TEST(HtmlExtractorTest, ReadsMetadata) {
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(kNewsPage);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->title, "Harbour bridge reopens after two years of repairs");
  EXPECT_THAT(page->authors, ElementsAre("Mara Quint", "Olu Bede"));
  EXPECT_EQ(page->published_date, "2024-03-08");
  EXPECT_EQ(page->modified_date, "2024-03-09");
  EXPECT_EQ(page->site_name, "Coastal Herald");
  EXPECT_EQ(page->language_hint, "en-GB");
  EXPECT_EQ(page->description, "The old harbour bridge carries traffic again.");
  EXPECT_EQ(page->canonical_href, "https://herald.example/news/harbour-bridge");
}

TEST(HtmlExtractorTest, FallsBackToTitleTagH1AndTimeWithoutMetaTags) {
  const std::string html =
      "<html><head><title>Quiet harbour night brings record catch - Port News</title></head>"
      "<body><article><h1>Record catch</h1><p class='by'>x</p>"
      "<time datetime='2023-11-02T09:00'>2 Nov</time>"
      "<p>Fishermen landed the largest catch of the year overnight, the harbour master said, "
      "and prices at the morning market fell by a third.</p>"
      "<p>Restaurants along the quay bought most of it before sunrise.</p>"
      "<div class='author'>By Ines Dahl</div></article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->title, "Record catch");
  EXPECT_EQ(page->published_date, "2023-11-02");
  EXPECT_THAT(page->authors, ElementsAre("Ines Dahl"));
  EXPECT_THAT(page->text, HasSubstr("Fishermen landed"));
  EXPECT_THAT(page->text, HasSubstr("Restaurants along the quay"));
}

TEST(HtmlExtractorTest, StripsSiteSuffixFromTitleTag) {
  const std::string html =
      "<html><head><title>Quiet harbour night brings record catch - Port News</title></head>"
      "<body><div><p>Fishermen landed the largest catch of the year overnight, the harbour "
      "master said.</p></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->title, "Quiet harbour night brings record catch");
}

TEST(HtmlExtractorTest, ScoresJapaneseParagraphsOverLinkLists) {
  const std::string html =
      "<html lang='ja'><body>"
      "<div class='box'><a href='/1'>政治</a><a href='/2'>経済</a><a href='/3'>国際</a></div>"
      "<div "
      "id='story'><p>港の古い橋が二年ぶりに通行を再開した。市によると、補修費は約四十億円だった。</"
      "p>"
      "<p>通勤客からは、渋滞が減ると期待する声が上がっている。</p></div>"
      "<div><ul><li><a href='/x'>人気の記事その一を読む</a></li>"
      "<li><a href='/y'>人気の記事その二を読む</a></li></ul></div>"
      "</body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->text,
            "港の古い橋が二年ぶりに通行を再開した。市によると、補修費は約四十億円だった。\n"
            "通勤客からは、渋滞が減ると期待する声が上がっている。");
  EXPECT_EQ(page->language_hint, "ja");
}

TEST(HtmlExtractorTest, LineBreaksAndCjkSourceNewlines) {
  const std::string html =
      "<html><body><div class='content'><p>一行目です。<br>二行目です。</p>"
      "<p>改行を\nまたぐ日本語の文は、空白なしでつながる。</p></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->text,
            "一行目です。\n二行目です。\n改行をまたぐ日本語の文は、空白なしでつながる。");
}

TEST(HtmlExtractorTest, ClassWordsMatchOnTokenBoundaries) {
  // "masthead-article" and "loaded" must not be read as "header" and "ad".
  const std::string html =
      "<html><body><div class='masthead-article loaded'><p>The committee approved the budget "
      "for the new school after a long debate on Tuesday evening.</p></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The committee approved"));
}

TEST(HtmlExtractorTest, ReadsJsonLdArrayAndAuthorStrings) {
  const std::string html =
      "<html><head><script type='application/ld+json'>[{\"@type\": [\"NewsArticle\"], "
      "\"headline\": \"Dockworkers vote\", \"author\": \"Lena Ortiz\", \"datePublished\": "
      "\"2022-01-05\"}]</script><script type='application/ld+json'>{broken</script></head>"
      "<body><p>Dockworkers voted to accept the new contract on Wednesday.</p></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->title, "Dockworkers vote");
  EXPECT_THAT(page->authors, ElementsAre("Lena Ortiz"));
  EXPECT_EQ(page->published_date, "2022-01-05");
}

// Three sentences of prose, long enough to be scored as a paragraph.
std::string Prose(std::string_view topic) {
  return "<p>The " + std::string(topic) +
         " report was published on Monday, after a year of field work in four regions. "
         "Its authors say the findings are clear, and that the next steps are already funded. "
         "Critics, however, want an independent review before any money is spent.</p>";
}

TEST(HtmlExtractorTest, KeepsWrapperNamedLikeFurnitureWhenItHoldsThePage) {
  // Page builders name the article's wrappers "widget" or "sidebar-wrap".
  const std::string html = "<html><body><div class='elementor-widget-wrap'>" + Prose("river") +
                           Prose("forest") + Prose("harbour") +
                           "</div><div class='content-sidebar-wrap'><a href='/x'>Other</a>"
                           "</div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The river report"));
  EXPECT_THAT(page->text, HasSubstr("The harbour report"));
}

TEST(HtmlExtractorTest, NegatedClassNameIsNotFurniture) {
  const std::string html =
      "<html><body><div class='main-content has-section-nav with-double-sidebar'>" +
      Prose("river") + Prose("forest") + "</div><div class='nav'><a href='/'>Home</a></div>" +
      "</body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The forest report"));
}

TEST(HtmlExtractorTest, PageInsideAFormStillHasText) {
  const std::string html = "<html><body><form id='aspnetForm' action='/'><div id='main'>" +
                           Prose("river") + Prose("forest") +
                           "</div><input type='submit'></form></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The river report"));
}

TEST(HtmlExtractorTest, SpansEveryArticleBodySection) {
  const std::string html =
      "<html><body><article><section itemprop='articleBody'>" + Prose("river") + Prose("forest") +
      "</section><div class='ad-slot'>Advertisement</div>" + "<section itemprop='articleBody'>" +
      Prose("harbour") + "</section></article>" +
      "<div class='related'><a href='/a'>Read more about rivers and forests</a></div>" +
      "</body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The river report"));
  EXPECT_THAT(page->text, HasSubstr("The harbour report"));
  EXPECT_THAT(page->text, Not(HasSubstr("Advertisement")));
}

TEST(HtmlExtractorTest, CleansBylinesAndIgnoresCommentAuthors) {
  const std::string html =
      "<html><body><article><h1>Rivers in spring</h1>"
      "<div class='byline'>Posted on <time datetime='2023-05-03'>3 May</time> by "
      "<span class='author'>Jane Roe</span></div>" +
      Prose("river") + Prose("forest") +
      "</article><section id='comments'><div class='comment-author'>Max Reader</div>"
      "<p>Nice.</p></section></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->authors, ElementsAre("Jane Roe"));

  const std::string dated =
      "<html><body><h1>Rivers</h1><p class='byline'>von Max Muster · "
      "31. Oktober 2023</p>" +
      Prose("river") + "</body></html>";
  absl::StatusOr<ExtractedPage> other = ExtractFromHtml(dated);
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_THAT(other->authors, ElementsAre("Max Muster"));
  EXPECT_EQ(other->published_date, "2023-10-31");
}

TEST(HtmlExtractorTest, ReadsDatesShownOnThePage) {
  // No metadata: the date in an element named for it, after the headline.
  const std::string html = "<html><body><h1>Rivers in spring</h1>" + Prose("river") +
                           "<p class='entry-date'>Erstellt am: 01.11.2023</p>" + Prose("forest") +
                           "<footer><p class='copyright'>12.12.2024</p></footer></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->published_date, "2023-11-01");

  // A date written under the headline.
  const std::string under =
      "<html><body><h1>Rivers in spring</h1><div>Monday, 5 June 2023 "
      "</div>" +
      Prose("river") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(under)->published_date, "2023-06-05");
}

TEST(HtmlExtractorTest, TakesDateFromUrlWhenThePageDeclaresNone) {
  const std::string html = "<html><body>" + Prose("river") + "</body></html>";
  absl::StatusOr<ExtractedPage> page =
      ExtractFromHtml(html, {.url = "https://news.example/2019/11/19/river-report?id=2024"});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->published_date, "2019-11-19");
  EXPECT_EQ(ExtractFromHtml(html, {.url = "https://news.example/2019-02-30-x"})->published_date,
            "");
  EXPECT_EQ(ExtractFromHtml(html, {.url = "https://news.example/2019/11/190"})->published_date, "");
  // Day first, where the day cannot be a month; an ambiguous one is left alone.
  EXPECT_EQ(
      ExtractFromHtml(html, {.url = "https://news.example/meldungen/29-10-2021"})->published_date,
      "2021-10-29");
  EXPECT_EQ(
      ExtractFromHtml(html, {.url = "https://news.example/news/29.10.2021-river"})->published_date,
      "2021-10-29");
  EXPECT_EQ(
      ExtractFromHtml(html, {.url = "https://news.example/meldungen/10-11-2021"})->published_date,
      "");
  EXPECT_EQ(ExtractFromHtml(html, {.url = "https://news.example/a/31-02-2021"})->published_date,
            "");
  // Declared metadata wins over the URL.
  const std::string declared =
      "<html><head><meta property='article:published_time' content='2019-11-12T09:00:00Z'>"
      "</head><body>" +
      Prose("river") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(declared, {.url = "https://news.example/2019/11/19/x"})->published_date,
            "2019-11-12");
  // Unless it is one day off: a UTC timestamp of the evening the address is dated by.
  const std::string utc =
      "<html><head><meta property='article:published_time' content='2019-11-20T02:30:00Z'>"
      "</head><body>" +
      Prose("river") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(utc, {.url = "https://news.example/2019/11/19/x"})->published_date,
            "2019-11-19");
}

TEST(HtmlExtractorTest, TimestampsInThePublishersZoneAndLocalMidnightsStoredAsUtc) {
  auto date_of = [](const std::string& published_time, const std::string& url) {
    const std::string html = "<html><head><meta property='article:published_time' content='" +
                             published_time + "'></head><body>" + Prose("river") + "</body></html>";
    return ExtractFromHtml(html, {.url = url})->published_date;
  };
  // A timestamp with the publisher's own offset names the readers' day, even one day after the
  // date in the address (the story was filed the day before).
  EXPECT_EQ(date_of("2022-05-07T13:43:46-05:00", "https://news.example/2022/05/06/x"),
            "2022-05-07");
  EXPECT_EQ(date_of("2022-05-07T13:43:46Z", "https://news.example/2022/05/06/x"), "2022-05-06");
  // Midnight in a zone east of UTC, stored in UTC, is a full hour of the evening before.
  EXPECT_EQ(date_of("2021-11-04T23:00Z", ""), "2021-11-05");
  EXPECT_EQ(date_of("2021-12-31T22:00:00.000Z", ""), "2022-01-01");
  EXPECT_EQ(date_of("2024-02-28T23:00:00+00:00", ""), "2024-02-29");
  // A time past the hour, a morning hour or a local offset is a real moment of that day.
  EXPECT_EQ(date_of("2021-11-04T23:05:00Z", ""), "2021-11-04");
  EXPECT_EQ(date_of("2021-11-04T10:00:00Z", ""), "2021-11-04");
  EXPECT_EQ(date_of("2021-11-04T23:00:00+01:00", ""), "2021-11-04");
}

TEST(HtmlExtractorTest, TakesUrlDateFromTheCanonicalLinkWhenNoUrlIsGiven) {
  const std::string html =
      "<html><head><link rel='canonical' href='https://news.example/2021/04/07/river'></head>"
      "<body>" +
      Prose("river") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->published_date, "2021-04-07");
  const std::string og =
      "<html><head><meta property='og:url' content='/blog/2021-04-08-river'></head><body>" +
      Prose("river") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(og)->published_date, "2021-04-08");
}

TEST(HtmlExtractorTest, UtcTimestampYieldsToTheDayThePageMarksAsPublished) {
  // 02:11 UTC on the 9th is the evening of the 8th where the paper is.
  const std::string html =
      "<html><head><meta property='article:published_time' content='2023-11-09T02:11:03+00:00'>"
      "</head><body><article><h1>Rivers in spring</h1><time itemprop='datePublished' "
      "datetime='2023-11-08T21:11:03-05:00'>November 8, 2023</time>" +
      Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->published_date, "2023-11-08");
  // A timestamp in the publisher's own zone keeps its day.
  const std::string local =
      "<html><head><meta property='article:published_time' content='2023-11-09T00:11:03+01:00'>"
      "</head><body><article><h1>Rivers in spring</h1><span itemprop='datePublished'>"
      "08.11.2023</span>" +
      Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(local)->published_date, "2023-11-09");
}

TEST(HtmlExtractorTest, ReadsDatesFromMalformedJsonLd) {
  // A trailing comma makes the block invalid JSON; its dates still count.
  const std::string html =
      "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
      "\"datePublished\": \"2020-10-26T18:10:00+01:00\", \"dateModified\": \"2020-10-27\",}"
      "</script></head><body>" +
      Prose("river") + "</body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->published_date, "2020-10-26");
  EXPECT_EQ(page->modified_date, "2020-10-27");
  // A date field written as prose.
  const std::string prose =
      "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
      "\"datePublished\": \"04:25:06 PM IST Apr 08, 2020\"}</script></head><body>" +
      Prose("river") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(prose)->published_date, "2020-04-08");
}

TEST(HtmlExtractorTest, ArticleTimeComesBeforeAGenericDateMetaTag) {
  const std::string html =
      "<html><head><meta name='date' content='2020-04-30'></head><body><article>"
      "<h1>Rivers in spring</h1><time>29.04.2020, 12:01</time>" +
      Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->published_date, "2020-04-29");
  const std::string meta_only = "<html><head><meta name='date' content='2020-04-30'></head><body>" +
                                Prose("river") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(meta_only)->published_date, "2020-04-30");
}

TEST(HtmlExtractorTest, ReadsLabelledDatesInTheText) {
  // The label nearest to a date says what it is: the update and the copyright are skipped.
  const std::string html =
      "<html><body><h1>Rivers in spring</h1>" + Prose("river") +
      "<p>Letzte Änderung: 31.10.2023 - 14:49 <span>Erschienen am:</span> <b>01.11.2023</b></p>" +
      "<footer>Veröffentlicht 05.05.2024</footer></body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->published_date, "2023-11-01");
  // Without a label, the first date after the headline that is not labelled otherwise.
  const std::string unlabelled = "<html><body><p>Updated 02.02.2022</p><h1>Rivers in spring</h1>" +
                                 Prose("river") + "<p>Benni, 10. September 2017</p></body></html>";
  EXPECT_EQ(ExtractFromHtml(unlabelled)->published_date, "2017-09-10");
  // Dates in a comment section are the commenters'.
  const std::string commented = "<html><body><h1>Rivers in spring</h1>" + Prose("river") +
                                "<div class='comments'>Posted 03.03.2023</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(commented)->published_date, "");
}

TEST(HtmlExtractorTest, ReadsPublicationDateMetaTagsOfAnyName) {
  // CMSs coin their own names for the publication date; an update date is not one of them.
  const std::string html =
      "<html><head><meta name='sw-modified-date' content='2021-11-22'>"
      "<meta name='sw-pubdate' content='2021-11-19'></head><body><h1>Rivers in spring</h1>" +
      Prose("river") + "<p>Stand: 16.11.2021</p></body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->published_date, "2021-11-19");
  const std::string underscored =
      "<html><head><meta name='publication_date' content='2022-02-08T14:00:00'></head><body>" +
      Prose("river") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(underscored)->published_date, "2022-02-08");
  // A generic Dublin Core date is the page's, like a bare "date": the article's <time> wins.
  const std::string generic =
      "<html><head><meta name='dcterms.date' content='2022-01-21'></head><body><article>"
      "<h1>Rivers in spring</h1><time datetime='2022-01-20'>20 Jan</time>" +
      Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(generic)->published_date, "2022-01-20");
}

TEST(HtmlExtractorTest, DatesOfThePostFooterCountThoseOfRelatedArticlesDoNot) {
  // The post's own footer says when it was written; the page footer is skipped.
  const std::string html = "<html><body><h1>Rivers in spring</h1>" + Prose("river") +
                           "<div class='post-footer'>Dieser Artikel wurde am 14. Dezember 2015 "
                           "geschrieben</div><div class='footer'>Besucht am 02.01.2016</div>"
                           "</body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->published_date, "2015-12-14");
  // A list of related articles shows their dates, not this one's.
  const std::string related = "<html><body><article><h1>Rivers in spring</h1>" + Prose("river") +
                              "<ul class='related-posts'><li><span class='date'>01.07.2020</span>"
                              "</li></ul></article></body></html>";
  EXPECT_EQ(ExtractFromHtml(related)->published_date, "");
}

TEST(HtmlExtractorTest, LabelInTheMiddleOfASentenceNamesNoPublicationDate) {
  // "was released on" in the prose dates the release, not the post; the byline date counts.
  const std::string html =
      "<html><body><div class='blog_post'><h2>Mercury's journey</h2><small>January 13, 2020 at "
      "08:45 AM | categories: Python</small>" +
      Prose("river") +
      "<p>Version 5.2 of the tool was released on November 5, 2019. It was the first.</p>" +
      Prose("forest") + "</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->published_date, "2020-01-13");
  // A label at the start of its line still names it, before an unlabelled date.
  const std::string byline =
      "<html><body><p>Heute 02.02.2022</p><div>\n   Posted on "
      "<b>03.03.2021</b></div>" +
      Prose("river") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(byline)->published_date, "2021-03-03");
}

TEST(HtmlExtractorTest, ReadsAmbiguousNumericDatesInThePagesLanguage) {
  auto page = [](std::string_view html_attrs) {
    return "<html " + std::string(html_attrs) + "><body><h1>Rivers in spring</h1>" +
           "<span class='time'>02/10/2020</span>" + Prose("river") + "</body></html>";
  };
  EXPECT_EQ(ExtractFromHtml(page("xml:lang='en-GB'"))->published_date, "2020-10-02");
  EXPECT_EQ(ExtractFromHtml(page("lang='en-US'"))->published_date, "2020-02-10");
  EXPECT_EQ(ExtractFromHtml(page("lang='en'"))->published_date, "");
}

TEST(HtmlExtractorTest, ForumMemberProfileDatesAreNotThePosts) {
  const std::string html =
      "<html><body><dl class='postprofile'><dd>Beiträge: 1626</dd><dd>Registriert: 18.09.2008, "
      "05:56</dd></dl><p class='author'>Beitrag von r23 &raquo; 21.01.2009, 05:42</p>" +
      Prose("river") + "<dl><dd>Member since 02.02.2007</dd></dl></body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->published_date, "2009-01-21");
}

TEST(HtmlExtractorTest, DatesInNavigationMenusAreOtherPages) {
  // A menu item dated 2017 comes before the article's date line above the headline.
  const std::string html =
      "<html><body><nav><ul><li><a href='/x'>Regeln (zum 28.02.2017 gekündigt)</a></li></ul>"
      "</nav><article><p class='category'>24. April 2020 | Presse</p><h1>Rivers in spring</h1>" +
      Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->published_date, "2020-04-24");
  // A wrapper named like a menu that holds the article is the page, not a menu.
  const std::string wrapped =
      "<html><body><div id='navigation-container'><article>"
      "<h1>Rivers in spring</h1><time datetime='2022-02-01'>1 Feb</time>" +
      Prose("river") + Prose("forest") + "</article></div></body></html>";
  EXPECT_EQ(ExtractFromHtml(wrapped)->published_date, "2022-02-01");
}

TEST(HtmlExtractorTest, LabelledPublicationDateInAFooterAndUpdateDateAsLastResort) {
  // "Erschienen am" names the publication even in the page footer, whose unlabelled dates
  // are skipped.
  const std::string html = "<html><body><h1>Rivers in spring</h1>" + Prose("river") +
                           "<div class='footer'>Gedruckt 06.11.2023<br>Letzte Änderung: "
                           "31.10.2023<br>Erschienen am: 01.11.2023</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->published_date, "2023-11-01");
  // With no other date, the last revision: the page was published by then.
  const std::string revised =
      "<html><body><h1>Terms of Service</h1><p>Date of Last Revision: "
      "August 9, 2017</p>" +
      Prose("river") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(revised)->published_date, "2017-08-09");
  // A copyright or a birthday still is no publication date.
  const std::string born = "<html><body><h1>Rivers in spring</h1><p>Geboren am 3. Mai 1990</p>" +
                           Prose("river") + "<p>&copy; 12.12.2024</p></body></html>";
  EXPECT_EQ(ExtractFromHtml(born)->published_date, "");
}

TEST(HtmlExtractorTest, DateShownUnderTheHeadlineWinsWhenThePageDeclaresItToo) {
  const std::string head =
      "<html><head><script type='application/ld+json'>{\"@type\": \"Article\", "
      "\"datePublished\": \"2021-11-29T14:13:37+01:00\", "
      "\"dateModified\": \"2022-01-12T14:27:30+01:00\"}</script></head><body><article>"
      "<h1>Rivers in spring</h1>";
  // The revised article shows its update as its date: readers take it for the article's.
  const std::string revised = head + "<p class='meta'>Aktualisiert am 12.01.2022</p>" +
                              Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(revised)->published_date, "2022-01-12");
  // A second declared publication date that the page shows beats the first.
  const std::string second =
      "<html><head><meta property='article:published_time' content='2022-01-06T08:29:34'>"
      "<script type='application/ld+json'>{\"@type\": \"Article\", "
      "\"datePublished\": \"2022-01-04T07:29:00Z\"}</script></head><body><article>"
      "<h1>Rivers in spring</h1><div class='info'>06.01.2022</div>" +
      Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(second)->published_date, "2022-01-06");
  // A date under the headline that the page does not declare is something else's (an event).
  const std::string event =
      head + "<p>Treffen am 05.02.2022</p>" + Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(event)->published_date, "2021-11-29");
  // Showing the publication date keeps it, even when an update is shown after it.
  const std::string both = head + "<p>Published 29.11.2021, updated 12.01.2022</p>" +
                           Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(both)->published_date, "2021-11-29");
}

TEST(HtmlExtractorTest, DatelineUnderTheHeadlineComesBeforeDatesTheArticleDoesNotShow) {
  // A bare "date" meta tag is the day the page was generated; the dateline, even one that
  // states the last revision, is what the article shows.
  const std::string stand =
      "<html><head><meta name='date' content='2020-04-29T11:52:23'></head><body><article>"
      "<h1>Rivers in spring</h1><p class='text'><span>Stand: 28.04.2020 18:00 Uhr</span></p>" +
      Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(stand)->published_date, "2020-04-28");
  // The text of a <time> under the headline wins over its machine-readable value.
  const std::string timed =
      "<html><body><article><h1>Rivers in spring</h1><div class='time'><time "
      "datetime='2019-07-03T10:18:46Z'>Publi&eacute; le 29 juin 2019</time></div>" +
      Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(timed)->published_date, "2019-06-29");
  // A date in the opening sentence is what the article is about, not its dateline.
  const std::string opening =
      "<html><head><meta name='date' content='2020-07-12'></head><body><article>"
      "<h1>Rivers in spring</h1><p>On 11 July 2020 the river report was presented to the "
      "council, after a year of field work in four regions.</p>" +
      Prose("river") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(opening)->published_date, "2020-07-12");
}

TEST(HtmlExtractorTest, LabelledUpdateComesBeforeADateInRunningProse) {
  // The caption's date is the photo's; the page states when it was last changed.
  const std::string html =
      "<html><body><article><h1>Rivers in spring</h1>" + Prose("river") + Prose("forest") +
      "<p>The satellite image of the valley taken on 31.05.2021 shows the snow line at its "
      "lowest.</p></article><div class='info'>Letzte &Auml;nderung: 14.01.2022</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->published_date, "2022-01-14");
  // A date on a line of its own still comes before the update.
  const std::string dated = "<html><body><article><h1>Rivers in spring</h1>" + Prose("river") +
                            Prose("forest") +
                            "<p>Lisbon, 31.05.2021</p></article><div class='info'>Letzte "
                            "&Auml;nderung: 14.01.2022</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(dated)->published_date, "2021-05-31");
}

TEST(HtmlExtractorTest, DatelineIsReadUnderTheHeadlineNotUnderTheLogo) {
  // The site's logo is the first <h1>; the dateline is under the article's headline, which
  // stands above the article's box, and the <time> in the box belongs to a teaser of another
  // article.
  const std::string html =
      "<html><head><title>Rivers in spring | Valley News</title></head><body>"
      "<h1><a href='/'>Valley News</a></h1>" +
      Prose("valley") +
      "<header><h1>Rivers in spring</h1><p class='publication'>Le 28 juin 2019</p></header>"
      "<div class='main'>" +
      Prose("river") + Prose("forest") +
      "<div class='teaser'><time datetime='2019-09-24T13:34:33Z'>24/09/2019</time> Snow in the "
      "hills</div></div></body></html>";
  const auto page = ExtractFromHtml(html);
  EXPECT_EQ(page->title, "Rivers in spring");
  EXPECT_EQ(page->published_date, "2019-06-28");
}

TEST(HtmlExtractorTest, TitleDropsLeadingDateAndKicker) {
  const std::string dated = "<html><body><h1>23.01.2022 - Snow returns to the valley</h1>" +
                            Prose("snow") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(dated)->title, "Snow returns to the valley");
  const std::string glued = "<html><body><h1>27.01.2022Snow returns to the valley</h1>" +
                            Prose("snow") + "</body></html>";
  EXPECT_EQ(ExtractFromHtml(glued)->title, "Snow returns to the valley");
  // A kicker shown in front of the headline: the declared title is the headline.
  const std::string kicker =
      "<html><head><meta property='og:title' content='Snow returns to the valley | Alp News'>"
      "<meta property='og:site_name' content='Alp News'></head><body><article>"
      "<h1><span>Winter:</span> Snow returns to the valley</h1>" +
      Prose("snow") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(kicker)->title, "Snow returns to the valley");
}

TEST(HtmlExtractorTest, AuthorPrefersAPersonOverThePublication) {
  // JSON-LD names the site; the byline names the writer.
  const std::string html =
      "<html><head><meta property='og:site_name' content='Alp News'>"
      "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
      "\"author\": {\"@type\": \"Organization\", \"name\": \"Alp News\"}}</script>"
      "</head><body><article><h1>Snow returns to the valley</h1>"
      "<p class='byline'>By Lena Berg</p>" +
      Prose("snow") + "</article></body></html>";
  EXPECT_THAT(ExtractFromHtml(html)->authors, ElementsAre("Lena Berg"));
  // With no person named, the publication is the author.
  const std::string only_site =
      "<html><head><meta property='og:site_name' content='Alp News'>"
      "<meta name='author' content='alpnews.example'></head><body>" +
      Prose("snow") + "</body></html>";
  EXPECT_THAT(ExtractFromHtml(only_site)->authors, ElementsAre("alpnews.example"));
  // CMS accounts name nobody; ", Site" after a name is dropped.
  const std::string placeholder =
      "<html><head><meta property='og:site_name' content='Alp News'>"
      "<meta name='author' content='admin'></head><body>" +
      Prose("snow") + "</body></html>";
  EXPECT_TRUE(ExtractFromHtml(placeholder)->authors.empty());
  const std::string suffixed =
      "<html><head><meta property='og:site_name' content='Alp News'>"
      "<meta name='author' content='Lena Berg, Alp News'></head><body>" +
      Prose("snow") + "</body></html>";
  EXPECT_THAT(ExtractFromHtml(suffixed)->authors, ElementsAre("Lena Berg"));
}

TEST(HtmlExtractorTest, TitleIsTheArticleHeadline) {
  const std::string html =
      "<html><head><title>Site | Rivers</title>"
      "<meta property='og:title' content='Rivers in spring: what the report found'></head><body>"
      "<div class='logo'><h1>Example Site</h1></div><article><h1>Rivers in spring</h1>" +
      Prose("river") + Prose("forest") + "</article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->title, "Rivers in spring");

  // A lone <h1> outside the article that is the site's logo is not the headline.
  const std::string logo =
      "<html><head><title>Rivers in spring - Example Site</title>"
      "<meta property='og:site_name' content='Example Site'></head><body>"
      "<h1>Example Site</h1><div>" +
      Prose("river") + Prose("forest") + "</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(logo)->title, "Rivers in spring");
}

TEST(HtmlExtractorTest, KeepsLeadWrittenInADivBesideTheBody) {
  const std::string html =
      "<html><body><div class='story'><div class='standfirst'>A year of field work in four "
      "regions ends with a clear result, and with a call for an independent review.</div>"
      "<div class='story-text'>" +
      Prose("river") + Prose("forest") + Prose("harbour") + "</div></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("A year of field work in four regions"));
  EXPECT_THAT(page->text, HasSubstr("The river report"));
}

TEST(HtmlExtractorTest, DropsCaptionsCreditsAndReadMoreLinks) {
  const std::string html =
      "<html><body><article>" + Prose("river") +
      "<figure><img src='a.jpg'><figcaption>The river at dawn. Photo: Jane Roe</figcaption>"
      "</figure><p class='image-credit'>AFP / JANE ROE</p>"
      "<p>Read more: <a href='/b'>Why the river floods every spring and what helps</a></p>" +
      Prose("forest") + "</article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The forest report"));
  EXPECT_THAT(page->text, Not(HasSubstr("The river at dawn")));
  EXPECT_THAT(page->text, Not(HasSubstr("AFP / JANE ROE")));
  EXPECT_THAT(page->text, Not(HasSubstr("Why the river floods")));
}

TEST(HtmlExtractorTest, TrimsLabelsAndContactDetailsAtTheEdgesOfTheContent) {
  const std::string html =
      "<html><body><article><p><a href='/img/1'>Show image</a></p>"
      "<p>12.03.2024</p>" +
      Prose("river") + "<h3>Background</h3>" + Prose("forest") +
      "<h2>More on this topic</h2>"
      "<p>Further information:</p>"
      "<p>press.office@example.org</p>"
      "<p>+49 30 1234 5678</p>"
      "<p><a href='/login'>Log in to comment</a></p></article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, ::testing::StartsWith("The river report"));
  EXPECT_THAT(page->text, ::testing::EndsWith("before any money is spent."));
  // A heading between paragraphs is the article's own.
  EXPECT_THAT(page->text, HasSubstr("\nBackground\n"));
}

TEST(HtmlExtractorTest, KeepsSignOffAndTheArticlesOwnListAtTheEnd) {
  const std::string html = "<html><body><article>" + Prose("river") +
                           "<p>The shopping list for the trip:</p>"
                           "<ul><li><h4>Rope</h4></li><li>Two lamps</li><li>Rain coats</li></ul>"
                           "<p>See you on the river, Anna</p></article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text,
              HasSubstr("The shopping list for the trip:\nRope\nTwo lamps\nRain coats"));
  EXPECT_THAT(page->text, ::testing::EndsWith("See you on the river, Anna"));
}

TEST(HtmlExtractorTest, LeavesShortContentUntrimmed) {
  // Too little prose to tell labels from text: the content stays as chosen.
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(
      "<html><body><article><h2>Opening hours</h2><p>Daily from nine.</p>"
      "<h3>Contact</h3></article></body></html>");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->text, "Opening hours\nDaily from nine.\nContact");
}

TEST(HtmlExtractorTest, JoinsAnArticleSplitIntoSeveralSectionContainers) {
  // Page builders wrap each section of the text in its own nested blocks, so no single block
  // holds the article and the sections are not siblings of each other.
  std::string sections;
  for (std::string_view topic : {"river", "forest", "harbour"}) {
    sections += "<div class='block'><div class='block-inner'>" + Prose(topic) + Prose(topic) +
                "</div></div>";
  }
  const std::string html = "<html><body><div class='page'>" + sections +
                           "</div><div class='teasers'><a href='/a'>Other story one</a> "
                           "<a href='/b'>Other story two</a></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The river report"));
  EXPECT_THAT(page->text, HasSubstr("The forest report"));
  EXPECT_THAT(page->text, HasSubstr("The harbour report"));
  EXPECT_THAT(page->text, Not(HasSubstr("Other story")));
}

TEST(HtmlExtractorTest, KeepsAnArticleThatASiteWrapsInAnAside) {
  const std::string html =
      "<html><body><header><a href='/'>Home</a> Site name and slogan</header>"
      "<aside class='page-main'><article>" +
      Prose("river") + Prose("forest") +
      "</article></aside><footer>Imprint. Contact. All rights reserved.</footer></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The river report"));
  EXPECT_THAT(page->text, HasSubstr("The forest report"));
  EXPECT_THAT(page->text, Not(HasSubstr("All rights reserved")));
  EXPECT_THAT(page->text, Not(HasSubstr("slogan")));
}

TEST(HtmlExtractorTest, TakesEveryMarkedArticleBodySectionEvenAShortOne) {
  const std::string html =
      "<html><body><div class='layout'><section itemprop='articleBody'><p>It began with one "
      "peach tree in the yard.</p><div class='ad-slot'></div></section>"
      "<div class='inline-promo'><a href='/x'>Subscribe to the weekly letter</a></div>"
      "<div class='wrap'><section itemprop='articleBody'>" +
      Prose("river") + Prose("forest") + Prose("harbour") + Prose("valley") +
      "</section></div></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("It began with one peach tree in the yard."));
  EXPECT_THAT(page->text, HasSubstr("The valley report"));
  EXPECT_THAT(page->text, Not(HasSubstr("Subscribe")));
}

TEST(HtmlExtractorTest, ATeaserArticleInARelatedBoxIsNotTheScope) {
  // The only <article> of the page is a teaser; the story itself sits in a plain <div>.
  const std::string html =
      "<html><body><div class='story'>" + Prose("river") + Prose("forest") + Prose("harbour") +
      "</div><div class='more-reading'><article><h3>Elsewhere</h3><p>A short teaser about "
      "another story, with a few words of its own.</p></article></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The river report"));
  EXPECT_THAT(page->text, HasSubstr("The harbour report"));
  EXPECT_THAT(page->text, Not(HasSubstr("A short teaser")));
}

TEST(HtmlExtractorTest, ResponsiveHiddenClassesDoNotDropContent) {
  // "hidden-xs" hides the element on phones only; a plain "hidden" box is still furniture.
  const std::string html = "<html><body><div class='story'><div class='tab hidden-xs'>" +
                           Prose("river") + Prose("forest") +
                           "</div><div class='box hidden'><p>Thanks for signing up to the weekly "
                           "letter, see you soon.</p></div></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The river report"));
  EXPECT_THAT(page->text, Not(HasSubstr("Thanks for signing up")));
}

TEST(HtmlExtractorTest, KeepsLeadAndListsAFewLevelsAwayInsideTheMarkedArticle) {
  // A recipe: the lead in its own header box, the ingredients in a column beside the steps.
  const std::string html =
      "<html><body><article class='recipe'><div class='intro'><div class='lead'><p>Soft muffins "
      "with a crunchy almond top, ready in an hour and easy enough to bake with children on a "
      "rainy afternoon.</p></div></div>"
      "<div class='row'><div class='col'><h3>Ingredients</h3><ul><li>200 g flour</li>"
      "<li>100 g butter</li><li>2 eggs</li><li>50 g almonds</li></ul></div>"
      "<div class='col'><div class='steps'>" +
      Prose("river") + Prose("forest") + Prose("harbour") +
      "</div></div></div></article><div class='more'><ul><li><a href='/a'>Other recipe one</a>"
      "</li><li><a href='/b'>Other recipe two</a></li><li><a href='/c'>Other recipe three</a>"
      "</li></ul></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("Soft muffins with a crunchy almond top"));
  EXPECT_THAT(page->text, HasSubstr("200 g flour\n100 g butter\n2 eggs"));
  EXPECT_THAT(page->text, HasSubstr("The harbour report"));
  EXPECT_THAT(page->text, Not(HasSubstr("Other recipe")));
}

TEST(HtmlExtractorTest, DropsTeaserAuthorAndInfoBoxesInsideTheArticle) {
  const std::string html =
      "<html><body><div class='story'>" + Prose("river") +
      "<div class='inline-teaser'><p>Also worth reading, our long report on the coast, "
      "published last week, with many pictures.</p></div>" +
      Prose("forest") +
      "<div class='author-box'><p>Jane Roe writes about nature and cities, and has done so "
      "since the paper was founded.</p></div><div class='factbox'><p>Found a mistake? Tell "
      "us by mail, we will fix it soon.</p></div><div class='cta-box'><p>We are independent and "
      "live from donations: support our work with a yearly gift.</p></div>" +
      Prose("harbour") + "</div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The forest report"));
  EXPECT_THAT(page->text, HasSubstr("The harbour report"));
  EXPECT_THAT(page->text, Not(HasSubstr("Also worth reading")));
  EXPECT_THAT(page->text, Not(HasSubstr("Jane Roe writes")));
  EXPECT_THAT(page->text, Not(HasSubstr("Found a mistake")));
  EXPECT_THAT(page->text, Not(HasSubstr("support our work")));
}

TEST(HtmlExtractorTest, DropsTheHeadingOfALinkListInsideTheArticle) {
  const std::string html = "<html><body><article>" + Prose("river") +
                           "<h3>Read on</h3><ul><li><a href='/a'>Floods in the valley</a></li>"
                           "<li><a href='/b'>A new dam</a></li></ul><h3>What comes next</h3>" +
                           Prose("forest") + "</article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, Not(HasSubstr("Read on")));
  EXPECT_THAT(page->text, Not(HasSubstr("Floods in the valley")));
  EXPECT_THAT(page->text, HasSubstr("\nWhat comes next\nThe forest report"));
}

TEST(HtmlExtractorTest, DropsRubyReadingsOverJapaneseText) {
  const std::string sentence =
      "<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもを<ruby>守<rt>まも</rt></ruby>るための"
      "<ruby>法律<rt>ほうりつ</rt></ruby>ができて、<ruby>親<rt>おや</rt></"
      "ruby>の体罰を禁止することに"
      "なりました。</p>";
  const std::string html =
      "<html><body><article>" + sentence + sentence + sentence + "</article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text,
              HasSubstr("子どもを守るための法律ができて、親の体罰を禁止することになりました。"));
  EXPECT_THAT(page->text, Not(HasSubstr("ほうりつ")));
}

TEST(HtmlExtractorTest, TrimsAClosingContactBoxButKeepsAClosingList) {
  const std::string contact =
      "<html><body><article>" + Prose("river") + Prose("forest") +
      "<p>Contact:</p><p>Dr. Jane Roe, Institute of Rivers</p><p>Tel. +49 30 1234 5678</p>"
      "<p>Further reading in the annual report of the institute</p></article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(contact);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, ::testing::EndsWith("before any money is spent."));

  // Short lines under an intro without contact details or links are the article's own.
  const std::string list = "<html><body><article>" + Prose("river") + Prose("forest") +
                           "<p>What you need:</p><ul><li>Two ropes</li><li>A lamp</li>"
                           "<li>Rain coats for all</li></ul></article></body></html>";
  page = ExtractFromHtml(list);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text,
              ::testing::EndsWith("What you need:\nTwo ropes\nA lamp\nRain coats for all"));
}

TEST(HtmlExtractorTest, KeepsTheLeadMarkedByClassInTheArticleHeader) {
  const std::string html =
      "<html><body><header class='site'><p class='intro'>The best local news since 1901, every "
      "day of the week.</p></header><main><article><header><h1>Rivers</h1><p class='byline'>"
      "By Jane Roe</p><p class='article-lead'>A year of field work ends with a clear result "
      "and a call for a review</p></header><div class='body'>" +
      Prose("river") + Prose("forest") + Prose("harbour") + "</div></article></main></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, ::testing::StartsWith("A year of field work ends with a clear result "
                                                "and a call for a review\nThe river report"));
  EXPECT_THAT(page->text, Not(HasSubstr("By Jane Roe")));
  EXPECT_THAT(page->text, Not(HasSubstr("best local news")));
}

TEST(HtmlExtractorTest, JoinsSectionsStyledAlikeThatPictureBlocksSeparate) {
  // A page builder writes each part of the article in its own top-level section; sections of
  // another style (a picture, a short promo) stand between them.
  const std::string html =
      "<html><body><div class='wrap section-copy'><div class='inner'><div class='col'>" +
      Prose("river") + Prose("forest") + Prose("harbour") +
      "</div></div></div><div class='wrap section-image'><img src='a.jpg'><p>Our river in "
      "May, seen from the old bridge.</p></div><div class='wrap section-copy'><div "
      "class='inner'><div class='col'>" +
      Prose("valley") + Prose("meadow") +
      "</div></div></div><div class='wrap section-copy'><div class='inner'><div class='col'>"
      "<p>Only one paragraph here, a note about the company that ran the study.</p>"
      "</div></div></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The river report"));
  EXPECT_THAT(page->text, HasSubstr("The meadow report"));
  EXPECT_THAT(page->text, Not(HasSubstr("Our river in May")));
  // A box of a single paragraph styled like the article is not taken for a part of it.
  EXPECT_THAT(page->text, Not(HasSubstr("a note about the company")));
}

TEST(HtmlExtractorTest, KeepsAnIngredientsTableBesideTheStepsWithoutAMarkedArticle) {
  const std::string html =
      "<html><body><div class='recipe'><div class='row'><div class='box'><table>"
      "<tr><td>200 g</td><td>wheat flour</td></tr><tr><td>100 g</td><td>cold butter</td></tr>"
      "<tr><td>2</td><td>eggs, medium size</td></tr></table></div><div class='box'><div "
      "class='steps'>" +
      Prose("river") + Prose("forest") + Prose("harbour") +
      "</div></div></div><div class='row'><div class='box'><ul>"
      "<li>Our long guide to baking bread at home, with many pictures of every single "
      "step</li><li>Twelve cakes for a birthday party that children will love, tried and "
      "tested</li><li>Why butter should be cold when you make pastry, and what helps when it "
      "is not</li></ul></div></div></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("200 g\nwheat flour\n100 g\ncold butter"));
  EXPECT_THAT(page->text, HasSubstr("The harbour report"));
  // A list of long snippets is a list of other pages.
  EXPECT_THAT(page->text, Not(HasSubstr("Our long guide")));
}

TEST(HtmlExtractorTest, KeepsTheLeadBeforeAMarkedArticleBody) {
  const std::string html =
      "<html><body><div class='news-single'><h3>Rivers</h3><div class='teaser-text'><p>A year of "
      "field work ends with a clear result, and with a call for an independent review.</p></div>"
      "<div class='news-text-wrap' itemprop='articleBody'>" +
      Prose("river") + Prose("forest") + "</div></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("A year of field work ends with a clear result, and with a "
                                    "call for an independent review.\nThe river report"));
}

TEST(HtmlExtractorTest, HeadlineThatDisagreesWithTheTitleIsASectionHeading) {
  const std::string html =
      "<html><head><title>Rivers in spring | Example Site</title></head><body><main>"
      "<h1>Quicklinks</h1>" +
      Prose("river") + Prose("forest") + "</main></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->title, "Rivers in spring");
}

TEST(HtmlExtractorTest, ArticleHeadlineWordedOtherwiseThanTheTitle) {
  auto title_of = [](const std::string& title_tag, const std::string& h1) {
    const std::string html = "<html><head><title>" + title_tag +
                             "</title></head><body><article><h1>" + h1 + "</h1>" + Prose("river") +
                             Prose("forest") + "</article></body></html>";
    return ExtractFromHtml(html)->title;
  };
  // About the same thing (a shared word): the headline the page shows.
  EXPECT_EQ(title_of("Loan rates: how to work out your costs | Loan Site",
                     "How high are the rates for a personal loan?"),
            "How high are the rates for a personal loan?");
  // A call to action or the site's part of the title is no headline.
  EXPECT_EQ(title_of("Rivers rise in spring | Loan Site", "It is up to you!"),
            "Rivers rise in spring");
  EXPECT_EQ(title_of("Rivers rise early in spring this year - Rivers of Berlin Guide",
                     "Rivers of Berlin Guide"),
            "Rivers rise early in spring this year");
}

TEST(HtmlExtractorTest, HeadlineAmongSeveralH1Elements) {
  auto title_of = [](const std::string& head, const std::string& headings) {
    const std::string html = "<html><head>" + head + "</head><body>" + headings + "<div>" +
                             Prose("river") + "</div></body></html>";
    return ExtractFromHtml(html)->title;
  };
  // Logos (named so, linking home, hidden for screen readers) and menus around the headline.
  EXPECT_EQ(title_of("<title>River Times - Rivers rise in spring</title>",
                     "<h1 class='logo'><a href='/'>River Times</a></h1><h1>Navigation</h1>"
                     "<h1>Rivers rise in spring</h1>"),
            "Rivers rise in spring");
  EXPECT_EQ(title_of("<title>River Times: Rivers rise in spring</title>",
                     "<h1><a href='https://rivertimes.example/'>River Times</a></h1>"
                     "<h1 class='aural'>River Times</h1><h1>Rivers rise in spring</h1>"),
            "Rivers rise in spring");
  // The headline the page declares word for word wins over one that only shares words; soft
  // hyphens and a colon left by a hidden part are not part of it.
  EXPECT_EQ(title_of("<meta property='og:title' content='Snow returns to the valley, Alps'>",
                     "<h1>Alps valley snow report</h1><h1>Snow re&shy;turns to the val&shy;ley "
                     ":<span hidden> Topic: Alps</span></h1>"),
            "Snow returns to the valley");
}

TEST(HtmlExtractorTest, HeadlineWithoutStylesAndAKickerEndingInAColon) {
  // A page builder's <style> inside the heading, a kicker element closed by a colon.
  const std::string html =
      "<html><head><title>Snow returns to the valley</title>"
      "<meta property='og:title' content='Press releases'></head><body><main>"
      "<h1><style>.c1{font-size:16px}</style><span class='c1'>Press release of the Alp "
      "office<span>:</span></span>Snow returns to the valley</h1>" +
      Prose("snow") + "</main></body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->title, "Snow returns to the valley");
}

TEST(HtmlExtractorTest, LogoHeadingAgreesOnlyWithTheSitePartOfTheTitle) {
  // The title's site suffix is no evidence for a logo <h1>.
  const std::string suffix =
      "<html><head><title>Rivers rise in spring | RiverBlog</title></head><body>"
      "<h1>RiverBlog</h1><div>" +
      Prose("river") + "</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(suffix)->title, "Rivers rise in spring");
  // A domain name is never the headline; a title that starts with one ends with it.
  const std::string domain =
      "<html><head><title>riverblog.example &raquo; Archive &raquo; Rivers rise in spring"
      "</title></head><body><h1>riverblog.example</h1><div>" +
      Prose("river") + "</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(domain)->title, "Rivers rise in spring");
  // A longer form of the site's name, and one written with another dash.
  const std::string longer =
      "<html><head><meta property='og:site_name' content='Alp News - Daily'>"
      "<meta property='og:title' content='Snow returns to the valley'></head><body>"
      "<h1>Alp News &ndash; Daily</h1><div>" +
      Prose("snow") + "</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(longer)->title, "Snow returns to the valley");
  const std::string motto =
      "<html><head><meta property='og:site_name' content='Alp News'>"
      "<meta property='og:title' content='Snow returns to the valley'></head><body>"
      "<h1>Alp News, the first daily of the Alps</h1><div>" +
      Prose("snow") + "</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(motto)->title, "Snow returns to the valley");
  // Words agree whole: the letter "O" and "Mag" of a logo are not words of the title.
  const std::string letters =
      "<html><head><title>Magnolia opinions on spring gardens</title></head><body><main>"
      "<h1>O Mag</h1>" +
      Prose("garden") + "</main></body></html>";
  EXPECT_EQ(ExtractFromHtml(letters)->title, "Magnolia opinions on spring gardens");
}

TEST(HtmlExtractorTest, TitleDropsTheSiteNameItsLogoHeadingShows) {
  auto title_of = [](const std::string& title_tag, const std::string& heading) {
    const std::string html = "<html><head><title>" + title_tag + "</title></head><body>" + heading +
                             "<div>" + Prose("snow") + "</div></body></html>";
    return ExtractFromHtml(html)->title;
  };
  EXPECT_EQ(
      title_of("Snow returns to the valley : Alp Recipes", "<h1 class='logo'>Alp Recipes</h1>"),
      "Snow returns to the valley");
  EXPECT_EQ(
      title_of("Alp Recipes | Snow returns to the valley", "<h1><a href='/'>Alp Recipes</a></h1>"),
      "Snow returns to the valley");
  // Without a logo of that name, a colon opens a subtitle.
  EXPECT_EQ(title_of("Neige : le retour dans la vallée", "<h1 class='logo'>Alp Recipes</h1>"),
            "Neige : le retour dans la vallée");
}

TEST(HtmlExtractorTest, HeadlineInAnH2WhenNoH1IsOne) {
  auto title_of = [](const std::string& head, const std::string& headings) {
    const std::string html = "<html><head>" + head + "</head><body>" + headings + "<div>" +
                             Prose("snow") + "</div></body></html>";
    return ExtractFromHtml(html)->title;
  };
  // The <h1> is the site's domain; the <h2> is the declared title as the page writes it.
  EXPECT_EQ(title_of("<title>Snow returns – in the valley | Alp News</title>"
                     "<meta property='og:title' content='Snow returns - in the valley'>",
                     "<h1>alpnews.example</h1><h2>Snow returns – in the valley</h2>"),
            "Snow returns – in the valley");
  // A sidebar heading that is a word of the title is no headline.
  EXPECT_EQ(title_of("<title>alpnews.example » Blog Archive » Snow returns to the valley</title>",
                     "<h2 class='widgettitle'>Archive</h2>"),
            "Snow returns to the valley");
  // An <h2> named as the entry's title, about the same thing as the <title>.
  EXPECT_EQ(title_of("<title>Winter in the mountains - Alp News</title>",
                     "<h2 class='page-title-heading'>What the snow means for winter</h2>"),
            "What the snow means for winter");
  // A teaser named so in a sidebar, about something else, is not.
  EXPECT_EQ(title_of("<title>Winter in the mountains - Alp News</title>",
                     "<h2 class='post-title'>Caring for house plants</h2>"),
            "Winter in the mountains");
}

TEST(HtmlExtractorTest, HeadlineSharingAPartOfACompoundWithTheTitle) {
  auto title_of = [](const std::string& title_tag, const std::string& h1) {
    const std::string html = "<html><head><title>" + title_tag +
                             "</title></head><body><article><h1>" + h1 + "</h1>" + Prose("river") +
                             Prose("forest") + "</article></body></html>";
    return ExtractFromHtml(html)->title;
  };
  EXPECT_EQ(title_of("Autofinanzierung – Kredit oder Leasing?", "Finanzierung Ihres Autos"),
            "Finanzierung Ihres Autos");
  // A short word inside a compound says nothing ("Auto" in "Autobahn").
  EXPECT_EQ(title_of("Autobahnen im Winter – was Fahrer wissen sollten", "Mein neues Auto"),
            "Autobahnen im Winter – was Fahrer wissen sollten");
}

TEST(HtmlExtractorTest, TitleDropsTheSiteNameAtEitherEnd) {
  auto title_of = [](const std::string& og_title, const std::string& title_tag) {
    const std::string html =
        "<html><head><meta property='og:site_name' content='Alp News'>" +
        (og_title.empty() ? std::string()
                          : "<meta property='og:title' content='" + og_title + "'>") +
        "<title>" + title_tag + "</title></head><body><div>" + Prose("snow") +
        "</div></body></html>";
    return ExtractFromHtml(html)->title;
  };
  EXPECT_EQ(title_of("ALP NEWS | Snow returns to the valley", ""), "Snow returns to the valley");
  EXPECT_EQ(title_of("Snow returns to the valley &middot; Alp News", ""),
            "Snow returns to the valley");
  EXPECT_EQ(title_of("Alp News|Snow returns", ""), "Snow returns");
  // A one-word headline before the site's name.
  EXPECT_EQ(title_of("Loft &ndash; Alp News", ""), "Loft");
  // A hyphen that joins the name to a word is part of the headline.
  EXPECT_EQ(title_of("Alp News-Leser wählen den Schnee", ""), "Alp News-Leser wählen den Schnee");
  // A subtitle in og:title is not a suffix unless the <title> ends with it too.
  EXPECT_EQ(title_of("Snow in May – a report", "Snow in May – a report | Alp News"),
            "Snow in May – a report");
  EXPECT_EQ(title_of("Snow returns to the valley - ANews", "Snow returns to the valley - ANews"),
            "Snow returns to the valley");
  // Further short tails behind the same separator: forum and category names.
  EXPECT_EQ(title_of("", "Why does the snow melt so early? | Weather | Forum | SnowTalk"),
            "Why does the snow melt so early?");
  // A date range is part of the headline.
  EXPECT_EQ(title_of("", "Weekly report 14. - 20. January 2022 - SNOW"),
            "Weekly report 14. - 20. January 2022");
}

TEST(HtmlExtractorTest, TitleDropsASitePartNamedAfterTheHost) {
  auto title_of = [](const std::string& title_tag) {
    const std::string html =
        "<html><head><link rel='canonical' href='https://alpen-bote.example/news/1'><title>" +
        title_tag + "</title></head><body><div>" + Prose("snow") + "</div></body></html>";
    return ExtractFromHtml(html)->title;
  };
  EXPECT_EQ(title_of("FC Alpen Bote Fans - Snow returns to the valley - Club News - News"),
            "Snow returns to the valley");
  EXPECT_EQ(title_of("Snow returns to the valley :: Der Alpen-Bote"), "Snow returns to the valley");
  // The host's name inside the headline is part of it; a short rest is a section of the site.
  EXPECT_EQ(title_of("Why the Alpen Bote prints on Sundays again"),
            "Why the Alpen Bote prints on Sundays again");
  EXPECT_EQ(title_of("Blog | Alpen Bote"), "Blog | Alpen Bote");
}

TEST(HtmlExtractorTest, TitleIsTheElementMarkedAsHeadline) {
  // The <title> names only the shop; the page marks its headline with microdata.
  const std::string html =
      "<html><head><title>.:: ALP-MEDIA ::. Templates and designs</title></head><body>"
      "<h2>Shop 4</h2><div><h1 itemprop='headline'> Snow returns to the valley</h1>" +
      Prose("snow") + "</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(html)->title, "Snow returns to the valley");
  // Marked teasers in a list of other articles are not the page's headline.
  const std::string listing =
      "<html><head><title>Alp News - Snow returns</title></head><body>"
      "<ul class='related-articles'><li><h3 itemprop='headline'>Ferry prices rise</h3></li></ul>"
      "<div>" +
      Prose("snow") + "</div></body></html>";
  EXPECT_EQ(ExtractFromHtml(listing)->title, "Alp News - Snow returns");
}

TEST(HtmlExtractorTest, HeadlineWithoutItsKicker) {
  // A kicker element and the hidden dash after it are not the headline.
  const std::string marked =
      "<html><body><article><h1><span class='teaser__kicker'>Winter</span>"
      "<span class='visually-hidden'> - </span><span>Snow returns to the valley</span></h1>" +
      Prose("snow") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(marked)->title, "Snow returns to the valley");
  // Hidden dashes between two parts of the headline stay; hidden words go.
  const std::string parts =
      "<html><body><article><h1><span>Winter in the Alps</span><span aria-hidden='true'> - "
      "</span><span>Snow returns</span><span class='sr-only'>Article</span></h1>" +
      Prose("snow") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(parts)->title, "Winter in the Alps - Snow returns");
  // Without markup, the headline JSON-LD declares ends the shown one.
  const std::string declared =
      "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
      "\"headline\": \"Snow returns to the valley\"}</script></head><body><article>"
      "<h1>Weekly column Snow returns to the valley</h1>" +
      Prose("snow") + "</article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(declared);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->title, "Snow returns to the valley");
  // The shown headline is not repeated as text, kicker and all.
  EXPECT_THAT(page->text, Not(HasSubstr("Weekly column")));
  // ...unless the page's title shows the kicker too.
  const std::string confirmed =
      "<html><head><title>Winter: Snow returns to the valley</title>"
      "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
      "\"headline\": \"Snow returns to the valley\"}</script></head><body><article>"
      "<h1>Winter: Snow returns to the valley</h1>" +
      Prose("snow") + "</article></body></html>";
  EXPECT_EQ(ExtractFromHtml(confirmed)->title, "Winter: Snow returns to the valley");
}

std::vector<std::string> AuthorsOf(const std::string& head, const std::string& body) {
  const std::string html =
      "<html><head>" + head + "</head><body><article>" + body + "</article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  return page.ok() ? page->authors : std::vector<std::string>{"error: " + page.status().ToString()};
}

TEST(HtmlExtractorTest, ReadsBylinesWrittenAsText) {
  // A label and a name on one line, the name in another element.
  EXPECT_THAT(AuthorsOf("", Prose("river") + "<p>(to be continued)<br><strong>Text:</strong> "
                                             "Klaus Muster</p>"),
              ElementsAre("Klaus Muster"));
  EXPECT_THAT(AuthorsOf("", Prose("river") + "<p> von <em>Klaus Muster</em></p>"),
              ElementsAre("Klaus Muster"));
  // A second field set apart with non-breaking spaces ends the name.
  EXPECT_THAT(AuthorsOf("",
                        "<p><em>Text von Jana Beispiel &nbsp;&nbsp;Illustration von Max "
                        "Muster</em></p>" +
                            Prose("river")),
              ElementsAre("Jana Beispiel"));
  // A label on a line of its own: the name is on the next line.
  EXPECT_THAT(AuthorsOf("", Prose("river") + "<h4>Autor</h4><p><a href='/p/1'>Nils Muster</a>"
                                             "<b>, </b></p>"),
              ElementsAre("Nils Muster"));
  EXPECT_THAT(AuthorsOf("", Prose("river") + "<b>Von:</b><br><br>Götz Muster"),
              ElementsAre("Götz Muster"));
  // Two people joined by "und" stay one byline, as written.
  EXPECT_THAT(AuthorsOf("", Prose("river") + "<p>Autoren Jelko Muster und Jutta Beispiel</p>"),
              ElementsAre("Jelko Muster und Jutta Beispiel"));
  // A role after the name goes; "Auteur :" is a label too.
  EXPECT_THAT(AuthorsOf("", Prose("river") + "<p><strong>Autorin: Uta Muster, Projektleiterin "
                                             "der Stiftung in Tunis.</strong></p>"),
              ElementsAre("Uta Muster"));
  EXPECT_THAT(AuthorsOf("", Prose("river") + "<p>Auteur : Kossi Exemple </p>"),
              ElementsAre("Kossi Exemple"));
  // Dashes in front of the byline word.
  EXPECT_THAT(AuthorsOf("", "<p><em>---- by Kenneth Example</em></p>" + Prose("river")),
              ElementsAre("Kenneth Example"));
  // "und" joins names, not single words.
  EXPECT_THAT(AuthorsOf("", Prose("river") + "<p>Von Sitte und Moral</p>"), IsEmpty());
  // Lines that start like a byline but go on with no name are text.
  EXPECT_THAT(AuthorsOf("", Prose("river") + "<p>Von Berlin nach Hamburg</p>"
                                             "<p>By train, the trip takes two hours.</p>"
                                             "<p>Texte</p><p>Photos</p>"),
              IsEmpty());
}

TEST(HtmlExtractorTest, ReadsAuthorsFromMoreSources) {
  // The "Written by" pair of a Twitter card.
  EXPECT_THAT(AuthorsOf("<meta name='twitter:label1' content='Verfasst von'>"
                        "<meta name='twitter:data1' content='Karo Muster'>",
                        Prose("river")),
              ElementsAre("Karo Muster"));
  EXPECT_THAT(AuthorsOf("<meta name='twitter:label1' content='Est. reading time'>"
                        "<meta name='twitter:data1' content='3 minutes'>",
                        Prose("river")),
              IsEmpty());
  EXPECT_THAT(AuthorsOf("<meta name='parsely-author' content='Lena Berg'>", Prose("river")),
              ElementsAre("Lena Berg"));
  // Byline classes in French and German; a field of another kind in one is skipped.
  EXPECT_THAT(AuthorsOf("", "<div class='dates_auteurs'>En kiosques : <a>juillet 2020</a></div>" +
                                Prose("river") +
                                "<div class='dates_auteurs'>par <span class='auteurs'>Didier "
                                "Muster</span>, 21 juin 2018</div>"),
              ElementsAre("Didier Muster"));
  EXPECT_THAT(AuthorsOf("", "<h3 class='title-authors'><a href='/auteurs/'>Auteurs</a></h3>" +
                                Prose("river") + "<span class='autor'>Eva Muster</span>"),
              ElementsAre("Eva Muster"));
}

TEST(HtmlExtractorTest, BylineNamingAPersonWinsOverAnOrganisation) {
  const std::string byline = "<p class='bodytext'>Von Claudia Muster</p>" + Prose("river");
  EXPECT_THAT(AuthorsOf("<meta name='author' content='L-MAG'>", byline),
              ElementsAre("Claudia Muster"));
  EXPECT_THAT(AuthorsOf("<meta name='author' content='Bund der Leser e.V.'>", byline),
              ElementsAre("Claudia Muster"));
  // A person or a user named by the page's metadata stays.
  EXPECT_THAT(AuthorsOf("<meta name='author' content='Lena Berg'>", byline),
              ElementsAre("Lena Berg"));
  EXPECT_THAT(AuthorsOf("<meta name='author' content='HansG'>", byline), ElementsAre("HansG"));
  // A CMS account joined by a hyphen or a dot is no name as the page shows it.
  EXPECT_THAT(AuthorsOf("<meta name='author' content='claudia-muster'>", byline),
              ElementsAre("Claudia Muster"));
  EXPECT_THAT(AuthorsOf("<meta name='author' content='hansg'>", byline), ElementsAre("hansg"));
}

TEST(HtmlExtractorTest, AuthorNamingThePublicationYieldsToTheByline) {
  const std::string byline =
      "<div class='autor'>Jorge Muster | Publicado hace 3 horas</div>" + Prose("river");
  // The host's name written with spaces, or the initials of the publication's words.
  EXPECT_THAT(AuthorsOf("<link rel='canonical' href='https://www.elnorte.example/a/1'>"
                        "<meta name='author' content='El Norte'>",
                        byline),
              ElementsAre("Jorge Muster"));
  EXPECT_THAT(AuthorsOf("<link rel='canonical' href='https://www.ab.example/fr/a-1'>"
                        "<meta name='author' content='Alpen Bote'>",
                        byline),
              ElementsAre("Jorge Muster"));
  // A JSON-LD author typed as an organisation, whatever its name.
  EXPECT_THAT(AuthorsOf("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                        "\"author\": {\"@type\": \"NewsMediaOrganization\", "
                        "\"name\": \"Diario Muster\"}}</script>",
                        byline),
              ElementsAre("Jorge Muster"));
  // ... and it is the author when nobody else is named.
  EXPECT_THAT(AuthorsOf("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                        "\"author\": {\"@type\": \"NewsMediaOrganization\", "
                        "\"name\": \"Diario Muster\"}}</script>",
                        Prose("river")),
              ElementsAre("Diario Muster"));
  // A person the page declares stays, also one typed as both person and organisation.
  EXPECT_THAT(AuthorsOf("<link rel='canonical' href='https://www.elnorte.example/a/1'>"
                        "<meta name='author' content='Lena Berg'>",
                        byline),
              ElementsAre("Lena Berg"));
  EXPECT_THAT(AuthorsOf("<script type='application/ld+json'>{\"@type\": \"BlogPosting\", "
                        "\"author\": {\"@type\": [\"Person\", \"Organization\"], "
                        "\"name\": \"Lena Berg\"}}</script>",
                        byline),
              ElementsAre("Lena Berg"));
}

TEST(HtmlExtractorTest, DecodesCharacterReferencesInJsonLdStrings) {
  const std::string html =
      "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
      "\"headline\": \"Ca&ntilde;&oacute;n &amp; r&#237;o\", "
      "\"author\": {\"@type\": \"Person\", \"name\": \"Mar&iacute;a P&eacute;rez\"}}"
      "</script></head><body><div>" +
      Prose("river") + "</div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->authors, ElementsAre("María Pérez"));
  EXPECT_EQ(page->title, "Cañón & río");
  // A bare ampersand stays.
  EXPECT_THAT(AuthorsOf("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                        "\"author\": \"Lena & Olu Berg\"}</script>",
                        Prose("river")),
              ElementsAre("Lena & Olu Berg"));
}

TEST(HtmlExtractorTest, AuthorWithoutRolesAroundTheName) {
  auto meta_author = [](const std::string& content) {
    return AuthorsOf("<meta name='author' content=\"" + content + "\">", Prose("river"));
  };
  EXPECT_THAT(meta_author("Von FOCUS-Online-Experte Lena Berg"), ElementsAre("Lena Berg"));
  EXPECT_THAT(meta_author("Gastautorin Lena Berg"), ElementsAre("Lena Berg"));
  EXPECT_THAT(meta_author("By OLU BEDE, AP Sports Writer"), ElementsAre("OLU BEDE"));
  EXPECT_THAT(meta_author("By Olu Bede For The Daily Example"), ElementsAre("Olu Bede"));
  EXPECT_THAT(meta_author("Veröffentlicht von Lena Berg"), ElementsAre("Lena Berg"));
  EXPECT_THAT(meta_author("Recipe by Lena Berg"), ElementsAre("Lena Berg"));
  // Contact addresses after the name.
  EXPECT_THAT(meta_author("Lena Berg info@berg.example"), ElementsAre("Lena Berg"));
  EXPECT_THAT(meta_author("Berg Media GmbH www.berg.example"), ElementsAre("Berg Media GmbH"));
  // A role word that is the whole name, or a name that only ends like a role, stays.
  EXPECT_THAT(meta_author("Reporter"), ElementsAre("Reporter"));
  EXPECT_THAT(meta_author("Lena Berg, Example Town"), ElementsAre("Lena Berg, Example Town"));
  EXPECT_THAT(AuthorsOf("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                        "\"author\": {\"@type\": \"Person\", "
                        "\"name\": \"Von SPIEGEL-Korrespondent Olu Bede\"}}</script>",
                        Prose("river")),
              ElementsAre("Olu Bede"));
}

TEST(HtmlExtractorTest, ReadsRecipeMetadataFromJsonLd) {
  const std::string html =
      "<html><head><title>Plum cake | Cook Site</title><script type='application/ld+json'>"
      "{\"@type\": \"Recipe\", \"name\": \"Plum cake\", "
      "\"datePublished\": \"2019-01-08\", "
      "\"author\": {\"@type\": \"Person\", \"name\": \"plumfan\"}}</script></head>"
      "<body><div>" +
      Prose("plums") + "</div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->authors, ElementsAre("plumfan"));
  EXPECT_EQ(page->published_date, "2019-01-08");
}

TEST(HtmlExtractorTest, ReadsTheNameHeadingOfAnAuthorBox) {
  // A box named for the author with a picture, a bio and links: its name heading.
  EXPECT_THAT(AuthorsOf("", Prose("river") +
                                "<div class='author-bio'><img alt='Lena Berg' src='l.jpg'>"
                                "<h3>Lena Berg</h3><p>Lena writes about rivers and lakes and has "
                                "done so for many years.</p><p><a href='/author/lena'>All posts by "
                                "Lena Berg</a></p></div>"),
              ElementsAre("Lena Berg"));
  // Topic links in a post's author line name no person; a byline in the text comes first.
  EXPECT_THAT(AuthorsOf("",
                        "<div class='post-author'><a rel='tag' href='/topic/x'>Top River "
                        "News</a> / <a rel='tag' href='/topic/y'>Lake Stories</a> and more "
                        "topics of the day</div>" +
                            Prose("river")),
              IsEmpty());
  EXPECT_THAT(
      AuthorsOf("", "<address>By <a href='/author/ob'>Olu Bede</a></address>" + Prose("river") +
                        "<div class='author-box'><p><b>OLU BEDE</b> has done many "
                        "amazing things in his short life, twice.</p></div>"),
      ElementsAre("Olu Bede"));
}

TEST(HtmlExtractorTest, ReadsTheNameBesideTheDateOverTheHeadline) {
  auto authors_of = [](const std::string& line) {
    return AuthorsOf("",
                     "<small>" + line + "</small><h1>Rivers rise in spring</h1>" + Prose("river"));
  };
  EXPECT_THAT(authors_of("04.02.2022 | 13:10 Uhr | Lena Berg"), ElementsAre("Lena Berg"));
  EXPECT_THAT(authors_of("25.10.2022 - Olu Bede"), ElementsAre("Olu Bede"));
  // Topics, a place, a label in capitals and a line without a date name nobody.
  EXPECT_THAT(authors_of("01. November 2021 | Naturschutz, BUND"), IsEmpty());
  EXPECT_THAT(authors_of("01.11.2021 | Berlin"), IsEmpty());
  EXPECT_THAT(authors_of("01.11.2021 | PAID CONTENT"), IsEmpty());
  EXPECT_THAT(authors_of("Kapitel 3 | Lena Berg"), IsEmpty());
}

TEST(HtmlExtractorTest, ReadsTheAuthorOfAJsonLdWebPage) {
  // A CMS's page that is not typed as an article names its author on the WebPage, by @id.
  const std::string graph =
      "<script type='application/ld+json'>{\"@graph\": ["
      "{\"@type\": \"WebPage\", \"@id\": \"#page\", \"author\": {\"@id\": \"#p1\"}},"
      "{\"@type\": [\"Person\"], \"@id\": \"#p1\", \"name\": \"Lena Berg\"}]}</script>";
  EXPECT_THAT(
      AuthorsOf(graph + "<meta name='author' content='Theme by Example designed'>", Prose("river")),
      ElementsAre("Lena Berg"));
  // An article's own author comes first.
  EXPECT_THAT(AuthorsOf(graph + "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                                "\"author\": {\"@type\": \"Person\", \"name\": \"Olu "
                                "Bede\"}}</script>",
                        Prose("river")),
              ElementsAre("Olu Bede"));
}

TEST(HtmlExtractorTest, APostNamedForItsAuthorIsNoByline) {
  // The post's container carries its author's slug as a class; its text is the post.
  const std::string html =
      "<html><head><title>Yellow vests and I</title></head><body>"
      "<article class='hentry author-lena-berg'><h1>Yellow vests and I</h1>"
      "<time>December 4, 2018</time>" +
      Prose("river") + "<p>Posted in <a rel='author' href='/author/lena'>Lena Berg</a></p>" +
      "</article></body></html>";
  EXPECT_THAT(ExtractFromHtml(html)->authors, ElementsAre("Lena Berg"));
}

TEST(HtmlExtractorTest, CleansAuthorNames) {
  auto meta_author = [](const std::string& content) {
    return AuthorsOf("<meta name='author' content=\"" + content + "\">", Prose("river"));
  };
  EXPECT_THAT(meta_author("Written by: Jane Roe"), ElementsAre("Jane Roe"));
  EXPECT_THAT(meta_author("Interview: Jane Roe"), ElementsAre("Jane Roe"));
  EXPECT_THAT(meta_author("Joe S."), ElementsAre("Joe S."));
  EXPECT_THAT(meta_author("By Joe Smith."), ElementsAre("Joe Smith"));
  EXPECT_THAT(meta_author("Jane Roe / example.de"), ElementsAre("Jane Roe"));
  EXPECT_THAT(meta_author("'Jane Roe, John Doe'"), ElementsAre("Jane Roe, John Doe"));
  EXPECT_THAT(meta_author("Deutsche Welle (www.dw.example)"), ElementsAre("Deutsche Welle"));
  // Names listed with commas, however many.
  EXPECT_THAT(meta_author("Von Jane Roe, Olu Bede Muster & Max Muster"),
              ElementsAre("Jane Roe, Olu Bede Muster & Max Muster"));
  EXPECT_THAT(meta_author("Jane Roe, Olu Bede, see more of our great team"), IsEmpty());
  // Labels and credits name no author.
  EXPECT_THAT(meta_author("Veröffentlicht"), IsEmpty());
  EXPECT_THAT(meta_author("Foto: Ingo Muster"), IsEmpty());
}

TEST(HtmlExtractorTest, ReadsNoscriptAsTextLikeABrowserWithScripting) {
  // A tracking pixel's <noscript> with an unclosed <div> must not swallow the article, and its
  // content is never text.
  const std::string html =
      "<html><body><noscript><div><img src='/pixel.gif'> Please enable JavaScript to see our "
      "videos.</noscript><article>" +
      Prose("river") + Prose("forest") + "</article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The river report"));
  EXPECT_THAT(page->text, HasSubstr("The forest report"));
  EXPECT_THAT(page->text, Not(HasSubstr("enable JavaScript")));
}

TEST(HtmlExtractorTest, TheNoscriptOfALazyAvatarIsNotPartOfTheByline) {
  const std::string avatar = "<noscript><img src='/avatars/jane.png' alt='Avatar'></noscript>";
  EXPECT_THAT(AuthorsOf("", "<p><a rel='author' href='/jane'>" + avatar + "Jane Roe</a></p>" +
                                Prose("river")),
              ElementsAre("Jane Roe"));
}

TEST(HtmlExtractorTest, ABoxThatWinsByItsClassAloneYieldsToTheLargerArticle) {
  // The box's class word ("text") outscores the unnamed article, which holds far more prose and
  // scores nearly as well.
  const std::string html =
      "<html><body><div class='box-text'><p>Opening hours: Monday to Friday, 9 to 17. Saturday, "
      "10 to 14. Closed on Sundays, holidays and in August.</p></div><div><div>" +
      Prose("river") + Prose("forest") + Prose("harbour") + "</div></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, ::testing::StartsWith("The river report"));
  EXPECT_THAT(page->text, HasSubstr("The harbour report"));
  EXPECT_THAT(page->text, Not(HasSubstr("Opening hours")));
}

TEST(HtmlExtractorTest, FindsTheLeadDeepInTheMarkedArticlesLayoutBoxes) {
  // Header and body each sit in container / row / column boxes of a grid framework.
  const std::string html =
      "<html><body><article><header><div class='container'><div class='row'><div "
      "class='col'><h1>Rivers</h1><p class='article-lead'>A year of field work ends with a "
      "clear result and a call for a review</p></div></div></div></header><div "
      "class='body'><div class='container'><div class='row'><div class='col'>" +
      Prose("river") + Prose("forest") + Prose("harbour") +
      "</div></div></div></div></article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, ::testing::StartsWith("A year of field work ends with a clear result "
                                                "and a call for a review\nThe river report"));
}

TEST(HtmlExtractorTest, KeepsTheLeadNamedSubtitleSummaryOrLeader) {
  for (const std::string lead_class : {"article-subtitle", "entry-summary", "leader"}) {
    const std::string html = "<html><body><div class='page'><p class='" + lead_class +
                             "'>A year of field work ends with a clear result and a call for a "
                             "review</p><div class='main'><div class='text'>" +
                             Prose("river") + Prose("forest") + "</div></div></div></body></html>";
    absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_THAT(page->text, ::testing::StartsWith("A year of field work")) << lead_class;
  }
}

TEST(HtmlExtractorTest, KeepsAnUnmarkedStandfirstRightAfterTheHeadline) {
  // Without a class: the long element right after the headline is the standfirst; a short one
  // (a byline or date) is not taken for it.
  const std::string standfirst =
      "<html><body><div class='page'><div class='head'><h1>Rivers</h1><h2>After a year of field "
      "work in four regions the report ends with a clear result and a call for a review</h2>"
      "</div><div class='main'><div class='text'>" +
      Prose("river") + Prose("forest") + "</div></div></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(standfirst);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, ::testing::StartsWith("After a year of field work in four regions"));
  const std::string byline =
      "<html><body><div class='page'><div class='head'><h1>Rivers</h1><p>Jane Roe, 12 May 2024, "
      "Berlin</p></div><div class='main'><div class='text'>" +
      Prose("river") + Prose("forest") + "</div></div></div></body></html>";
  page = ExtractFromHtml(byline);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, ::testing::StartsWith("The river report"));
}

TEST(HtmlExtractorTest, KeepsAnIngredientListThatLinksItsItems) {
  const std::string html =
      "<html><body><div class='recipe'><div class='row'><div class='box'><ul>"
      "<li>200 grams of <a href='/flour'>wheat flour</a>, sifted</li><li>100 grams of cold "
      "<a href='/butter'>butter</a></li><li>2 medium <a href='/eggs'>eggs</a></li><li>1 pinch "
      "of <a href='/salt'>salt</a></li></ul></div><div class='box'><div class='steps'>" +
      Prose("river") + Prose("forest") + Prose("harbour") +
      "</div></div></div><div class='row'><div class='box'><ul><li><a href='/a'>Bread at "
      "home</a></li><li><a href='/b'>Twelve cakes</a></li><li><a href='/c'>Cold butter "
      "tips</a></li></ul></div></div></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("200 grams of wheat flour, sifted\n100 grams of cold butter\n"
                                    "2 medium eggs\n1 pinch of salt"));
  EXPECT_THAT(page->text, HasSubstr("The harbour report"));
  // Items that are links and nothing else are other pages.
  EXPECT_THAT(page->text, Not(HasSubstr("Twelve cakes")));
}

TEST(HtmlExtractorTest, DropsRatingsDisclosuresAndAuthorBoxes) {
  const std::string html =
      "<html><body><div class='post-content'><p class='disclosure-text'>We recommend the best "
      "products through an independent review process, and advertisers do not influence our "
      "picks.</p>" +
      Prose("river") + Prose("forest") +
      "<p><span class='post-ratings'>Was this article useful? (12 votes, average: 4.5 out of "
      "5)</span></p><div class='authorbox'><p>Jane Roe writes about nature and cities, and has "
      "done so since the paper was founded.</p></div>" +
      Prose("harbour") + "</div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The river report"));
  EXPECT_THAT(page->text, HasSubstr("The harbour report"));
  EXPECT_THAT(page->text, Not(HasSubstr("We recommend the best products")));
  EXPECT_THAT(page->text, Not(HasSubstr("Was this article useful")));
  EXPECT_THAT(page->text, Not(HasSubstr("Jane Roe writes")));
}

TEST(HtmlExtractorTest, SurvivesDeepNestingWithBoundedWork) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100'000; ++i) html += "<div>";
  html += "<p>Deep text survives the flattening of nested containers.</p>";
  for (int i = 0; i < 100'000; ++i) html += "</div>";
  html += "</body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->text, "Deep text survives the flattening of nested containers.");
}

TEST(HtmlExtractorTest, RejectsTooManyNodes) {
  std::string html = "<html><body>";
  for (int i = 0; i < 200; ++i) html += "<span>x</span>";
  html += "</body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html, {.max_nodes = 100});
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ExtractFromHtml(html, {.max_nodes = 1000}).ok());
}

TEST(HtmlExtractorTest, RejectsPageWithoutText) {
  absl::StatusOr<ExtractedPage> page =
      ExtractFromHtml("<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body>");
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ExtractFromHtml("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(HtmlExtractorTest, KeepsTheLeadMarkedAsTheArticlesDescription) {
  // schema.org's description of the article is its lead; an author's description is not, nor is
  // a description set as a heading (a display line like the headline).
  const std::string html =
      "<html><body><div class='page'><div itemprop='description'><p>A year of field work ends "
      "with a clear result and a call for a review</p></div><h2 itemprop='description'>Rivers "
      "rise and fall with the seasons</h2><div class='main'><div class='text'>" +
      Prose("river") + Prose("forest") +
      "</div></div><div itemprop='author'><div itemprop='description'><p>Jane Roe writes about "
      "rivers, forests and the people who live by them</p></div></div></div></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, ::testing::StartsWith("A year of field work ends with a clear result "
                                                "and a call for a review\nThe river report"));
  EXPECT_THAT(page->text, Not(HasSubstr("Rivers rise and fall")));
  EXPECT_THAT(page->text, Not(HasSubstr("Jane Roe writes")));
}

TEST(HtmlExtractorTest, DropsCreditsOutsideFigcaptions) {
  // Captions written as paragraphs end with the picture's credit or name it after a label, and
  // sources are named so too; prose that mentions a copyright and goes on is kept, and so is a
  // label that introduces a list.
  const std::string html =
      "<html><body><article>" + Prose("river") +
      "<div class='img'><p>The river in spring. | © Jane Roe/Photo Agency</p></div>" +
      Prose("forest") + "<p>© AFP / John Doe</p><p>(Credit: Max Muster / Riverside)</p>" +
      Prose("harbour") +
      "<p>Foto: Erika Muster</p><p>Quelle: Statistisches Amt, 02. Februar 2022, Berlin</p>"
      "<p>Copyright © 2019 by Jane Roe. Reprinted by permission of the publisher.</p>"
      "<p>Source: the survey. It asked 2,000 people in four regions about the rivers.</p>" +
      Prose("bridge") + "</article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("The forest report"));
  EXPECT_THAT(page->text, HasSubstr("The harbour report"));
  for (const char* credit :
       {"Photo Agency", "John Doe", "Max Muster", "Erika Muster", "Statistisches Amt"}) {
    EXPECT_THAT(page->text, Not(HasSubstr(credit)));
  }
  EXPECT_THAT(page->text, HasSubstr("Reprinted by permission of the publisher."));
  EXPECT_THAT(page->text, HasSubstr("Source: the survey. It asked"));
}

TEST(HtmlExtractorTest, DropsTheDatelineAmongTheHeadLinesButNotTheArticlesDates) {
  // The dateline between the lead and the body goes, also with its time, and so does a time
  // stamp at the end; an event's date under its label and a date in the body stay.
  const std::string html =
      "<html><body><article><p class='intro'>A year of field work ends with a clear result and a "
      "call for an independent review of the findings before any money is spent.</p>"
      "<p>Jane Roe</p><p>Aktualisiert: 11.04.2020, 10:27</p>" +
      Prose("river") + "<p>Beginn:</p><p>13. Mai 2012 11:00</p>" + Prose("forest") +
      "<p>24 November, 1994</p>" + Prose("harbour") +
      "<p>Publiziert: 03.04.2020, 12:35</p></article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, HasSubstr("Jane Roe\nThe river report"));
  EXPECT_THAT(page->text, Not(HasSubstr("Aktualisiert")));
  EXPECT_THAT(page->text, Not(HasSubstr("Publiziert")));
  EXPECT_THAT(page->text, HasSubstr("Beginn:\n13. Mai 2012 11:00"));
  EXPECT_THAT(page->text, HasSubstr("24 November, 1994"));
}

TEST(HtmlExtractorTest, DropsAClosingListOfTeasersWithReadMoreLinks) {
  // Teasers of other pages at the end, each a snippet (perhaps under a title) and "Read
  // more...", go with the heading over them; the article's last paragraph stays.
  const std::string teaser =
      "<div class='item'><p>Another story about the harbour and the ferries that leave it at "
      "dawn, told by the people who work there.</p><a href='/x'>Read more...</a></div>";
  const std::string html = "<html><body><article>" + Prose("river") + Prose("forest") +
                           "<p>The report ends with a call for a review.</p>"
                           "<h2>More on this topic</h2>" +
                           teaser + teaser + "<h2>Events</h2>" + teaser +
                           "</article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(html);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, ::testing::EndsWith("The report ends with a call for a review."));
}

TEST(HtmlExtractorTest, DropsAClosingQuestionToTheReaderSetInBold) {
  // "Already read?" or "Share this article?" in bold at the end asks the reader to go
  // elsewhere; a bold slogan that closes the article stays.
  const std::string prompt_page = "<html><body><article>" + Prose("river") + Prose("forest") +
                                  "<p><strong>Would you like to share it?</strong></p>"
                                  "</article></body></html>";
  absl::StatusOr<ExtractedPage> page = ExtractFromHtml(prompt_page);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, Not(HasSubstr("share it")));
  const std::string slogan_page = "<html><body><article>" + Prose("river") + Prose("forest") +
                                  "<p><b>Be there or be square!</b></p></article></body></html>";
  page = ExtractFromHtml(slogan_page);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->text, ::testing::EndsWith("Be there or be square!"));
}
}  // namespace
}  // namespace newsflow::extract
