#include "ingest_pipeline.h"

#include <random>

#include <fmt/format.h>

#include "newsflow/common/config.h"

#include "record_serializer.h"

namespace newsflow::ingest {

kafka::Headers NormalizedRecordHeaders(std::string_view producer_name, std::string_view trace_id) {
  return {
      {"content-type", "application/x-protobuf; proto=newsflow.v1.NormalizedArticle"},
      {"newsflow-producer", fmt::format("{}/{}", producer_name, common::NewsflowVersion())},
      {"newsflow-trace-id", std::string(trace_id)},
  };
}

std::string NewTraceId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}{:016x}", rng(), rng());
}

IngestPipeline::IngestPipeline(kafka::Producer& producer, dedup::DuplicateIndex& index,
                               IngestPipelineOptions options)
    : producer_(producer), index_(index), options_(std::move(options)) {}

void IngestPipeline::Ingest(const v1::RawArticle& raw, IngestCallback done) {
  // Refused before the work of normalizing it when already full (checked again, exactly, below):
  // under a flood the CPU goes to articles that can be accepted.
  if (counters_.in_flight.load(std::memory_order_relaxed) >= options_.max_in_flight) {
    done(InFlightLimitReached());
    return;
  }
  absl::StatusOr<v1::NormalizedArticle> article =
      NormalizeArticle(raw, options_.limits, absl::Now());
  if (!article.ok()) {
    done(article.status());
    return;
  }
  counters_.body_bytes.fetch_add(static_cast<int64_t>(raw.body().size()),
                                 std::memory_order_relaxed);

  v1::IngestResponse response;
  response.set_article_id(article->article_id());
  response.set_content_hash(article->content_hash());
  response.set_canonical_url(article->canonical_url());
  {
    std::unique_lock<std::mutex> lock(mutex_);
    dedup::CheckResult check =
        index_.Begin(article->article_id(), article->content_hash(), article->simhash());
    WaiterKey key{article->article_id(), article->content_hash()};
    switch (check.verdict) {
      case dedup::Verdict::kDuplicate:
        lock.unlock();
        counters_.duplicates.fetch_add(1, std::memory_order_relaxed);
        response.set_outcome(v1::INGEST_OUTCOME_DUPLICATE);
        done(std::move(response));
        return;
      case dedup::Verdict::kInFlight:
        // Answered with the outcome of the publication already under way.
        waiters_[key].push_back(std::move(done));
        return;
      case dedup::Verdict::kNew:
      case dedup::Verdict::kNewVersion:
        break;
    }
    if (counters_.in_flight.load(std::memory_order_relaxed) >= options_.max_in_flight) {
      index_.Abort(key.first, key.second);
      lock.unlock();
      done(InFlightLimitReached());
      return;
    }
    counters_.in_flight.fetch_add(1, std::memory_order_relaxed);
    waiters_[key].push_back(std::move(done));
    if (!check.near_duplicate_of.empty()) {
      counters_.near_duplicates.fetch_add(1, std::memory_order_relaxed);
      article->set_near_duplicate_of(check.near_duplicate_of);
      response.set_near_duplicate_of(check.near_duplicate_of);
    }
  }
  response.set_outcome(v1::INGEST_OUTCOME_ACCEPTED);
  Publish(*std::move(article), std::move(response));
}

absl::Status IngestPipeline::InFlightLimitReached() const {
  return absl::ResourceExhaustedError(fmt::format(
      "{} articles are in flight (the server's limit); retry shortly", options_.max_in_flight));
}

void IngestPipeline::Publish(v1::NormalizedArticle article, v1::IngestResponse response) {
  WaiterKey key{article.article_id(), article.content_hash()};
  const uint64_t simhash = article.simhash();
  kafka::OutgoingRecord record{
      .topic = options_.topic,
      .key = article.article_id(),
      .value = SerializeNormalizedArticle(article),
      .headers = NormalizedRecordHeaders(options_.producer_name, NewTraceId())};
  absl::Status queued =
      producer_.Send(std::move(record), [this, key, simhash, response = std::move(response)](
                                            absl::StatusOr<kafka::DeliveryReport> report) mutable {
        if (!report.ok()) {
          Complete(key, simhash, report.status());
          return;
        }
        response.set_partition(report->partition);
        response.set_offset(report->offset);
        Complete(key, simhash, std::move(response));
      });
  if (!queued.ok()) Complete(key, simhash, queued);
}

void IngestPipeline::Complete(const WaiterKey& key, uint64_t simhash,
                              const absl::StatusOr<v1::IngestResponse>& result) {
  std::vector<IngestCallback> callbacks;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (result.ok()) {
      index_.Commit(key.first, key.second, simhash);
    } else {
      index_.Abort(key.first, key.second);
    }
    auto it = waiters_.find(key);
    if (it != waiters_.end()) {
      callbacks = std::move(it->second);
      waiters_.erase(it);
    }
    counters_.in_flight.fetch_sub(1, std::memory_order_relaxed);
  }
  if (result.ok()) counters_.published.fetch_add(1, std::memory_order_relaxed);
  for (size_t i = 0; i < callbacks.size(); ++i) {
    if (i == 0 || !result.ok()) {
      callbacks[i](result);
      continue;
    }
    // Copies of the article that arrived while it was being published: one record, the rest
    // are answered as duplicates of it.
    v1::IngestResponse duplicate = *result;
    duplicate.set_outcome(v1::INGEST_OUTCOME_DUPLICATE);
    counters_.duplicates.fetch_add(1, std::memory_order_relaxed);
    callbacks[i](std::move(duplicate));
  }
}

}  // namespace newsflow::ingest
