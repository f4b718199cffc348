#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include "newsflow/v1/ingest.grpc.pb.h"

#include "article_source.h"
#include "commands.h"
#include "grpc_code_name.h"
#include "push_batcher.h"
#include "push_checkpoint.h"
#include "push_credentials.h"
#include "push_failure.h"

namespace newsflow::cli {
namespace {

using Clock = PushBatcher::Clock;

class PushSession {
 public:
  PushSession(const PushArgs& args, ArticleSource& source, std::set<std::string> already_acked,
              std::ofstream* checkpoint)
      : args_(args),
        source_(source),
        progress_(isatty(STDERR_FILENO) != 0 && !args.quiet),
        batcher_(PushBatchOptions{.articles_per_request = args.articles_per_request,
                                  .window = args.concurrency,
                                  .retries = args.retries,
                                  .max_request_bytes = args.max_request_bytes}),
        already_acked_(std::move(already_acked)),
        checkpoint_(checkpoint) {}

  int Run() {
    std::shared_ptr<grpc::ChannelCredentials> credentials = MakeCredentials(args_);
    if (credentials == nullptr) return kExitUsage;
    auto channel = grpc::CreateChannel(args_.server, credentials);
    if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
      std::fprintf(stderr, "newsflow push: cannot connect to %s\n", args_.server.c_str());
      return kExitUnavailable;
    }
    auto stub = v1::IngestService::NewStub(channel);
    grpc::ClientContext context;
    if (args_.deadline_ms > 0) {
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::milliseconds(args_.deadline_ms));
    }
    if (!args_.token.empty()) context.AddMetadata("authorization", "Bearer " + args_.token);
    stream_ = stub->IngestStream(&context);
    started_ = Clock::now();
    std::thread writer([this] { WriteLoop(); });
    v1::IngestStreamResponse response;
    while (stream_->Read(&response)) OnResponse(response);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stream_broken_ = true;  // no more responses: the writer must not wait for any
    }
    changed_.notify_all();
    writer.join();
    grpc::Status status = stream_->Finish();
    PrintProgress(/*final=*/true);
    const int64_t unanswered = batcher_.unanswered();
    std::fprintf(stderr,
                 "pushed %lld articles: %lld accepted, %lld duplicates, %lld failed, %lld "
                 "unanswered, %lld unreadable inputs, %lld skipped as already acked (%.1f s)\n",
                 static_cast<long long>(accepted_ + duplicates_ + failed_ + unanswered),
                 static_cast<long long>(accepted_), static_cast<long long>(duplicates_),
                 static_cast<long long>(failed_), static_cast<long long>(unanswered),
                 static_cast<long long>(unreadable_), static_cast<long long>(skipped_), Seconds());
    for (const auto& [code, count] : failures_by_code_) {
      std::fprintf(stderr, "  %s: %lld\n", code.c_str(), static_cast<long long>(count));
    }
    if (!status.ok()) {
      std::fprintf(stderr, "stream ended with %s: %s\n", GrpcCodeName(status.error_code()).c_str(),
                   status.error_message().c_str());
      return unanswered > 0 ? kExitUnavailable : kExitFailures;
    }
    return failed_ + unreadable_ + unanswered > 0 ? kExitFailures : kExitOk;
  }

 private:
  double Seconds() const { return std::chrono::duration<double>(Clock::now() - started_).count(); }

  // Sends a request whenever the window has room for a batch (or, once the inputs are all
  // read, for whatever is ready), filled with due retries first and then new articles.
  void WriteLoop() {
    bool source_done = false;
    bool first_request = true;
    while (true) {
      int wanted = 0;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        auto wake = Clock::now() + std::chrono::milliseconds(200);
        if (std::optional<Clock::time_point> due = batcher_.NextRetryDue()) {
          wake = std::min(wake, *due);
        }
        changed_.wait_until(lock, wake, [&] {
          return stream_broken_ || (source_done && batcher_.Idle()) ||
                 batcher_.ShouldSend(Clock::now(), !source_done);
        });
        PrintProgressLocked(false);
        if (stream_broken_) return;
        if (source_done && batcher_.Idle()) break;
        if (!batcher_.ShouldSend(Clock::now(), !source_done)) continue;
        if (!source_done) wanted = batcher_.NewArticlesWanted(Clock::now());
      }
      // Files are read without the lock, so answers keep flowing meanwhile.
      std::vector<PushItem> fresh = ReadArticles(wanted, &source_done);
      std::optional<v1::IngestStreamRequest> request;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        for (PushItem& item : fresh) batcher_.AddNew(std::move(item));
        request = batcher_.TakeRequest(Clock::now());
      }
      if (!request.has_value()) continue;
      // Read by the server on the first request only: several answers per response.
      request->set_batch_responses(first_request);
      first_request = false;
      if (!stream_->Write(*request)) break;  // the stream is broken; Read() ends too
    }
    stream_->WritesDone();
  }

  // Up to `wanted` new articles of the source, reporting unreadable inputs and skipping those
  // already acked. With --rate, stops early rather than hold read articles for a later one.
  std::vector<PushItem> ReadArticles(int wanted, bool* source_done) {
    std::vector<PushItem> fresh;
    while (static_cast<int>(fresh.size()) < wanted) {
      if (args_.rate > 0) {
        // Open-loop pacing: the n-th new article leaves at started_ + n / rate.
        const Clock::time_point due =
            started_ + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(static_cast<double>(paced_) / args_.rate));
        if (due > Clock::now() && !fresh.empty()) break;
        std::this_thread::sleep_until(due);
      }
      std::optional<absl::StatusOr<PushItem>> item = source_.Next();
      if (!item.has_value()) {
        *source_done = true;
        break;
      }
      if (!item->ok()) {
        std::fprintf(stderr, "%sskipped: %s\n", progress_ ? "\r\033[K" : "",
                     std::string(item->status().message()).c_str());
        std::lock_guard<std::mutex> lock(mutex_);
        ++unreadable_;
        continue;
      }
      if (already_acked_.count((*item)->label) > 0) {
        std::lock_guard<std::mutex> lock(mutex_);
        ++skipped_;
        continue;
      }
      ++paced_;
      fresh.push_back(**std::move(item));
    }
    return fresh;
  }

  // A response answers its own sequence and, with batch_responses, those of `more`.
  void OnResponse(const v1::IngestStreamResponse& response) {
    std::lock_guard<std::mutex> lock(mutex_);
    OnAnswerLocked(response);
    for (const v1::IngestStreamResponse& entry : response.more()) OnAnswerLocked(entry);
    changed_.notify_all();
  }

  void OnAnswerLocked(const v1::IngestStreamResponse& answer) {
    std::optional<PushBatcher::Answered> answered =
        batcher_.Answer(answer.sequence(), answer.status().code(), Clock::now());
    if (!answered.has_value()) return;
    switch (answered->fate) {
      case PushFate::kAcked:
        if (answer.result().outcome() == v1::INGEST_OUTCOME_DUPLICATE) {
          ++duplicates_;
        } else {
          ++accepted_;
        }
        if (checkpoint_ != nullptr) {
          *checkpoint_ << nlohmann::json{{"label", answered->label},
                                         {"article_id", answer.result().article_id()}}
                              .dump()
                       << '\n'
                       << std::flush;
        }
        break;
      case PushFate::kRetrying:
        break;
      case PushFate::kFailed:
        ++failed_;
        ++failures_by_code_[GrpcCodeName(answer.status().code())];
        std::fprintf(stderr, "%sfailed: %s: %s\n", progress_ ? "\r\033[K" : "",
                     answered->label.c_str(), DescribeFailure(answer.status()).c_str());
        break;
    }
  }

  void PrintProgress(bool final) {
    std::lock_guard<std::mutex> lock(mutex_);
    PrintProgressLocked(final);
  }

  void PrintProgressLocked(bool final) {
    const double seconds = Seconds();
    if (!progress_) {
      // Piped: a plain line every few seconds instead of a redrawn one.
      if (args_.quiet || final || Clock::now() < next_plain_progress_) return;
      next_plain_progress_ = Clock::now() + std::chrono::seconds(5);
      std::fprintf(stderr, "progress: %lld acked, %lld failed, %lld in flight, %.1f s\n",
                   static_cast<long long>(accepted_ + duplicates_), static_cast<long long>(failed_),
                   static_cast<long long>(batcher_.in_flight()), seconds);
      return;
    }
    const int64_t done = accepted_ + duplicates_ + failed_;
    std::fprintf(
        stderr,
        "\r\033[K%lld acked (%lld new, %lld duplicate), %lld failed, %lld in flight, %.0f/s%s",
        static_cast<long long>(accepted_ + duplicates_), static_cast<long long>(accepted_),
        static_cast<long long>(duplicates_), static_cast<long long>(failed_),
        static_cast<long long>(batcher_.in_flight()),
        seconds > 0 ? static_cast<double>(done) / seconds : 0.0, final ? "\n" : "");
  }

  const PushArgs& args_;
  ArticleSource& source_;
  const bool progress_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::IngestStreamRequest, v1::IngestStreamResponse>>
      stream_;
  Clock::time_point started_;
  std::mutex mutex_;
  std::condition_variable changed_;
  PushBatcher batcher_;
  std::map<std::string, int64_t> failures_by_code_;
  int64_t accepted_ = 0;
  int64_t duplicates_ = 0;
  int64_t failed_ = 0;
  int64_t unreadable_ = 0;
  int64_t skipped_ = 0;
  int64_t paced_ = 0;  // new articles read so far (writer thread only)
  Clock::time_point next_plain_progress_ = Clock::now() + std::chrono::seconds(5);
  const std::set<std::string> already_acked_;
  std::ofstream* checkpoint_;
  bool stream_broken_ = false;
};

}  // namespace

int RunPush(const PushArgs& args) {
  ArticleSource source(args.paths, args.base_url, args.charset);
  std::set<std::string> already_acked;
  std::ofstream checkpoint;
  if (!args.checkpoint.empty()) {
    already_acked = ReadCheckpoint(args.checkpoint);
    checkpoint.open(args.checkpoint, std::ios::app);
    if (!checkpoint) {
      std::fprintf(stderr, "newsflow push: cannot write checkpoint %s\n", args.checkpoint.c_str());
      return kExitUsage;
    }
  }
  PushSession session(args, source, std::move(already_acked),
                      args.checkpoint.empty() ? nullptr : &checkpoint);
  return session.Run();
}

}  // namespace newsflow::cli
