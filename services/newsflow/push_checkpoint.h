#pragma once

#include <set>
#include <string>

namespace newsflow::cli {

/// Labels of the inputs a previous push got acked, from its checkpoint file (JSON Lines of
/// {"label", "article_id"}); empty for a missing file. Lines that are not such an object (a
/// line cut short by a crash) are skipped.
std::set<std::string> ReadCheckpoint(const std::string& path);

}  // namespace newsflow::cli
