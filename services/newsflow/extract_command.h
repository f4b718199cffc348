#pragma once

#include <string>
#include <vector>

namespace newsflow::cli {

/// `newsflow extract PATH... [-o OUT]`: extracts every page under `paths` (files or folders of
/// .html/.htm/.txt files, each optionally gzipped as .gz) and writes one JSON object per page to
/// `output` (stdout when empty): id, text, title, author, date, sitename, url, language_hint.
/// Unreadable or unextractable pages are reported on stderr and skipped. Shows a progress bar
/// on stderr when `show_progress`. Returns a cli exit code (commands.h).
int RunExtractCommand(const std::vector<std::string>& paths, const std::string& output,
                      bool show_progress);

}  // namespace newsflow::cli
