#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include <fmt/format.h>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include "newsflow/v1/ingest.grpc.pb.h"

#include "article_source.h"
#include "commands.h"
#include "google/rpc/error_details.pb.h"
#include "grpc_code_name.h"

namespace newsflow::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct Pending {
  PushItem item;
  int attempts = 0;
  Clock::time_point not_before;
};

bool IsRetryable(int code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
         code == grpc::StatusCode::DEADLINE_EXCEEDED || code == grpc::StatusCode::ABORTED;
}

// "INVALID_ARGUMENT article.url: not absolute" from the status and its BadRequest details.
std::string Describe(const google::rpc::Status& status) {
  std::string text = GrpcCodeName(status.code());
  bool has_fields = false;
  for (const google::protobuf::Any& detail : status.details()) {
    google::rpc::BadRequest bad_request;
    if (detail.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        text += fmt::format(" {}: {}", violation.field(), violation.description());
        has_fields = true;
      }
    }
  }
  if (!has_fields) text += " " + status.message();
  return text;
}

bool ReadFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *text = buffer.str();
  return true;
}

// Plaintext, TLS or mutual TLS from the flags; null after printing why a file cannot be read.
std::shared_ptr<grpc::ChannelCredentials> MakeCredentials(const PushArgs& args) {
  if (!args.tls && args.tls_ca.empty() && args.tls_cert.empty()) {
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  for (const auto& [flag, path, target] :
       {std::tuple{"--tls-ca", &args.tls_ca, &options.pem_root_certs},
        std::tuple{"--tls-cert", &args.tls_cert, &options.pem_cert_chain},
        std::tuple{"--tls-key", &args.tls_key, &options.pem_private_key}}) {
    if (!path->empty() && !ReadFile(*path, target)) {
      std::fprintf(stderr, "newsflow push: %s: cannot read %s\n", flag, path->c_str());
      return nullptr;
    }
  }
  return grpc::SslCredentials(options);
}

// Labels of inputs a previous push already got acked, from a checkpoint file.
std::set<std::string> ReadCheckpoint(const std::string& path) {
  std::set<std::string> labels;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (entry.is_object() && entry.contains("label") && entry["label"].is_string()) {
      labels.insert(entry["label"].get<std::string>());
    }
  }
  return labels;
}

class PushSession {
 public:
  PushSession(const PushArgs& args, ArticleSource& source, std::set<std::string> already_acked,
              std::ofstream* checkpoint)
      : args_(args),
        source_(source),
        progress_(isatty(STDERR_FILENO) != 0 && !args.quiet),
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
    int64_t unanswered = static_cast<int64_t>(in_flight_.size());
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

  void WriteLoop() {
    bool source_done = false;
    while (true) {
      std::optional<Pending> next;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait_for(lock, std::chrono::milliseconds(200), [&] {
          return stream_broken_ ||
                 (static_cast<int>(in_flight_.size()) < args_.concurrency &&
                  (!source_done || !retries_.empty())) ||
                 (source_done && retries_.empty() && in_flight_.empty());
        });
        PrintProgressLocked(false);
        if (stream_broken_) return;
        if (source_done && retries_.empty() && in_flight_.empty()) break;
        if (static_cast<int>(in_flight_.size()) >= args_.concurrency) continue;
        if (!retries_.empty() && retries_.front().not_before <= Clock::now()) {
          next = std::move(retries_.front());
          retries_.pop_front();
        }
      }
      if (!next.has_value()) {
        if (source_done) continue;  // only retries left, not due yet
        std::optional<absl::StatusOr<PushItem>> item = source_.Next();
        if (!item.has_value()) {
          source_done = true;
          continue;
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
        next = Pending{.item = **std::move(item)};
        if (args_.rate > 0) {
          // Open-loop pacing: the n-th new article leaves at started_ + n / rate.
          std::this_thread::sleep_until(
              started_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                             static_cast<double>(paced_++) / args_.rate)));
        }
      }
      v1::IngestStreamRequest request;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        request.set_sequence(next_sequence_++);
        *request.mutable_article() = next->item.article;
        ++next->attempts;
        in_flight_.emplace(request.sequence(), std::move(*next));
      }
      if (!stream_->Write(request)) break;  // the stream is broken; Read() ends too
    }
    stream_->WritesDone();
  }

  void OnResponse(const v1::IngestStreamResponse& response) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = in_flight_.find(response.sequence());
    if (it == in_flight_.end()) return;
    Pending pending = std::move(it->second);
    in_flight_.erase(it);
    const int code = response.status().code();
    if (code == 0) {
      if (response.result().outcome() == v1::INGEST_OUTCOME_DUPLICATE) {
        ++duplicates_;
      } else {
        ++accepted_;
      }
      if (checkpoint_ != nullptr) {
        *checkpoint_ << nlohmann::json{{"label", pending.item.label},
                                       {"article_id", response.result().article_id()}}
                            .dump()
                     << '\n'
                     << std::flush;
      }
    } else if (IsRetryable(code) && pending.attempts <= args_.retries) {
      // Exponential backoff from 100 ms; retries are safe because article ids are idempotent.
      pending.not_before =
          Clock::now() + std::chrono::milliseconds(100 << std::min(pending.attempts - 1, 6));
      retries_.push_back(std::move(pending));
    } else {
      ++failed_;
      ++failures_by_code_[GrpcCodeName(code)];
      std::fprintf(stderr, "%sfailed: %s: %s\n", progress_ ? "\r\033[K" : "",
                   pending.item.label.c_str(), Describe(response.status()).c_str());
    }
    changed_.notify_all();
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
      std::fprintf(stderr, "progress: %lld acked, %lld failed, %zu in flight, %.1f s\n",
                   static_cast<long long>(accepted_ + duplicates_), static_cast<long long>(failed_),
                   in_flight_.size(), seconds);
      return;
    }
    const int64_t done = accepted_ + duplicates_ + failed_;
    std::fprintf(
        stderr,
        "\r\033[K%lld acked (%lld new, %lld duplicate), %lld failed, %zu in flight, %.0f/s%s",
        static_cast<long long>(accepted_ + duplicates_), static_cast<long long>(accepted_),
        static_cast<long long>(duplicates_), static_cast<long long>(failed_), in_flight_.size(),
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
  std::map<uint64_t, Pending> in_flight_;
  std::deque<Pending> retries_;
  std::map<std::string, int64_t> failures_by_code_;
  uint64_t next_sequence_ = 1;
  int64_t accepted_ = 0;
  int64_t duplicates_ = 0;
  int64_t failed_ = 0;
  int64_t unreadable_ = 0;
  int64_t skipped_ = 0;
  int64_t paced_ = 0;
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
