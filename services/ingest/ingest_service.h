#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include <grpcpp/grpcpp.h>

#include "newsflow/v1/ingest.grpc.pb.h"

#include "ingest_pipeline.h"
#include "ingest_stats.h"

namespace newsflow::ingest {

/// Checked for each article a stream reads, before it is ingested: a non-OK status answers that
/// article with it (e.g. RESOURCE_EXHAUSTED when its client is over its rate).
using ArticleGate = std::function<absl::Status()>;

struct IngestServiceOptions {
  /// Articles read from one stream and not yet answered; reading pauses at the limit, which
  /// pushes back on the client through gRPC flow control.
  int max_in_flight_per_stream = 1024;
};

/// The gRPC shell (callback API): hands each article to the pipeline and writes its outcome.
class IngestServiceImpl final : public v1::IngestService::CallbackService {
 public:
  IngestServiceImpl(IngestPipeline& pipeline, IngestStats& stats, IngestServiceOptions options);

  grpc::ServerUnaryReactor* Ingest(grpc::CallbackServerContext* context,
                                   const v1::IngestRequest* request,
                                   v1::IngestResponse* response) override;
  grpc::ServerBidiReactor<v1::IngestStreamRequest, v1::IngestStreamResponse>* IngestStream(
      grpc::CallbackServerContext* context) override;

  /// IngestStream with `gate` applied to every article of the stream (null: none).
  grpc::ServerBidiReactor<v1::IngestStreamRequest, v1::IngestStreamResponse>* StartStream(
      ArticleGate gate);

  /// Open IngestStream calls.
  int64_t open_streams() const { return open_streams_.load(); }

 private:
  friend class IngestStreamReactor;
  // Runs the pipeline for one article and records its metrics before answering.
  void IngestOne(std::string_view method, const v1::RawArticle& article, IngestCallback done);

  IngestPipeline& pipeline_;
  IngestStats& stats_;
  const IngestServiceOptions options_;
  std::atomic<int64_t> open_streams_{0};
};

}  // namespace newsflow::ingest
