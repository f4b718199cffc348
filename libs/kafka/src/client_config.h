#pragma once

#include <map>
#include <memory>
#include <string>

#include <absl/status/status.h>
#include <librdkafka/rdkafka.h>

namespace newsflow::kafka::internal {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

/// Sets `properties` on `conf` in order; INVALID_ARGUMENT names the first property librdkafka
/// rejects (unknown name or bad value).
absl::Status SetProperties(rd_kafka_conf_t* conf,
                           const std::map<std::string, std::string>& properties);

}  // namespace newsflow::kafka::internal
