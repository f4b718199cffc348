#include "client_config.h"

#include <fmt/format.h>

namespace newsflow::kafka::internal {

absl::Status SetProperties(rd_kafka_conf_t* conf,
                           const std::map<std::string, std::string>& properties) {
  for (const auto& [name, value] : properties) {
    char errstr[512] = "";
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), errstr, sizeof(errstr)) !=
        RD_KAFKA_CONF_OK) {
      // The value is left out of the message: it may be a secret (sasl.password).
      return absl::InvalidArgumentError(
          fmt::format("kafka property \"{}\" rejected: {}", name, errstr));
    }
  }
  return absl::OkStatus();
}

}  // namespace newsflow::kafka::internal
