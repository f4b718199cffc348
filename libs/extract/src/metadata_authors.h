#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "element_class_words.h"
#include "html_dom.h"

// Authors: bylines as the page shows them, cleaned to a person's name, and the judgement of
// names that are an organisation, an account, a placeholder or the publication itself.

namespace newsflow::extract::internal {

bool IsBylinePunctuation(char c);

/// "By Jane Doe" -> "Jane Doe"; "von Max Muster · 3. Mai 2023" -> "Max Muster";
/// "文・山田太郎" -> "山田太郎". Empty when what is left does not look like a name.
std::string CleanByline(std::string_view text);

/// Class words of an element that shows the author, in the languages the crawler meets most.
bool IsBylineClass(const ClassWords& lower_class);

/// True for lowercased text that starts with a byline word: "by", "von", "text:", "written
/// by", "verfasst von", ...
bool StartsWithBylineWord(std::string_view lower);

/// True for a person's name as bylines write it: two to five words, each capitalised, an
/// initial ("J."), or a name particle ("von", "de"); no digits.
bool LooksLikePersonName(std::string_view name);

/// True for an author that names an organisation rather than a person or a user: several words
/// that are no person's name ("Bund der Verbraucher e.V."), or an acronym ("L-MAG").
bool LooksLikeOrganisation(std::string_view name);

/// The name in an author box, an element named for the author that holds more than a byline (a
/// picture, a bio, links): the first heading, link or bold text in it that is a person's name.
std::string NameInAuthorBox(const HtmlDom& dom, int box);

/// True for a CMS account rather than a name as the byline shows it: one lowercase token joined
/// by a hyphen, a dot or an underscore ("sarah-indra", "j.roe").
bool LooksLikeAccountName(std::string_view name);

/// A byline written as text: a line that starts with a byline word and goes on with a person's
/// name ("Text: Jane Roe", "von <em>Max Muster</em>"), outside `excluded` elements (comment
/// sections, footers). A field after the name that is set apart with non-breaking spaces
/// ("Text von Jane Roe&nbsp;&nbsp;Fotos von ...") ends it.
std::string BylineInText(const HtmlDom& dom, const std::vector<bool>& excluded);

/// "Rob Picheta, CNN" -> "Rob Picheta" when the site is CNN; "Jane Roe / example.de" ->
/// "Jane Roe".
std::string WithoutSiteName(const std::string& name, std::string_view site_name);

/// True for a byline that names the publication or its domain rather than a person: the site's
/// name, its host's name written with spaces ("El Colombiano" on elcolombiano.com) or as the
/// initials of its words ("Deutsche Welle" on dw.com).
bool IsPublicationName(std::string_view name, std::string_view site_name,
                       std::string_view host_key);

/// "Von FOCUS-Online-Experte Jane Roe" -> "Jane Roe": a byline word and a role in front of a
/// person's name ("SPIEGEL-Korrespondent", "Gastautorin") are not part of it, nor is a role or
/// a publication after it ("Jane Roe, AP Sports Writer", "Jane Roe For The Daily Example").
std::string WithoutRoles(const std::string& name);

/// "04.02.2022 | 13:10 Uhr | Jane Roe", "25.10.2022 - Jane Roe" -> "Jane Roe": the one field
/// of a line of fields apart by "|", " - ", " – " or " · " that holds no digit, when it is a
/// person's name written in lower and upper case, not a list, and every other field holds
/// digits (a date, a time). Empty otherwise; the caller checks that the line holds a date.
std::string NameBesideDate(std::string_view line);

/// A byline that names nobody: a CMS account or a "no author" marker.
bool IsPlaceholderName(std::string_view name);

}  // namespace newsflow::extract::internal
