#include "newsflow/kafka/record.h"

namespace newsflow::kafka {

std::string HeaderValue(const Headers& headers, std::string_view name) {
  for (const auto& [header_name, value] : headers) {
    if (header_name == name) return value;
  }
  return "";
}

}  // namespace newsflow::kafka
