#pragma once

#include <string>

#include "newsflow/kafka/record.h"

namespace newsflow::cli {

/// One-line JSON of a newsflow record: {"topic","partition","offset","key","headers","value"},
/// with the Protobuf value decoded by its content-type header (or, without one, by the topic's
/// name: *.normalized.* / *.enriched.* / *.dlq.*). Undecodable values are shown as base64.
std::string RecordJson(const kafka::ConsumedRecord& record);

/// A few human-readable lines: id, language, entities, source, and the head of the text.
std::string RecordSummary(const kafka::ConsumedRecord& record);

}  // namespace newsflow::cli
