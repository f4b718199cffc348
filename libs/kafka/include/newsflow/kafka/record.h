#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsflow::kafka {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// A record to produce.
struct OutgoingRecord {
  std::string topic;
  std::string key;
  std::string value;
  Headers headers;
};

/// Where a produced record landed.
struct DeliveryReport {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
};

/// A consumed record.
struct ConsumedRecord {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  std::string key;
  std::string value;
  Headers headers;
  int64_t timestamp_ms = -1;
};

/// Value of the first header named `name`, or empty.
std::string HeaderValue(const Headers& headers, std::string_view name);

}  // namespace newsflow::kafka
