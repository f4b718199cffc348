#include <signal.h>

#include <cstdio>
#include <fstream>

#include "newsflow/kafka/dev_broker.h"

#include "commands.h"

namespace newsflow::cli {

int RunDevBroker(const DevBrokerArgs& args) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  kafka::DevBrokerOptions options;
  options.brokers = args.brokers;
  for (const std::string& topic : args.topics) {
    options.topics.push_back({.name = topic, .partitions = args.partitions});
  }
  absl::StatusOr<std::unique_ptr<kafka::DevBroker>> broker = kafka::DevBroker::Start(options);
  if (!broker.ok()) {
    std::fprintf(stderr, "newsflow dev-broker: %s\n", broker.status().ToString().c_str());
    return kExitUnavailable;
  }
  if (args.rtt_ms > 0) {
    // Broker ids of the mock cluster are 1..brokers.
    for (int id = 1; id <= args.brokers; ++id) {
      if (absl::Status status = (*broker)->SetBrokerRtt(id, args.rtt_ms); !status.ok()) {
        std::fprintf(stderr, "newsflow dev-broker: %s\n", status.ToString().c_str());
        return kExitUnavailable;
      }
    }
  }
  const std::string bootstrap = (*broker)->BootstrapServers();
  if (!args.bootstrap_file.empty()) {
    // Written to a temporary name and renamed, so a reader never sees half an address.
    const std::string temporary = args.bootstrap_file + ".tmp";
    std::ofstream(temporary) << bootstrap << "\n";
    std::rename(temporary.c_str(), args.bootstrap_file.c_str());
  }
  std::printf("bootstrap.servers=%s\n", bootstrap.c_str());
  std::fprintf(stderr,
               "newsflow dev-broker: in-memory Kafka-protocol broker for development only (no "
               "durability); %d broker(s), rtt %d ms, topics:",
               args.brokers, args.rtt_ms);
  for (const std::string& topic : args.topics) std::fprintf(stderr, " %s", topic.c_str());
  std::fprintf(stderr, "\nstop with Ctrl-C or SIGTERM\n");
  std::fflush(stdout);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::fprintf(stderr, "newsflow dev-broker: stopping\n");
  return kExitOk;
}

}  // namespace newsflow::cli
