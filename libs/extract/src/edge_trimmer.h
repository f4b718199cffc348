#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace newsflow::extract::internal {

/// A line of the chosen content with where its text came from.
struct ContentLine {
  std::string text;
  size_t chars = 0;        // non-space code points
  size_t link_chars = 0;   // of which inside links
  size_t bold_chars = 0;   // of which inside <strong> or <b>
  bool heading = false;    // some of it is in <h1>..<h6>
  bool list_item = false;  // some of it is in <li>
};

/// Removes page furniture left at the start and the end of the chosen content: short links and
/// headings without sentence punctuation and without text under them ("More on this topic",
/// "Show image", "Permalink"), lines that introduce something else ("Further information:"),
/// contact details (e-mail addresses, phone numbers) and bare dates, a closing box of short
/// lines under such an intro that holds contact details or links, and a closing list of teasers
/// of other pages (snippets each followed by a short "Read more..." link). Trimming stops at the
/// first line that is none of these, so a short sign-off or the article's own list at the end
/// stays, and lines in the middle are never touched. Content left with less than a short
/// paragraph is kept as chosen.
void TrimEdgeFurniture(std::vector<ContentLine>& lines);

/// Removes credits anywhere in the content: short lines that end with a copyright notice naming
/// a picture's source ("Lee Elder at the Masters. | © Getty Images", "© AFP / Jane Roe"), and
/// short lines that name a picture's or the facts' source after a label ("Foto: Jane Roe",
/// "(Credit: Photo Agency)", "Quelle: Landesregierung"). Captions outside <figcaption> carry
/// them; article prose does not.
void DropCredits(std::vector<ContentLine>& lines);

/// Removes date lines ("Aktualisiert: 11.04.2020, 10:27") from the head of the content, the
/// lines before its second long one (kicker, lead, byline, dateline), unless a label introduces
/// them ("Beginn:"). Dates further down belong to the article.
void DropHeadDateline(std::vector<ContentLine>& lines);

}  // namespace newsflow::extract::internal
