// newsflow-loadgen: drives newsflow-ingest with generated articles over IngestStream or unary
// Ingest (closed loop, or open loop at a fixed rate) and reports acked/s, errors by code and
// ack latency percentiles; in consume mode it counts the records of a topic instead (to time
// the enricher). Every run is bounded by --count and/or --duration.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include "newsflow/kafka/consumer.h"
#include "newsflow/v1/ingest.grpc.pb.h"

#include "article_generator.h"
#include "grpc_code_name.h"
#include "latency_histogram.h"
#include "proc_stats.h"

namespace newsflow::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string server = "127.0.0.1:50051";
  std::string mode = "stream";
  int64_t count = 0;
  double duration_s = 0;
  int concurrency = 1;
  int window = 256;
  bool batch_acks = false;       // IngestStreamRequest.batch_responses
  int articles_per_request = 1;  // 1 + IngestStreamRequest.more
  double rate = 0;
  std::string mix = "ja_text=1";
  std::string html_dir;
  bool unique_urls = true;
  bool json = false;
  std::vector<int> watch_pids;
  double timeout_s = 300;
  int64_t warmup = 0;
  // consume mode
  std::string bootstrap_servers = "127.0.0.1:9092";
  std::string topic = "newsflow.articles.enriched.v1";
  std::string label;
};

// What one worker (stream or unary caller) saw; merged at the end.
struct WorkerResult {
  LatencyHistogram latency;
  int64_t accepted = 0;
  int64_t duplicates = 0;
  int64_t near_duplicates = 0;
  int64_t sent = 0;
  int64_t body_bytes = 0;
  int64_t responses = 0;  // stream response messages (several answers each with batch_acks)
  int64_t answers = 0;    // answers in them
  std::map<std::string, int64_t> errors;  // per-item codes, and "stream:<CODE>" for streams
};

// Hands out article indexes to all workers and paces them: index i is due at
// start + i / rate (open loop), so a slow server shows up as latency rather than as a lower
// offered rate. Latency is measured from the due time, not from the actual send, which keeps
// time spent waiting for a window slot in the figures (no coordinated omission).
class Schedule {
 public:
  Schedule(const Options& options, Clock::time_point start)
      : options_(options),
        start_(start),
        end_(options.duration_s > 0 ? start + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(options.duration_s))
                                    : Clock::time_point::max()) {}

  // The next index and the time it is due, or nullopt when the run is over.
  std::optional<std::pair<uint64_t, Clock::time_point>> Next() {
    const uint64_t index = next_.fetch_add(1, std::memory_order_relaxed);
    if (options_.count > 0 && index >= static_cast<uint64_t>(options_.count)) return std::nullopt;
    Clock::time_point due = Clock::now();
    if (options_.rate > 0) {
      due = start_ + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(static_cast<double>(index) / options_.rate));
      if (due >= end_) return std::nullopt;
      std::this_thread::sleep_until(due);
    } else if (due >= end_) {
      return std::nullopt;
    }
    return std::make_pair(index, due);
  }

 private:
  const Options& options_;
  const Clock::time_point start_;
  const Clock::time_point end_;
  std::atomic<uint64_t> next_{0};
};

void Classify(const v1::IngestResponse& result, WorkerResult& out) {
  if (result.outcome() == v1::INGEST_OUTCOME_DUPLICATE) {
    ++out.duplicates;
  } else {
    ++out.accepted;
  }
  if (!result.near_duplicate_of().empty()) ++out.near_duplicates;
}

std::chrono::system_clock::time_point Deadline(double seconds) {
  return std::chrono::system_clock::now() +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(
             std::chrono::duration<double>(seconds));
}

void RunStream(v1::IngestService::Stub& stub, const Options& options,
               const ArticleGenerator& generator, Schedule& schedule, WorkerResult& out) {
  grpc::ClientContext context;
  context.set_deadline(Deadline(options.timeout_s));
  auto stream = stub.IngestStream(&context);
  std::mutex mutex;
  std::condition_variable slot_free;
  std::unordered_map<uint64_t, Clock::time_point> in_flight;
  bool broken = false;

  // Each request carries up to articles_per_request articles (its own and those of `more`); it
  // is sent once the window has room for all of them, or earlier when the run is over.
  const int per_request = std::min(options.articles_per_request, options.window);
  std::thread writer([&] {
    v1::IngestStreamRequest request;
    bool last = false;
    while (!last) {
      {
        std::unique_lock<std::mutex> lock(mutex);
        slot_free.wait(lock, [&] {
          return broken || static_cast<int>(in_flight.size()) + per_request <= options.window;
        });
        if (broken) break;
      }
      request.Clear();
      request.set_batch_responses(options.batch_acks);
      int articles = 0;
      while (articles < per_request) {
        std::optional<std::pair<uint64_t, Clock::time_point>> next = schedule.Next();
        if (!next.has_value()) {
          last = true;
          break;
        }
        v1::IngestStreamRequest* entry = articles == 0 ? &request : request.add_more();
        const size_t bytes = generator.Fill(next->first, entry->mutable_article());
        entry->set_sequence(next->first + 1);
        ++articles;
        std::lock_guard<std::mutex> lock(mutex);
        in_flight.emplace(entry->sequence(), next->second);
        ++out.sent;
        out.body_bytes += static_cast<int64_t>(bytes);
      }
      if (articles > 0 && !stream->Write(request)) break;
    }
    stream->WritesDone();
  });

  // One answer: its own sequence, status and result. Called with `mutex` held.
  auto answer = [&](const v1::IngestStreamResponse& ack, Clock::time_point now) {
    ++out.answers;
    auto it = in_flight.find(ack.sequence());
    if (it == in_flight.end()) {
      ++out.errors["unknown-sequence"];
      return;
    }
    out.latency.Record(
        std::chrono::duration_cast<std::chrono::nanoseconds>(now - it->second).count());
    in_flight.erase(it);
    if (ack.status().code() == 0) {
      Classify(ack.result(), out);
    } else {
      ++out.errors[cli::GrpcCodeName(ack.status().code())];
    }
  };
  v1::IngestStreamResponse response;
  while (stream->Read(&response)) {
    const Clock::time_point now = Clock::now();
    std::lock_guard<std::mutex> lock(mutex);
    ++out.responses;
    if (!options.batch_acks && response.more_size() > 0) ++out.errors["unrequested-batch"];
    answer(response, now);
    for (const v1::IngestStreamResponse& ack : response.more()) answer(ack, now);
    slot_free.notify_one();
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    broken = true;
  }
  slot_free.notify_all();
  writer.join();
  const grpc::Status status = stream->Finish();
  if (!status.ok()) ++out.errors["stream:" + cli::GrpcCodeName(status.error_code())];
  if (!in_flight.empty()) out.errors["unanswered"] += static_cast<int64_t>(in_flight.size());
}

void RunUnary(v1::IngestService::Stub& stub, const Options& options,
              const ArticleGenerator& generator, Schedule& schedule, WorkerResult& out) {
  v1::IngestRequest request;
  v1::IngestResponse response;
  while (std::optional<std::pair<uint64_t, Clock::time_point>> next = schedule.Next()) {
    out.body_bytes += static_cast<int64_t>(generator.Fill(next->first, request.mutable_article()));
    ++out.sent;
    grpc::ClientContext context;
    context.set_deadline(Deadline(std::min(options.timeout_s, 30.0)));
    const grpc::Status status = stub.Ingest(&context, request, &response);
    out.latency.Record(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - next->second).count());
    if (status.ok()) {
      Classify(response, out);
    } else {
      ++out.errors[cli::GrpcCodeName(status.error_code())];
    }
  }
}

struct Watched {
  int pid;
  std::optional<ProcStats> before;
  std::optional<ProcStats> after;
};

nlohmann::json WatchedJson(const std::vector<Watched>& watched, int64_t items) {
  nlohmann::json list = nlohmann::json::array();
  for (const Watched& w : watched) {
    nlohmann::json entry = {{"pid", w.pid}};
    if (w.after.has_value()) {
      entry["vm_hwm_mb"] = static_cast<double>(w.after->vm_hwm_kb) / 1024.0;
      entry["vm_rss_mb"] = static_cast<double>(w.after->vm_rss_kb) / 1024.0;
    }
    if (w.before.has_value() && w.after.has_value()) {
      const double cpu = w.after->cpu_seconds - w.before->cpu_seconds;
      entry["cpu_seconds"] = cpu;
      entry["items_per_cpu_second"] = cpu > 0 ? static_cast<double>(items) / cpu : 0.0;
    }
    list.push_back(entry);
  }
  return list;
}

void PrintWatched(const nlohmann::json& watched) {
  for (const auto& w : watched) {
    std::printf("  pid %d:", w["pid"].get<int>());
    if (w.contains("vm_hwm_mb")) {
      std::printf(" VmHWM %.1f MB, VmRSS %.1f MB", w["vm_hwm_mb"].get<double>(),
                  w["vm_rss_mb"].get<double>());
    }
    if (w.contains("cpu_seconds")) {
      std::printf(", %.2f CPU-s (%.0f items per CPU-second)", w["cpu_seconds"].get<double>(),
                  w["items_per_cpu_second"].get<double>());
    }
    std::printf("\n");
  }
}

int RunIngestLoad(const Options& options) {
  auto run_id = fmt::format("{:x}-{}", std::random_device{}(), getpid());
  GeneratorOptions generator_options{
      .html_dir = options.html_dir, .unique_urls = options.unique_urls, .run_id = run_id};
  absl::StatusOr<ArticleMix> mix = ParseArticleMix(options.mix);
  if (!mix.ok()) {
    std::fprintf(stderr, "newsflow-loadgen: %s\n", std::string(mix.status().message()).c_str());
    return 2;
  }
  generator_options.mix = *mix;
  absl::StatusOr<ArticleGenerator> generator = ArticleGenerator::Create(generator_options);
  if (!generator.ok()) {
    std::fprintf(stderr, "newsflow-loadgen: %s\n",
                 std::string(generator.status().message()).c_str());
    return 2;
  }
  // One channel per worker: a single HTTP/2 connection would serialize every stream on one
  // client and one server thread.
  std::vector<std::unique_ptr<v1::IngestService::Stub>> stubs;
  for (int i = 0; i < options.concurrency; ++i) {
    grpc::ChannelArguments arguments;
    arguments.SetInt("newsflow.loadgen.channel", i);  // distinct args: no subchannel sharing
    arguments.SetMaxReceiveMessageSize(64 << 20);
    arguments.SetMaxSendMessageSize(64 << 20);
    auto channel =
        grpc::CreateCustomChannel(options.server, grpc::InsecureChannelCredentials(), arguments);
    if (!channel->WaitForConnected(Deadline(10))) {
      std::fprintf(stderr, "newsflow-loadgen: cannot connect to %s\n", options.server.c_str());
      return 3;
    }
    stubs.push_back(v1::IngestService::NewStub(channel));
  }

  if (options.warmup > 0) {
    // A short closed-loop run first, so connection set-up and the server's first allocations
    // stay out of the measured figures.
    Options warmup = options;
    warmup.count = options.warmup;
    warmup.duration_s = 0;
    warmup.rate = 0;
    Schedule schedule(warmup, Clock::now());
    WorkerResult ignored;
    GeneratorOptions warm_generator_options = generator_options;
    warm_generator_options.run_id = run_id + "-warmup";
    absl::StatusOr<ArticleGenerator> warm_generator =
        ArticleGenerator::Create(warm_generator_options);
    RunStream(*stubs[0], warmup, *warm_generator, schedule, ignored);
  }

  std::vector<Watched> watched;
  for (int pid : options.watch_pids) watched.push_back({pid, ReadProcStats(pid), std::nullopt});
  const double self_cpu_before = SelfCpuSeconds();
  const Clock::time_point start = Clock::now();
  Schedule schedule(options, start);
  std::vector<WorkerResult> results(options.concurrency);
  std::vector<std::thread> workers;
  for (int i = 0; i < options.concurrency; ++i) {
    workers.emplace_back([&, i] {
      if (options.mode == "stream") {
        RunStream(*stubs[i], options, *generator, schedule, results[i]);
      } else {
        RunUnary(*stubs[i], options, *generator, schedule, results[i]);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double self_cpu = SelfCpuSeconds() - self_cpu_before;
  for (Watched& w : watched) w.after = ReadProcStats(w.pid);

  WorkerResult total;
  for (const WorkerResult& r : results) {
    total.latency.Merge(r.latency);
    total.accepted += r.accepted;
    total.duplicates += r.duplicates;
    total.near_duplicates += r.near_duplicates;
    total.sent += r.sent;
    total.body_bytes += r.body_bytes;
    total.responses += r.responses;
    total.answers += r.answers;
    for (const auto& [code, n] : r.errors) total.errors[code] += n;
  }
  const int64_t acked = total.accepted + total.duplicates;
  int64_t errors = 0;
  for (const auto& [code, n] : total.errors) errors += n;
  auto ms = [&](double p) { return static_cast<double>(total.latency.PercentileNanos(p)) / 1e6; };
  nlohmann::json result = {
      {"label", options.label},
      {"mode", options.mode},
      {"concurrency", options.concurrency},
      {"window", options.mode == "stream" ? options.window : 1},
      {"batch_acks", options.mode == "stream" && options.batch_acks},
      {"articles_per_request", options.mode == "stream" ? options.articles_per_request : 1},
      {"responses", total.responses},
      {"target_rate", options.rate},
      {"mix", options.mix},
      {"seconds", seconds},
      {"sent", total.sent},
      {"acked", acked},
      {"accepted", total.accepted},
      {"duplicates", total.duplicates},
      {"near_duplicates", total.near_duplicates},
      {"errors", total.errors},
      {"error_count", errors},
      {"acked_per_second", seconds > 0 ? static_cast<double>(acked) / seconds : 0.0},
      {"body_mb_per_second",
       seconds > 0 ? static_cast<double>(total.body_bytes) / 1e6 / seconds : 0.0},
      {"mean_body_bytes",
       total.sent > 0 ? static_cast<double>(total.body_bytes) / static_cast<double>(total.sent)
                      : 0.0},
      {"latency_ms",
       {{"p50", ms(50)},
        {"p90", ms(90)},
        {"p99", ms(99)},
        {"p99_9", ms(99.9)},
        {"max", static_cast<double>(total.latency.MaxNanos()) / 1e6}}},
      {"loadgen_cpu_seconds", self_cpu},
      {"watched", WatchedJson(watched, acked)},
  };
  if (options.json) {
    std::cout << result.dump() << std::endl;
  } else {
    std::printf(
        "%s %s x%d window %d, %d per request, rate %s: %lld sent, %lld acked (%lld new, %lld "
        "duplicate, "
        "%lld near-duplicate), %lld errors in %.2f s\n",
        options.label.empty() ? "ingest" : options.label.c_str(), options.mode.c_str(),
        options.concurrency, options.mode == "stream" ? options.window : 1,
        options.mode == "stream" ? options.articles_per_request : 1,
        options.rate > 0 ? fmt::format("{:.0f}/s", options.rate).c_str() : "max",
        static_cast<long long>(total.sent), static_cast<long long>(acked),
        static_cast<long long>(total.accepted), static_cast<long long>(total.duplicates),
        static_cast<long long>(total.near_duplicates), static_cast<long long>(errors), seconds);
    std::printf("  %.0f acked/s, %.1f MB/s of bodies (mean %.0f B)\n",
                result["acked_per_second"].get<double>(),
                result["body_mb_per_second"].get<double>(),
                result["mean_body_bytes"].get<double>());
    if (options.mode == "stream" && total.responses > 0) {
      std::printf("  %lld responses (%.2f answers each%s)\n",
                  static_cast<long long>(total.responses),
                  static_cast<double>(total.answers) / static_cast<double>(total.responses),
                  options.batch_acks ? ", batch_responses" : "");
    }
    std::printf("  ack latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n", ms(50),
                ms(90), ms(99), ms(99.9), static_cast<double>(total.latency.MaxNanos()) / 1e6);
    for (const auto& [code, n] : total.errors) {
      std::printf("  error %s: %lld\n", code.c_str(), static_cast<long long>(n));
    }
    std::printf("  loadgen CPU %.2f s\n", self_cpu);
    PrintWatched(result["watched"]);
  }
  return errors > 0 ? 1 : 0;
}

// Counts the records of a topic from the beginning. The rate is taken between the first and
// the last record, both by arrival here and by the records' own timestamps (set by their
// producer), so start-up time of the producing service is left out.
int RunConsume(const Options& options) {
  kafka::ConsumerOptions consumer_options;
  consumer_options.bootstrap_servers = options.bootstrap_servers;
  consumer_options.group_id =
      fmt::format("newsflow-loadgen-{}-{}", getpid(), Clock::now().time_since_epoch().count());
  consumer_options.topics = {options.topic};
  consumer_options.client_id = "newsflow-loadgen";
  consumer_options.properties["auto.offset.reset"] = "earliest";
  consumer_options.log_sink = [](int level, std::string_view message) {
    if (level <= 3)
      std::fprintf(stderr, "kafka: %.*s\n", static_cast<int>(message.size()), message.data());
  };
  absl::StatusOr<std::unique_ptr<kafka::Consumer>> consumer =
      kafka::MakeKafkaConsumer(consumer_options);
  if (!consumer.ok()) {
    std::fprintf(stderr, "newsflow-loadgen: %s\n", consumer.status().ToString().c_str());
    return 2;
  }
  std::vector<Watched> watched;
  for (int pid : options.watch_pids) watched.push_back({pid, std::nullopt, std::nullopt});
  const Clock::time_point start = Clock::now();
  const double limit_s = options.duration_s > 0 ? options.duration_s : options.timeout_s;
  int64_t records = 0;
  int64_t value_bytes = 0;
  int64_t first_ts = -1;
  int64_t last_ts = -1;
  Clock::time_point first_arrival;
  Clock::time_point last_arrival;
  while ((options.count == 0 || records < options.count) &&
         std::chrono::duration<double>(Clock::now() - start).count() < limit_s) {
    absl::StatusOr<std::optional<kafka::ConsumedRecord>> polled =
        (*consumer)->Poll(std::chrono::milliseconds(100));
    if (!polled.ok() || !polled->has_value()) continue;
    const kafka::ConsumedRecord& record = **polled;
    last_arrival = Clock::now();
    if (records == 0) {
      first_arrival = last_arrival;
      for (Watched& w : watched) w.before = ReadProcStats(w.pid);
    }
    ++records;
    value_bytes += static_cast<int64_t>(record.value.size());
    if (record.timestamp_ms >= 0) {
      first_ts = first_ts < 0 ? record.timestamp_ms : std::min(first_ts, record.timestamp_ms);
      last_ts = std::max(last_ts, record.timestamp_ms);
    }
  }
  for (Watched& w : watched) w.after = ReadProcStats(w.pid);
  (*consumer)->Close();
  const double arrival_s = std::chrono::duration<double>(last_arrival - first_arrival).count();
  const double timestamp_s = static_cast<double>(last_ts - first_ts) / 1000.0;
  auto rate = [&](double s) { return s > 0 ? static_cast<double>(records - 1) / s : 0.0; };
  nlohmann::json result = {
      {"label", options.label},
      {"mode", "consume"},
      {"topic", options.topic},
      {"records", records},
      {"expected", options.count},
      {"mean_value_bytes",
       records > 0 ? static_cast<double>(value_bytes) / static_cast<double>(records) : 0.0},
      {"first_record_after_s",
       records > 0 ? std::chrono::duration<double>(first_arrival - start).count() : 0.0},
      {"arrival_span_s", arrival_s},
      {"timestamp_span_s", timestamp_s},
      {"records_per_second_by_arrival", rate(arrival_s)},
      {"records_per_second_by_timestamp", rate(timestamp_s)},
      {"watched", WatchedJson(watched, records > 0 ? records - 1 : 0)},
  };
  if (options.json) {
    std::cout << result.dump() << std::endl;
  } else {
    std::printf(
        "%s: %lld of %lld records (mean %.0f B); first after %.2f s; %.0f records/s by "
        "arrival over %.2f s, %.0f records/s by record timestamps\n",
        options.topic.c_str(), static_cast<long long>(records),
        static_cast<long long>(options.count), result["mean_value_bytes"].get<double>(),
        result["first_record_after_s"].get<double>(), rate(arrival_s), arrival_s,
        rate(timestamp_s));
    PrintWatched(result["watched"]);
  }
  return options.count > 0 && records < options.count ? 1 : 0;
}

}  // namespace
}  // namespace newsflow::bench

int main(int argc, char** argv) {
  newsflow::bench::Options options;
  CLI::App app{
      "newsflow-loadgen: load newsflow-ingest with generated articles and report acked/s and ack "
      "latency, or count a topic's records (consume mode)"};
  app.add_option("--server", options.server, "ingest address host:port")->capture_default_str();
  app.add_option("--mode", options.mode, "stream (IngestStream), unary (Ingest) or consume")
      ->capture_default_str()
      ->check(CLI::IsMember({"stream", "unary", "consume"}));
  app.add_option("--count", options.count, "articles to send (records to wait for in consume)")
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
  app.add_option("--duration", options.duration_s, "seconds to send for")
      ->check(CLI::Range(0.0, 86400.0));
  app.add_option("--concurrency", options.concurrency, "streams, or unary callers")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  app.add_option("--window", options.window, "articles in flight per stream")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_flag("--batch-acks", options.batch_acks,
               "stream: ask for several answers per response (batch_responses)");
  app.add_option("--articles-per-request", options.articles_per_request,
                 "stream: articles per IngestStreamRequest (its own and those of more)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app.add_option("--rate", options.rate, "articles/s over all workers, 0 = as fast as possible")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e7));
  app.add_option("--mix", options.mix, "weights: ja_text=1,html=0,tiny=0,large=0")
      ->capture_default_str();
  app.add_option("--html-dir", options.html_dir, "folder of .html/.html.gz pages for html");
  app.add_option("--unique-urls", options.unique_urls,
                 "every article a new URL (false: URLs repeat every 1000 articles)")
      ->capture_default_str();
  app.add_option("--warmup", options.warmup, "articles sent on one stream before measuring")
      ->capture_default_str();
  app.add_option("--timeout", options.timeout_s,
                 "seconds after which a stream is cancelled (safety bound)")
      ->capture_default_str();
  app.add_option("--watch-pid", options.watch_pids,
                 "report VmHWM/VmRSS and CPU time of this process (repeatable)");
  app.add_option("--label", options.label, "name of the run in the report");
  app.add_option("-b,--bootstrap-servers", options.bootstrap_servers, "consume: Kafka bootstrap")
      ->capture_default_str();
  app.add_option("--topic", options.topic, "consume: topic to count")->capture_default_str();
  app.add_flag("--json", options.json, "print one JSON object instead of text");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (options.count <= 0 && options.duration_s <= 0) {
    std::fprintf(stderr, "newsflow-loadgen: give --count and/or --duration (runs are bounded)\n");
    return 2;
  }
  if (options.mode == "consume") return newsflow::bench::RunConsume(options);
  return newsflow::bench::RunIngestLoad(options);
}
