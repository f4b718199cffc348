// newsflow-enricher: wiring only (config, logging, resources, Kafka clients, signals).
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include <absl/strings/str_join.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "newsflow/common/logging.h"
#include "newsflow/common/metrics_server.h"
#include "newsflow/common/service_main.h"
#include "newsflow/kafka/consumer.h"
#include "newsflow/kafka/producer.h"
#include "newsflow/kafka/transactions.h"

#include "consume_loop.h"
#include "enricher_config.h"
#include "enricher_stats.h"

namespace {

using namespace newsflow;  // NOLINT(google-build-using-namespace): main only

std::function<void(int, std::string_view)> KafkaLogSink() {
  auto kafka_log = common::Logger("kafka");
  return [kafka_log](int level, std::string_view message) {
    kafka_log->log(level <= 3   ? spdlog::level::err
                   : level <= 4 ? spdlog::level::warn
                   : level <= 6 ? spdlog::level::info
                                : spdlog::level::debug,
                   "{}", message);
  };
}

// Reports each consumed record's partition, offset and age to the stats (consumer lag
// metrics); everything else goes straight to the wrapped consumer.
class MeteredConsumer final : public kafka::Consumer {
 public:
  MeteredConsumer(kafka::Consumer& consumer, enricher::EnricherStats& stats)
      : consumer_(consumer), stats_(stats) {}

  absl::StatusOr<std::optional<kafka::ConsumedRecord>> Poll(
      std::chrono::milliseconds timeout) override {
    absl::StatusOr<std::optional<kafka::ConsumedRecord>> record = consumer_.Poll(timeout);
    if (record.ok() && record->has_value()) {
      const kafka::ConsumedRecord& r = **record;
      stats_.RecordConsumed(r.topic, r.partition, r.offset, r.timestamp_ms,
                            std::chrono::system_clock::now());
    }
    return record;
  }
  absl::Status Commit(const std::vector<kafka::CommitOffset>& offsets) override {
    return consumer_.Commit(offsets);
  }
  absl::Status Seek(const std::string& topic, int32_t partition, int64_t offset) override {
    return consumer_.Seek(topic, partition, offset);
  }
  absl::StatusOr<std::string> GroupMetadata() override { return consumer_.GroupMetadata(); }
  void Close() override { consumer_.Close(); }

 private:
  kafka::Consumer& consumer_;
  enricher::EnricherStats& stats_;
};

int Run(int argc, char** argv) {
  int exit_code = 0;
  std::optional<enricher::EnricherConfig> config = common::StartService<enricher::EnricherConfig>(
      "newsflow-enricher", "enricher", argc, argv, enricher::LoadEnricherConfig, &exit_code);
  if (!config.has_value()) return exit_code;
  auto log = common::Logger("enricher");
  // Signals are handled by sigwait(); block them before any thread starts.
  const sigset_t signals = common::BlockTerminationSignals();

  absl::StatusOr<enricher::EnrichResources> resources =
      enricher::LoadResources({.data_dir = config->data_dir, .mecab_dicdir = config->mecab_dicdir});
  if (!resources.ok()) {
    log->critical("cannot load models and tables: {}", resources.status().ToString());
    return 1;
  }
  for (const std::string& warning : resources->recognizer->load_warnings())
    log->warn("{}", warning);
  kafka::ProducerOptions producer_options;
  producer_options.bootstrap_servers = config->kafka_bootstrap_servers;
  producer_options.client_id = "newsflow-enricher";
  producer_options.delivery_timeout_ms = static_cast<int>(config->kafka_delivery_timeout_ms);
  producer_options.properties = config->kafka_properties;
  producer_options.log_sink = KafkaLogSink();
  absl::StatusOr<std::unique_ptr<kafka::Producer>> producer;
  kafka::Transactions* transactions = nullptr;
  if (config->delivery_mode == enricher::DeliveryMode::kExactlyOnce) {
    absl::StatusOr<std::unique_ptr<kafka::TransactionalProducer>> transactional =
        kafka::MakeTransactionalKafkaProducer(
            producer_options, config->kafka_transactional_id,
            std::chrono::milliseconds(config->kafka_delivery_timeout_ms));
    if (transactional.ok()) {
      transactions = transactional->get();
      producer = std::unique_ptr<kafka::Producer>(*std::move(transactional));
    } else {
      producer = transactional.status();
    }
  } else {
    producer = kafka::MakeKafkaProducer(producer_options);
  }
  if (!producer.ok()) {
    log->critical("cannot create Kafka producer: {}", producer.status().ToString());
    return 1;
  }
  kafka::ConsumerOptions consumer_options;
  consumer_options.bootstrap_servers = config->kafka_bootstrap_servers;
  consumer_options.group_id = config->kafka_group_id;
  consumer_options.topics = {config->topic_normalized};
  consumer_options.client_id = "newsflow-enricher";
  consumer_options.properties = config->kafka_properties;
  consumer_options.log_sink = KafkaLogSink();
  absl::StatusOr<std::unique_ptr<kafka::Consumer>> consumer =
      kafka::MakeKafkaConsumer(consumer_options);
  if (!consumer.ok()) {
    log->critical("cannot create Kafka consumer: {}", consumer.status().ToString());
    return 1;
  }

  auto registry = std::make_shared<prometheus::Registry>();
  common::AddBuildInfo(*registry, "enricher");
  enricher::EnricherStats stats(*registry);
  MeteredConsumer metered_consumer(**consumer, stats);

  enricher::WorkerPool workers(static_cast<size_t>(config->workers));
  enricher::ConsumeLoopOptions loop_options;
  loop_options.topics = {config->topic_normalized, config->topic_enriched, config->topic_dlq,
                         config->topic_enriched_json};
  loop_options.max_batch_records = static_cast<int>(config->batch_max_records);
  loop_options.max_batch_wait = std::chrono::milliseconds(config->batch_max_wait_ms);
  loop_options.delivery_timeout =
      std::chrono::milliseconds(config->kafka_delivery_timeout_ms + 5000);
  loop_options.on_enriched = [&stats](const enricher::StageTimings& timings) {
    stats.ObserveStages(timings);
  };
  enricher::ConsumeLoop loop(metered_consumer, **producer, *resources, workers, loop_options,
                             transactions);

  std::atomic<bool> stop{false};
  std::unique_ptr<common::MetricsServer> metrics;
  if (!config->metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<common::MetricsServer>> started = common::MetricsServer::Start({
        .listen = config->metrics_listen,
        .registry = registry,
        .readiness = [&stop]() -> absl::Status {
          return stop.load() ? absl::UnavailableError("shutting down") : absl::OkStatus();
        },
        .before_scrape = [&stats, &loop] { stats.Sync(loop.counters()); },
    });
    if (!started.ok()) {
      log->critical("{}", started.status().ToString());
      return 1;
    }
    metrics = *std::move(started);
  }
  std::mutex done_mutex;
  std::condition_variable done_cv;
  bool done = false;
  std::thread signal_thread([&] {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    log->info("signal={} received: finishing the current batch within {} ms", signal_number,
              config->shutdown_grace_ms);
    stop.store(true);
    std::unique_lock<std::mutex> lock(done_mutex);
    if (!done_cv.wait_for(lock, std::chrono::milliseconds(config->shutdown_grace_ms),
                          [&] { return done; })) {
      // Uncommitted records are consumed again by the next owner: nothing is lost.
      log->error("shutdown deadline passed; exiting without committing the current batch");
      spdlog::shutdown();
      _exit(1);
    }
  });

  std::printf("newsflow-enricher consuming %s metrics %d\n", config->topic_normalized.c_str(),
              metrics != nullptr ? metrics->port() : 0);
  std::fflush(stdout);
  log->info("consuming topic={} group={} workers={} delivery_mode={}{}", config->topic_normalized,
            config->kafka_group_id, config->workers, config->delivery_mode_name,
            transactions != nullptr
                ? fmt::format(" transactional_id={}", config->kafka_transactional_id)
                : std::string());
  absl::Status result = loop.Run(stop);
  (void)(*producer)->Flush(std::chrono::milliseconds(config->shutdown_grace_ms));
  (*consumer)->Close();
  const auto& counters = loop.counters();
  log->info("stopped consumed={} enriched={} dead_lettered={} status={}", counters.consumed.load(),
            counters.enriched.load(), counters.dead_lettered.load(), result.ToString());
  {
    std::lock_guard<std::mutex> lock(done_mutex);
    done = true;
  }
  done_cv.notify_all();
  if (!stop.load()) {
    // The loop ended by itself (fatal error): wake the signal thread so it can be joined.
    pthread_kill(signal_thread.native_handle(), SIGTERM);
  }
  signal_thread.join();
  return result.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
