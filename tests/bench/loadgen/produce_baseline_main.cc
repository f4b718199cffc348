// newsflow-produce-baseline: the raw producer ceiling for newsflow-ingest. Sends N records of
// a realistic serialized NormalizedArticle (built from the load generator's Japanese text) with
// the producer ingest uses (kafka::MakeKafkaProducer: acks=all, idempotence, linger 5 ms, lz4)
// and the same headers, and reports msgs/s and MB/s. It can also write the same payloads as a
// delimited file for `kcat -P -D`, so kcat can be measured on identical bytes.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "newsflow/kafka/producer.h"
#include "newsflow/v1/article.pb.h"

#include "article_generator.h"

namespace newsflow::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string bootstrap_servers = "127.0.0.1:9092";
  std::string topic = "newsflow.bench.baseline";
  int64_t count = 0;
  int distinct = 1024;
  std::string kcat_file;
  std::string kcat_delimiter = "\xfe\xfd\xfcNF-RECORD\xfc\xfd\xfe";
  bool json = false;
};

std::string Hex(uint64_t a, uint64_t b) { return fmt::format("{:016x}{:016x}", a, b); }

// Counts code points of UTF-8 text (every byte that is not a continuation byte).
uint32_t CodePoints(const std::string& text) {
  uint32_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// A NormalizedArticle as ingest would publish for the load generator's article `index`:
// same text, realistic ids and metadata. Records differ from each other (as ingest's do), so
// lz4 cannot compress a batch better than it would compress real traffic.
std::string MakePayload(uint64_t index) {
  JapaneseText text = MakeJapaneseText(index);
  std::mt19937_64 rng(index + 17);
  v1::NormalizedArticle article;
  article.set_article_id(Hex(rng(), rng()));
  article.set_url(fmt::format("https://www.asahi.com/news/baseline/{}.html", index));
  article.set_canonical_url(article.url());
  article.set_host("www.asahi.com");
  article.set_registrable_domain("asahi.com");
  article.set_title(text.title);
  article.set_text_length(CodePoints(text.text));
  article.set_text(std::move(text.text));
  article.set_content_hash(Hex(rng(), rng()) + Hex(rng(), rng()));
  article.set_simhash(rng());
  article.set_source_charset("UTF-8");
  article.set_content_type(v1::CONTENT_TYPE_TEXT);
  article.mutable_crawl_time()->set_seconds(1'718'000'000 + static_cast<int64_t>(index));
  article.mutable_ingest_time()->set_seconds(1'718'000'000 + static_cast<int64_t>(index));
  article.mutable_ingest_time()->set_nanos(123'456'789);
  article.mutable_metadata()->set_language_hint("ja");
  return article.SerializeAsString();
}

int Run(const Options& options) {
  std::vector<std::string> payloads;
  std::vector<std::string> keys;
  size_t payload_bytes = 0;
  for (int i = 0; i < options.distinct; ++i) {
    payloads.push_back(MakePayload(static_cast<uint64_t>(i)));
    keys.push_back(Hex(std::hash<int>{}(i), static_cast<uint64_t>(i)));
    payload_bytes += payloads.back().size();
  }
  const double mean_bytes = static_cast<double>(payload_bytes) / options.distinct;

  if (!options.kcat_file.empty()) {
    std::ofstream out(options.kcat_file, std::ios::binary);
    for (int64_t i = 0; i < options.count; ++i) {
      const std::string& payload = payloads[i % options.distinct];
      if (payload.find(options.kcat_delimiter) != std::string::npos) {
        std::fprintf(stderr, "newsflow-produce-baseline: delimiter occurs in a payload\n");
        return 2;
      }
      out << payload << options.kcat_delimiter;
    }
    if (!out) {
      std::fprintf(stderr, "newsflow-produce-baseline: cannot write %s\n",
                   options.kcat_file.c_str());
      return 2;
    }
    std::fprintf(stderr, "wrote %lld payloads (mean %.0f B) to %s\n",
                 static_cast<long long>(options.count), mean_bytes, options.kcat_file.c_str());
    return 0;
  }

  kafka::ProducerOptions producer_options;
  producer_options.bootstrap_servers = options.bootstrap_servers;
  producer_options.client_id = "newsflow-produce-baseline";
  producer_options.log_sink = [](int level, std::string_view message) {
    if (level <= 3) {
      std::fprintf(stderr, "kafka: %.*s\n", static_cast<int>(message.size()), message.data());
    }
  };
  absl::StatusOr<std::unique_ptr<kafka::Producer>> producer =
      kafka::MakeKafkaProducer(producer_options);
  if (!producer.ok()) {
    std::fprintf(stderr, "newsflow-produce-baseline: %s\n", producer.status().ToString().c_str());
    return 2;
  }
  // One warm-up record: fetches metadata and the idempotent producer id before timing.
  std::atomic<int64_t> delivered{0};
  std::atomic<int64_t> failed{0};
  auto on_delivery = [&](absl::StatusOr<kafka::DeliveryReport> report) {
    (report.ok() ? delivered : failed).fetch_add(1, std::memory_order_relaxed);
  };
  const kafka::Headers headers = {
      {"content-type", "application/x-protobuf; proto=newsflow.v1.NormalizedArticle"},
      {"newsflow-producer", "newsflow-produce-baseline"},
      {"newsflow-trace-id", "00000000000000000000000000000000"},
  };
  (void)(*producer)->Send({options.topic, keys[0], payloads[0], headers}, on_delivery);
  (void)(*producer)->Flush(std::chrono::seconds(10));
  delivered = 0;
  failed = 0;

  int64_t queue_full = 0;
  const Clock::time_point start = Clock::now();
  for (int64_t i = 0; i < options.count; ++i) {
    const size_t k = static_cast<size_t>(i % options.distinct);
    kafka::Headers record_headers = headers;
    record_headers[2].second = Hex(static_cast<uint64_t>(i), 0);
    kafka::OutgoingRecord record{options.topic, keys[k], payloads[k], std::move(record_headers)};
    while (true) {
      absl::Status status = (*producer)->Send(record, on_delivery);
      if (status.ok()) break;
      if (status.code() != absl::StatusCode::kResourceExhausted) {
        std::fprintf(stderr, "newsflow-produce-baseline: %s\n", status.ToString().c_str());
        return 1;
      }
      ++queue_full;  // the local queue is full: wait for acknowledgements, as ingest would
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  const absl::Status flushed = (*producer)->Flush(std::chrono::seconds(60));
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double rate = static_cast<double>(delivered.load()) / seconds;
  nlohmann::json result = {
      {"label", "raw producer"},        {"records", options.count},
      {"delivered", delivered.load()},  {"failed", failed.load()},
      {"mean_value_bytes", mean_bytes}, {"seconds", seconds},
      {"msgs_per_second", rate},        {"mb_per_second", rate * mean_bytes / 1e6},
      {"queue_full_waits", queue_full},
  };
  if (options.json) {
    std::cout << result.dump() << std::endl;
  } else {
    std::printf(
        "raw producer: %lld delivered, %lld failed in %.2f s: %.0f msgs/s, %.1f MB/s "
        "(values of %.0f B)\n",
        static_cast<long long>(delivered.load()), static_cast<long long>(failed.load()), seconds,
        rate, rate * mean_bytes / 1e6, mean_bytes);
  }
  return flushed.ok() && failed.load() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace newsflow::bench

int main(int argc, char** argv) {
  newsflow::bench::Options options;
  CLI::App app{
      "newsflow-produce-baseline: raw Kafka producer throughput with ingest's producer settings "
      "and NormalizedArticle-sized records"};
  app.add_option("-b,--bootstrap-servers", options.bootstrap_servers, "Kafka bootstrap servers")
      ->capture_default_str();
  app.add_option("--topic", options.topic, "topic to produce to")->capture_default_str();
  app.add_option("--count", options.count, "records to send")
      ->required()
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  app.add_option("--distinct", options.distinct, "distinct payloads, cycled")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--kcat-file", options.kcat_file,
                 "only write the payloads to this file, separated by the kcat delimiter");
  app.add_flag("--json", options.json, "print one JSON object instead of text");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return newsflow::bench::Run(options);
}
