#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "record_filter.h"

namespace newsflow::cli {

/// Exit codes of every subcommand (documented in the README).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailures = 1;     ///< ran, but some items failed
inline constexpr int kExitUsage = 2;        ///< bad arguments or configuration
inline constexpr int kExitUnavailable = 3;  ///< server or broker unreachable

struct PushArgs {
  std::vector<std::string> paths;
  std::string server = "127.0.0.1:50051";
  std::string base_url = "http://localhost/articles/";
  std::string charset;
  int concurrency = 256;  ///< the window: articles sent and not yet answered
  /// Articles per IngestStreamRequest (its own plus those of `more`), while the request stays
  /// under max_request_bytes.
  int articles_per_request = 16;
  int64_t max_request_bytes = 1 << 20;
  int retries = 5;
  int64_t deadline_ms = 60'000;
  bool quiet = false;
  /// Articles per second to send (0 = as fast as acks allow).
  double rate = 0;
  /// JSON Lines file of acknowledged inputs ({"label","article_id"}); inputs already in it are
  /// skipped, and every new ack is appended, so an interrupted push resumes where it stopped.
  std::string checkpoint;
  /// TLS: PEM CA of the server (empty with `tls` = the system's roots).
  bool tls = false;
  std::string tls_ca;
  /// Mutual TLS: the client's PEM certificate chain and key.
  std::string tls_cert;
  std::string tls_key;
  /// Sent as `authorization: Bearer <token>` on the stream.
  std::string token;
};
int RunPush(const PushArgs& args);

struct TailArgs {
  std::string topic;
  std::string bootstrap_servers = "127.0.0.1:9092";
  bool from_beginning = false;
  int64_t max_records = 0;      ///< 0 = no limit
  int64_t idle_timeout_ms = 0;  ///< 0 = wait forever
  std::string format = "json";  ///< json | summary
  RecordFilter filter;
};
int RunTail(const TailArgs& args);

struct DevBrokerArgs {
  int brokers = 1;
  int partitions = 3;
  std::vector<std::string> topics = {"newsflow.articles.normalized.v1",
                                     "newsflow.articles.enriched.v1", "newsflow.articles.dlq.v1"};
  std::string bootstrap_file;
  int rtt_ms = 0;  ///< added round-trip time of every broker (a slow network, for tests)
};
int RunDevBroker(const DevBrokerArgs& args);

struct EnrichArgs {
  std::string input = "-";
  std::string output;
  std::string data_dir;
  int threads = 2;
};
int RunEnrich(const EnrichArgs& args);

}  // namespace newsflow::cli
