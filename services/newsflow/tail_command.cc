#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>
#include <google/protobuf/util/json_util.h>

#include "newsflow/kafka/consumer.h"
#include "newsflow/v1/enriched.pb.h"

#include "commands.h"
#include "record_view.h"

namespace newsflow::cli {
namespace {

std::atomic<bool> interrupted{false};

void OnSignal(int) { interrupted.store(true); }

}  // namespace

int RunTail(const TailArgs& args) {
  kafka::ConsumerOptions options;
  options.bootstrap_servers = args.bootstrap_servers;
  // A group of its own: tail never moves the offsets of the services' groups.
  options.group_id = fmt::format("newsflow-tail-{}-{}", getpid(),
                                 std::chrono::steady_clock::now().time_since_epoch().count());
  options.topics = {args.topic};
  options.client_id = "newsflow-tail";
  options.properties["auto.offset.reset"] = args.from_beginning ? "earliest" : "latest";
  absl::StatusOr<std::unique_ptr<kafka::Consumer>> consumer = kafka::MakeKafkaConsumer(options);
  if (!consumer.ok()) {
    std::fprintf(stderr, "newsflow tail: %s\n", consumer.status().ToString().c_str());
    return kExitUsage;
  }
  signal(SIGINT, OnSignal);
  signal(SIGTERM, OnSignal);

  int64_t printed = 0;
  auto last_record = std::chrono::steady_clock::now();
  while (!interrupted.load() && (args.max_records == 0 || printed < args.max_records)) {
    absl::StatusOr<std::optional<kafka::ConsumedRecord>> polled =
        (*consumer)->Poll(std::chrono::milliseconds(200));
    if (!polled.ok()) {
      std::fprintf(stderr, "newsflow tail: %s\n", polled.status().ToString().c_str());
      continue;
    }
    if (!polled->has_value()) {
      if (args.idle_timeout_ms > 0 && std::chrono::steady_clock::now() - last_record >
                                          std::chrono::milliseconds(args.idle_timeout_ms)) {
        break;
      }
      continue;
    }
    last_record = std::chrono::steady_clock::now();
    const kafka::ConsumedRecord& record = **polled;
    if (!MatchesFilter(record, args.filter)) continue;
    std::string line = args.format == "summary" ? RecordSummary(record) : RecordJson(record);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    ++printed;
  }
  (*consumer)->Close();
  std::fprintf(stderr, "newsflow tail: %lld records\n", static_cast<long long>(printed));
  return kExitOk;
}

}  // namespace newsflow::cli
