#include "ingest_service.h"

#include <mutex>
#include <vector>

#include "newsflow/kafka/delivery_batch.h"

#include "grpc_status.h"
#include "stream_ack_queue.h"
#include "stream_articles.h"
#include "stream_window.h"

namespace newsflow::ingest {

// One IngestStream call. Reads requests one at a time, hands each article of a request (its own
// and those of `more`) to the pipeline and writes the outcomes in completion order (one write
// outstanding at a time, as gRPC requires; on a stream that asked for batched responses, one write
// carries the outcomes that completed during the previous one, and outcomes of one Kafka delivery
// batch start one write at the batch's end instead of one for the first and one for the rest).
// Reading pauses while max_in_flight_per_stream articles are unanswered, so a client that floods
// the stream or stops reading responses holds a bounded amount of server memory (the window plus
// one request).
class IngestStreamReactor final
    : public grpc::ServerBidiReactor<v1::IngestStreamRequest, v1::IngestStreamResponse> {
 public:
  IngestStreamReactor(IngestServiceImpl& service, ArticleGate gate)
      : service_(service),
        gate_(std::move(gate)),
        window_(service.options_.max_in_flight_per_stream) {
    service_.open_streams_.fetch_add(1);
    reading_ = true;
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    std::unique_lock<std::mutex> lock(mutex_);
    reading_ = false;
    if (!ok) {
      reads_done_ = true;
      MaybeFinishLocked();
      return;
    }
    if (first_request_) {
      first_request_ = false;
      acks_.set_batched(request_.batch_responses());
    }
    // Once unlocked, another thread may start the next read into request_: the articles are
    // moved out of it first.
    std::vector<StreamArticle> admitted;
    for (StreamArticle& article : TakeStreamArticles(request_)) {
      if (absl::Status refusal = AdmitLocked(article); !refusal.ok()) {
        EnqueueLocked(article.sequence, refusal);
        continue;
      }
      ++in_pipeline_;
      admitted.push_back(std::move(article));
    }
    lock.unlock();
    for (StreamArticle& article : admitted) {
      service_.IngestOne(
          "IngestStream", article.article,
          [this, sequence = article.sequence, field_prefix = std::move(article.field_prefix)](
              absl::StatusOr<v1::IngestResponse> result) {
            OnIngested(sequence, field_prefix, std::move(result));
          });
    }
    lock.lock();
    MaybeReadLocked();
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mutex_);
    writing_ = false;
    if (!ok) {
      // The client is gone; outcomes still arriving are dropped (the articles are published or
      // not, and the client retries by article id).
      write_failed_ = true;
      window_.Answered(static_cast<int64_t>(acks_.size()));
      acks_.Clear();
    } else if (!acks_.empty()) {
      StartWriteLocked();
    }
    MaybeReadLocked();
    MaybeFinishLocked();
  }

  void OnCancel() override {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_ = true;
    MaybeFinishLocked();
  }

  void OnDone() override {
    service_.open_streams_.fetch_sub(1);
    delete this;
  }

 private:
  // The window's verdict on `article`, then the gate's (last, as it takes a rate-limit token).
  absl::Status AdmitLocked(const StreamArticle& article) {
    if (absl::Status admitted = window_.Admit(article); !admitted.ok()) return admitted;
    if (!gate_) return absl::OkStatus();
    absl::Status allowed = gate_();
    if (!allowed.ok()) window_.Release(article.sequence);
    return allowed;
  }

  void OnIngested(uint64_t sequence, const std::string& field_prefix,
                  absl::StatusOr<v1::IngestResponse> result) {
    std::lock_guard<std::mutex> lock(mutex_);
    --in_pipeline_;
    window_.Release(sequence);
    if (result.ok()) {
      v1::IngestStreamResponse response;
      response.set_sequence(sequence);
      response.mutable_status()->set_code(0);
      *response.mutable_result() = *std::move(result);
      EnqueueLocked(std::move(response));
    } else {
      EnqueueLocked(sequence, NamedFromRequest(field_prefix, result.status()));
    }
    MaybeReadLocked();
    MaybeFinishLocked();
  }

  void EnqueueLocked(uint64_t sequence, const absl::Status& status) {
    v1::IngestStreamResponse response;
    response.set_sequence(sequence);
    *response.mutable_status() = ToRpcStatus(status);
    EnqueueLocked(std::move(response));
  }

  void EnqueueLocked(v1::IngestStreamResponse response) {
    if (write_failed_ || cancelled_) {
      window_.Answered(1);
      return;
    }
    acks_.Push(std::move(response));
    if (writing_ || write_scheduled_) return;
    if (acks_.batched() && kafka::DeliveryBatch::Open()) {
      // More outcomes of this stream may follow in the same delivery batch.
      write_scheduled_ = true;
      kafka::DeliveryBatch::Defer([this] { OnDeliveryBatchEnd(); });
      return;
    }
    StartWriteLocked();
  }

  void OnDeliveryBatchEnd() {
    std::lock_guard<std::mutex> lock(mutex_);
    write_scheduled_ = false;
    if (!writing_ && !acks_.empty() && !write_failed_ && !cancelled_) StartWriteLocked();
    MaybeReadLocked();
    MaybeFinishLocked();
  }

  void StartWriteLocked() {
    // Answered once the write starts, not when it completes: a client may read an answer before
    // OnWriteDone() runs, and one that keeps exactly the window's worth of articles unanswered
    // must never find the window full. One message in write stays bounded all the same.
    window_.Answered(static_cast<int64_t>(acks_.TakeMessage(&in_write_)));
    writing_ = true;
    StartWrite(&in_write_);
  }

  void MaybeReadLocked() {
    if (reading_ || reads_done_ || write_failed_ || cancelled_ || finished_) return;
    if (!window_.HasRoom()) return;
    reading_ = true;
    StartRead(&request_);
  }

  void MaybeFinishLocked() {
    // A scheduled write holds `this` until OnDeliveryBatchEnd() ran.
    if (finished_ || reading_ || writing_ || write_scheduled_ || in_pipeline_ > 0) return;
    if (!(reads_done_ || write_failed_ || cancelled_)) return;
    if (!acks_.empty() && !write_failed_ && !cancelled_) return;
    finished_ = true;
    Finish(cancelled_ ? grpc::Status::CANCELLED : grpc::Status::OK);
  }

  IngestServiceImpl& service_;
  const ArticleGate gate_;
  std::mutex mutex_;
  v1::IngestStreamRequest request_;
  StreamAckQueue acks_;                // answers waiting for the next write
  v1::IngestStreamResponse in_write_;  // the message being written while writing_
  StreamWindow window_;                // articles read and not yet answered
  int64_t in_pipeline_ = 0;            // handed to the pipeline, outcome pending
  bool first_request_ = true;
  bool reading_ = false;
  bool writing_ = false;
  bool write_scheduled_ = false;  // OnDeliveryBatchEnd() will start the write
  bool reads_done_ = false;
  bool write_failed_ = false;
  bool cancelled_ = false;
  bool finished_ = false;
};

IngestServiceImpl::IngestServiceImpl(IngestPipeline& pipeline, IngestStats& stats,
                                     IngestServiceOptions options)
    : pipeline_(pipeline), stats_(stats), options_(options) {}

void IngestServiceImpl::IngestOne(std::string_view method, const v1::RawArticle& article,
                                  IngestCallback done) {
  const auto received = std::chrono::steady_clock::now();
  stats_.AddBodyBytes(static_cast<int64_t>(article.body().size()));
  pipeline_.Ingest(article, [this, method, received,
                             done = std::move(done)](absl::StatusOr<v1::IngestResponse> result) {
    stats_.RecordArticle(method, result, std::chrono::steady_clock::now() - received);
    done(std::move(result));
  });
}

grpc::ServerUnaryReactor* IngestServiceImpl::Ingest(grpc::CallbackServerContext* context,
                                                    const v1::IngestRequest* request,
                                                    v1::IngestResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  IngestOne("Ingest", request->article(),
            [reactor, response](absl::StatusOr<v1::IngestResponse> result) {
              if (result.ok()) *response = *std::move(result);
              reactor->Finish(ToGrpcStatus(result.status()));
            });
  return reactor;
}

grpc::ServerBidiReactor<v1::IngestStreamRequest, v1::IngestStreamResponse>*
IngestServiceImpl::IngestStream(grpc::CallbackServerContext*) {
  return StartStream(nullptr);
}

grpc::ServerBidiReactor<v1::IngestStreamRequest, v1::IngestStreamResponse>*
IngestServiceImpl::StartStream(ArticleGate gate) {
  return new IngestStreamReactor(*this, std::move(gate));
}

}  // namespace newsflow::ingest
