#include "ingest_stats.h"

namespace newsflow::ingest {

IngestStats::IngestStats(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("newsflow_ingest_requests_total")
                    .Help("Articles received, by RPC method and gRPC status code of the answer")
                    .Register(registry)),
      articles_(prometheus::BuildCounter()
                    .Name("newsflow_ingest_articles_total")
                    .Help("Articles answered OK, by outcome (accepted = published now)")
                    .Register(registry)),
      body_bytes_(prometheus::BuildCounter()
                      .Name("newsflow_ingest_body_bytes_total")
                      .Help("Raw body bytes of articles that passed validation")
                      .Register(registry)
                      .Add({})),
      ack_latency_(prometheus::BuildHistogram()
                       .Name("newsflow_ingest_ack_latency_seconds")
                       .Help("Time from receiving an article to answering it OK (includes "
                             "Kafka's acknowledgement)")
                       .Register(registry)
                       .Add({}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.002, 0.005,
                                                                        0.01, 0.02, 0.05, 0.1, 0.2,
                                                                        0.5, 1, 2, 5, 10, 30})),
      in_flight_(prometheus::BuildGauge()
                     .Name("newsflow_ingest_in_flight")
                     .Help("Articles awaiting Kafka's acknowledgement")
                     .Register(registry)
                     .Add({})),
      queue_depth_(prometheus::BuildGauge()
                       .Name("newsflow_ingest_producer_queue_depth")
                       .Help("Records in the Kafka producer's queue, not yet acknowledged")
                       .Register(registry)
                       .Add({})),
      open_streams_(prometheus::BuildGauge()
                        .Name("newsflow_ingest_open_streams")
                        .Help("Open IngestStream calls")
                        .Register(registry)
                        .Add({})) {}

void IngestStats::RecordArticle(std::string_view method,
                                const absl::StatusOr<v1::IngestResponse>& result,
                                std::chrono::steady_clock::duration latency) {
  auto request_labels = [&]() -> prometheus::Labels {
    return {{"method", std::string(method)},
            {"code", absl::StatusCodeToString(result.status().code())}};
  };
  if (result.ok() && (method == "IngestStream" || method == "Ingest")) {
    Series(method == "IngestStream" ? kStreamOk : kUnaryOk, requests_, request_labels).Increment();
  } else {
    requests_.Add(request_labels()).Increment();
  }
  if (!result.ok()) return;
  const bool duplicate = result->outcome() == v1::INGEST_OUTCOME_DUPLICATE;
  if (duplicate) {
    Series(kDuplicate, articles_, [] {
      return prometheus::Labels{{"outcome", "duplicate"}};
    }).Increment();
  } else {
    Series(kAccepted, articles_, [] {
      return prometheus::Labels{{"outcome", "accepted"}};
    }).Increment();
    if (!result->near_duplicate_of().empty()) {
      Series(kNearDuplicate, articles_, [] {
        return prometheus::Labels{{"outcome", "near_duplicate"}};
      }).Increment();
    }
  }
  ack_latency_.Observe(std::chrono::duration<double>(latency).count());
}

}  // namespace newsflow::ingest
