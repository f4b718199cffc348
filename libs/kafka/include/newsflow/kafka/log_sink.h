#pragma once

#include <functional>
#include <string_view>

namespace newsflow::kafka {

/// Receives librdkafka's log lines and error events: `level` is syslog-style (3 error,
/// 4 warning, 6 info, 7 debug). Called from librdkafka's threads, so it must be thread-safe.
/// Unset: librdkafka prints to stderr itself.
using LogSink = std::function<void(int level, std::string_view message)>;

}  // namespace newsflow::kafka
