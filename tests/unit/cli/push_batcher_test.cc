#include "push_batcher.h"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace newsflow::cli {
namespace {

using Clock = PushBatcher::Clock;
constexpr int kOk = 0;
constexpr int kInvalidArgument = 3;
constexpr int kResourceExhausted = 8;
constexpr int kUnavailable = 14;

PushItem Item(const std::string& name, size_t body_bytes = 10) {
  PushItem item{.label = name + ".html"};
  item.article.set_url("https://news.example/" + name);
  item.article.set_body(std::string(body_bytes, 'x'));
  return item;
}

// The (sequence, url) of every article of a request: its own, then those of `more`.
std::vector<std::pair<uint64_t, std::string>> Articles(const v1::IngestStreamRequest& request) {
  std::vector<std::pair<uint64_t, std::string>> articles = {
      {request.sequence(), request.article().url()}};
  for (const v1::IngestStreamRequest& entry : request.more()) {
    EXPECT_EQ(entry.more_size(), 0);
    articles.emplace_back(entry.sequence(), entry.article().url());
  }
  return articles;
}

TEST(PushBatcherTest, GroupsNewArticlesIntoRequestsWithOwnSequences) {
  PushBatcher batcher({.articles_per_request = 3, .window = 10});
  const Clock::time_point now = Clock::now();
  EXPECT_TRUE(batcher.ShouldSend(now, /*more_to_come=*/true));
  EXPECT_EQ(batcher.NewArticlesWanted(now), 3);
  for (const char* name : {"a", "b", "c", "d"}) batcher.AddNew(Item(name));
  std::optional<v1::IngestStreamRequest> first = batcher.TakeRequest(now);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(Articles(*first),
            (std::vector<std::pair<uint64_t, std::string>>{{1, "https://news.example/a"},
                                                           {2, "https://news.example/b"},
                                                           {3, "https://news.example/c"}}));
  std::optional<v1::IngestStreamRequest> second = batcher.TakeRequest(now);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(Articles(*second),
            (std::vector<std::pair<uint64_t, std::string>>{{4, "https://news.example/d"}}));
  EXPECT_FALSE(batcher.TakeRequest(now).has_value());
  EXPECT_EQ(batcher.in_flight(), 4);
}

TEST(PushBatcherTest, NeverExceedsTheWindow) {
  PushBatcher batcher({.articles_per_request = 4, .window = 6});
  const Clock::time_point now = Clock::now();
  for (int i = 0; i < 4; ++i) batcher.AddNew(Item("n" + std::to_string(i)));
  ASSERT_EQ(Articles(*batcher.TakeRequest(now)).size(), 4u);
  // Room for 2 of a batch of 4: no request while more articles may come to fill one.
  EXPECT_FALSE(batcher.ShouldSend(now, /*more_to_come=*/true));
  EXPECT_EQ(batcher.NewArticlesWanted(now), 2);
  for (int i = 4; i < 7; ++i) batcher.AddNew(Item("n" + std::to_string(i)));
  EXPECT_TRUE(batcher.ShouldSend(now, /*more_to_come=*/false));
  ASSERT_EQ(Articles(*batcher.TakeRequest(now)).size(), 2u);
  EXPECT_EQ(batcher.in_flight(), 6);
  EXPECT_FALSE(batcher.ShouldSend(now, /*more_to_come=*/false));
  EXPECT_FALSE(batcher.TakeRequest(now).has_value());
  ASSERT_TRUE(batcher.Answer(1, kOk, now).has_value());
  EXPECT_TRUE(batcher.ShouldSend(now, /*more_to_come=*/false));
  EXPECT_EQ(Articles(*batcher.TakeRequest(now)).size(), 1u);
  EXPECT_EQ(batcher.in_flight(), 6);
}

TEST(PushBatcherTest, ABatchLargerThanTheWindowIsCutToIt) {
  PushBatcher batcher({.articles_per_request = 16, .window = 5});
  EXPECT_EQ(batcher.BatchSize(), 5);
  const Clock::time_point now = Clock::now();
  EXPECT_EQ(batcher.NewArticlesWanted(now), 5);
  for (int i = 0; i < 7; ++i) batcher.AddNew(Item("n" + std::to_string(i)));
  EXPECT_EQ(Articles(*batcher.TakeRequest(now)).size(), 5u);
}

TEST(PushBatcherTest, StopsARequestAtItsByteBudgetButSendsALargeArticleAlone) {
  PushBatcher batcher({.articles_per_request = 16, .window = 64, .max_request_bytes = 2500});
  const Clock::time_point now = Clock::now();
  batcher.AddNew(Item("big", 5000));
  batcher.AddNew(Item("s1", 1000));
  batcher.AddNew(Item("s2", 1000));
  batcher.AddNew(Item("s3", 1000));
  EXPECT_EQ(Articles(*batcher.TakeRequest(now)).size(), 1u);  // big, alone
  EXPECT_EQ(Articles(*batcher.TakeRequest(now)).size(), 2u);  // s1 s2; s3 would pass 2500
  EXPECT_EQ(Articles(*batcher.TakeRequest(now)).size(), 1u);
}

TEST(PushBatcherTest, EveryArticleIsAnsweredOnceAndRetriedAloneAfterABackoff) {
  PushBatcher batcher({.articles_per_request = 4, .window = 8, .retries = 1});
  const Clock::time_point now = Clock::now();
  for (const char* name : {"a", "b", "c", "d"}) batcher.AddNew(Item(name));
  ASSERT_TRUE(batcher.TakeRequest(now).has_value());

  EXPECT_EQ(batcher.Answer(1, kOk, now)->fate, PushFate::kAcked);
  std::optional<PushBatcher::Answered> invalid = batcher.Answer(2, kInvalidArgument, now);
  EXPECT_EQ(invalid->fate, PushFate::kFailed);
  EXPECT_EQ(invalid->label, "b.html");
  EXPECT_EQ(batcher.Answer(3, kResourceExhausted, now)->fate, PushFate::kRetrying);
  EXPECT_EQ(batcher.Answer(4, kOk, now)->fate, PushFate::kAcked);
  // A second answer to a sequence, or one never sent, changes nothing.
  EXPECT_FALSE(batcher.Answer(1, kOk, now).has_value());
  EXPECT_FALSE(batcher.Answer(99, kOk, now).has_value());

  // c waits out its backoff, then goes alone, with a new sequence, together with a new article.
  EXPECT_EQ(batcher.in_flight(), 0);
  EXPECT_EQ(batcher.unanswered(), 1);
  EXPECT_FALSE(batcher.ShouldSend(now, /*more_to_come=*/false));
  EXPECT_FALSE(batcher.TakeRequest(now).has_value());
  ASSERT_TRUE(batcher.NextRetryDue().has_value());
  const Clock::time_point due = *batcher.NextRetryDue();
  EXPECT_GT(due, now);
  EXPECT_TRUE(batcher.ShouldSend(due, /*more_to_come=*/false));
  EXPECT_EQ(batcher.NewArticlesWanted(due), 3);
  batcher.AddNew(Item("e"));
  std::optional<v1::IngestStreamRequest> retry = batcher.TakeRequest(due);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(Articles(*retry), (std::vector<std::pair<uint64_t, std::string>>{
                                  {5, "https://news.example/c"}, {6, "https://news.example/e"}}));

  // Out of retries: the second retryable failure is final.
  std::optional<PushBatcher::Answered> last = batcher.Answer(5, kUnavailable, due);
  EXPECT_EQ(last->fate, PushFate::kFailed);
  EXPECT_EQ(last->label, "c.html");
  EXPECT_EQ(batcher.Answer(6, kOk, due)->fate, PushFate::kAcked);
  EXPECT_TRUE(batcher.Idle());
  EXPECT_FALSE(batcher.NextRetryDue().has_value());
}

TEST(PushBatcherTest, RetriesThatAreDueGoBeforeNewArticles) {
  PushBatcher batcher({.articles_per_request = 2, .window = 8, .retries = 5});
  const Clock::time_point now = Clock::now();
  batcher.AddNew(Item("a"));
  batcher.AddNew(Item("b"));
  ASSERT_TRUE(batcher.TakeRequest(now).has_value());
  batcher.Answer(1, kUnavailable, now);
  batcher.Answer(2, kUnavailable, now);
  const Clock::time_point later = now + std::chrono::seconds(1);
  EXPECT_EQ(batcher.NewArticlesWanted(later), 0);
  batcher.AddNew(Item("c"));
  std::set<std::string> first;
  for (const auto& [sequence, url] : Articles(*batcher.TakeRequest(later))) first.insert(url);
  EXPECT_EQ(first, (std::set<std::string>{"https://news.example/a", "https://news.example/b"}));
  EXPECT_EQ(Articles(*batcher.TakeRequest(later))[0].second, "https://news.example/c");
}

}  // namespace
}  // namespace newsflow::cli
