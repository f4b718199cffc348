// Rule-based tagger for English and other Latin-script text: sequences of capitalized words,
// typed by the titles before them, the words they end with and the preposition before them.
#include <string>
#include <string_view>
#include <unordered_set>

#include "tagger.h"

namespace newsflow::entities::internal {
namespace {

struct Word {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string text;  ///< as written, including an abbreviation's final period
  bool capitalized = false;
  bool sentence_start = false;
  bool covered = false;     ///< inside an accepted alias span
  bool gap_before = false;  ///< punctuation other than white space since the previous word
};

using WordSet = std::unordered_set<std::string_view>;

const WordSet& Abbreviations() {
  static const WordSet* const set =
      new WordSet{"Mr", "Mrs", "Ms",  "Dr",   "Inc", "Corp", "Ltd",  "Co",   "Jr",  "Sr",
                  "St", "Gen", "Sen", "Rep",  "Gov", "Lt",   "Col",  "Capt", "Sgt", "Prof",
                  "Mt", "Ft",  "Adm", "Cmdr", "No",  "Vol",  "Bros", "Pres", "Gov", "Rev"};
  return *set;
}

// Capitalized words that are not names (sentence openers, pronouns, calendar words).
const WordSet& NonNames() {
  static const WordSet* const set = new WordSet{
      "The",       "A",         "An",        "In",       "On",       "At",     "He",
      "She",       "It",        "They",      "We",       "I",        "You",    "But",
      "And",       "Or",        "This",      "That",     "These",    "Those",  "His",
      "Her",       "Their",     "Its",       "Our",      "My",       "After",  "Before",
      "When",      "While",     "As",        "For",      "With",     "By",     "From",
      "To",        "Of",        "If",        "There",    "Here",     "What",   "Who",
      "Why",       "How",       "Where",     "Which",    "Some",     "Many",   "Most",
      "All",       "No",        "Not",       "Yes",      "So",       "Then",   "Now",
      "Also",      "However",   "Meanwhile", "Under",    "Over",     "Last",   "Next",
      "Earlier",   "Later",     "According", "Despite",  "During",   "Since",  "Monday",
      "Tuesday",   "Wednesday", "Thursday",  "Friday",   "Saturday", "Sunday", "January",
      "February",  "March",     "April",     "May",      "June",     "July",   "August",
      "September", "October",   "November",  "December", "Jan.",     "Feb.",   "Mar.",
      "Apr.",      "Jun.",      "Jul.",      "Aug.",     "Sep.",     "Sept.",  "Oct.",
      "Nov.",      "Dec."};
  return *set;
}

const WordSet& PersonTitles() {
  static const WordSet* const set = new WordSet{"President",  "Prime",      "Minister",
                                                "Mr.",        "Mrs.",       "Ms.",
                                                "Dr.",        "Chancellor", "Premier",
                                                "King",       "Queen",      "Prince",
                                                "Princess",   "Pope",       "Sen.",
                                                "Rep.",       "Gov.",       "Gen.",
                                                "General",    "Secretary",  "Chairman",
                                                "Chairwoman", "Leader",     "Supreme",
                                                "Vice",       "Foreign",    "Defense",
                                                "Defence",    "Spokesman",  "Spokeswoman",
                                                "Chief",      "Lt.",        "Col.",
                                                "Capt.",      "Judge",      "Justice",
                                                "Governor",   "Senator",    "Representative",
                                                "Mayor",      "Ambassador", "Envoy",
                                                "Commander",  "Sir",        "Lady",
                                                "Lord",       "Emperor",    "Crown",
                                                "Adm.",       "CEO",        "Executive",
                                                "Director",   "Speaker",    "Deputy",
                                                "Finance",    "Interior",   "Gov",
                                                "Mr",         "Mrs",        "Ms",
                                                "Dr",         "State"};
  return *set;
}

// Words that make the sequence ending in them an organization.
const WordSet& OrgWords() {
  static const WordSet* const set = new WordSet{"Inc.",
                                                "Inc",
                                                "Corp.",
                                                "Corp",
                                                "Ltd.",
                                                "Ltd",
                                                "Co.",
                                                "LLC",
                                                "PLC",
                                                "AG",
                                                "SA",
                                                "GmbH",
                                                "University",
                                                "Ministry",
                                                "Party",
                                                "Agency",
                                                "Bank",
                                                "Association",
                                                "Council",
                                                "Committee",
                                                "Commission",
                                                "Department",
                                                "Institute",
                                                "Group",
                                                "Company",
                                                "Corporation",
                                                "Press",
                                                "News",
                                                "Times",
                                                "Post",
                                                "Journal",
                                                "Fund",
                                                "Organization",
                                                "Organisation",
                                                "Union",
                                                "Army",
                                                "Navy",
                                                "Court",
                                                "Parliament",
                                                "Assembly",
                                                "Congress",
                                                "Senate",
                                                "Foundation",
                                                "Federation",
                                                "Office",
                                                "Airlines",
                                                "Airways",
                                                "Motors",
                                                "Holdings",
                                                "Service",
                                                "Forces",
                                                "Force",
                                                "College",
                                                "School",
                                                "Club",
                                                "Network",
                                                "Television",
                                                "Radio",
                                                "Board",
                                                "Authority",
                                                "Administration",
                                                "Bureau",
                                                "Guard",
                                                "Police",
                                                "Reserve",
                                                "Exchange",
                                                "Alliance",
                                                "Front",
                                                "Movement",
                                                "Church",
                                                "Hospital",
                                                "Team",
                                                "Industries",
                                                "Systems",
                                                "Technologies",
                                                "Communications",
                                                "Broadcasting",
                                                "Cabinet",
                                                "Government",
                                                "Tribunal"};
  return *set;
}

const WordSet& LocWords() {
  static const WordSet* const set =
      new WordSet{"City",     "River",   "Island",   "Islands",    "Mountain", "Mountains",
                  "Street",   "Avenue",  "Province", "Prefecture", "County",   "Lake",
                  "Sea",      "Ocean",   "Bay",      "Peninsula",  "Valley",   "Strait",
                  "Gulf",     "Square",  "Region",   "District",   "Coast",    "Desert",
                  "Republic", "Kingdom", "Airport",  "Port",       "Bridge",   "Park"};
  return *set;
}

// Adjectives of nationality: part of a title phrase, not a name ("Russian President").
const WordSet& Demonyms() {
  static const WordSet* const set = new WordSet{
      "Russian",    "American",    "Chinese",     "Japanese",     "Korean",     "Ukrainian",
      "British",    "French",      "German",      "Italian",      "Spanish",    "Indian",
      "Israeli",    "Palestinian", "Iranian",     "Iraqi",        "Syrian",     "Turkish",
      "Vietnamese", "Thai",        "Filipino",    "Indonesian",   "Malaysian",  "Australian",
      "Canadian",   "Mexican",     "Brazilian",   "Argentine",    "Egyptian",   "Saudi",
      "European",   "African",     "Asian",       "Western",      "Eastern",    "Soviet",
      "Belarusian", "Polish",      "Dutch",       "Swedish",      "Norwegian",  "Finnish",
      "Danish",     "Swiss",       "Austrian",    "Greek",        "Taiwanese",  "Pakistani",
      "Afghan",     "Lebanese",    "Jordanian",   "Qatari",       "Emirati",    "Nigerian",
      "Kenyan",     "Ethiopian",   "Cuban",       "Venezuelan",   "Colombian",  "Chilean",
      "Peruvian",   "Mongolian",   "Singaporean", "Cambodian",    "Burmese",    "Laotian",
      "Hungarian",  "Czech",       "Slovak",      "Romanian",     "Bulgarian",  "Serbian",
      "Croatian",   "Georgian",    "Armenian",    "Azerbaijani",  "Kazakh",     "Uzbek",
      "Yemeni",     "Libyan",      "Tunisian",    "Moroccan",     "Algerian",   "Sudanese",
      "Irish",      "Scottish",    "Welsh",       "English",      "Portuguese", "Belgian",
      "Communist",  "Democratic",  "Republican",  "Conservative", "Liberal"};
  return *set;
}

const WordSet& Directions() {
  static const WordSet* const set = new WordSet{"North", "South", "East", "West"};
  return *set;
}

// Lower-case words allowed inside a name when a capitalized word follows.
const WordSet& Connectors() {
  static const WordSet* const set =
      new WordSet{"of", "for", "de", "del", "da", "van", "von", "der", "bin", "al", "la", "du"};
  return *set;
}

const WordSet& LocationPrepositions() {
  static const WordSet* const set =
      new WordSet{"in", "at", "from", "near", "to", "across", "outside", "inside"};
  return *set;
}

bool InnerWordChar(char32_t c) { return c == U'\'' || c == U'’' || c == U'-' || c == U'&'; }

std::vector<Word> Scan(const AnalyzedText& in) {
  std::vector<Word> words;
  const CodePoints& cps = in.cps;
  const uint32_t n = static_cast<uint32_t>(cps.size());
  bool sentence_start = true;
  bool gap = false;
  uint32_t i = 0;
  while (i < n) {
    const char32_t c = cps.chars[i];
    if (!IsWordChar(c)) {
      if (c == U'.' || c == U'!' || c == U'?' || c == U'\n' || c == U'。' || c == U':' ||
          c == U';') {
        sentence_start = true;
      }
      if (ScriptOf(c) != Script::kSpace) gap = true;
      ++i;
      continue;
    }
    uint32_t end = i + 1;
    while (end < n &&
           (IsWordChar(cps.chars[end]) ||
            (InnerWordChar(cps.chars[end]) && end + 1 < n && IsWordChar(cps.chars[end + 1])))) {
      ++end;
    }
    Word word;
    word.begin = i;
    word.text = Slice(in.text, cps, i, end);
    // Keep a period that ends an abbreviation or an initial ("Mr.", "J.", "U.S.").
    if (end < n && cps.chars[end] == U'.') {
      const bool initial = end - i == 1 && IsUpper(cps.chars[i]);
      if (Abbreviations().count(word.text) > 0 || initial) {
        ++end;
        while (end + 1 < n && IsUpper(cps.chars[end]) && cps.chars[end + 1] == U'.') end += 2;
        word.text = Slice(in.text, cps, i, end);
      }
    }
    word.end = end;
    word.capitalized = IsUpper(c);
    word.sentence_start = sentence_start;
    word.gap_before = gap;
    for (const Candidate& alias : in.alias_spans) {
      if (alias.begin < word.end && word.begin < alias.end) word.covered = true;
    }
    words.push_back(std::move(word));
    sentence_start = false;
    gap = false;
    i = end;
  }
  return words;
}

class EnglishRuleTagger final : public Tagger {
 public:
  std::vector<Candidate> Tag(const AnalyzedText& in) const override {
    std::vector<Candidate> out;
    const std::vector<Word> words = Scan(in);
    const size_t n = words.size();
    size_t i = 0;
    while (i < n) {
      if (!words[i].capitalized || words[i].covered) {
        ++i;
        continue;
      }
      // Collect a maximal capitalized run (connectors allowed between capitalized words).
      size_t last = i;
      while (last + 1 < n && !words[last + 1].gap_before && !words[last + 1].covered) {
        const Word& next = words[last + 1];
        if (next.capitalized && NonNames().count(next.text) == 0) {
          ++last;
        } else if (Connectors().count(next.text) > 0 && last + 2 < n &&
                   words[last + 2].capitalized && !words[last + 2].gap_before &&
                   !words[last + 2].covered) {
          last += 2;
        } else {
          break;
        }
      }
      TagRun(in, words, i, last, out);
      i = last + 1;
    }
    return out;
  }

 private:
  static void TagRun(const AnalyzedText& in, const std::vector<Word>& words, size_t first,
                     size_t last, std::vector<Candidate>& out) {
    (void)in;
    bool person_cue = false;
    const bool at_sentence_start = words[first].sentence_start;
    // Strip leading non-names, demonyms and titles; remember a title as a person cue.
    while (first <= last) {
      const std::string& text = words[first].text;
      if (NonNames().count(text) > 0 || Demonyms().count(text) > 0) {
        ++first;
      } else if (Directions().count(text) > 0 && first < last &&
                 Demonyms().count(words[first + 1].text) > 0) {
        first += 2;
      } else if (PersonTitles().count(text) > 0) {
        person_cue = true;
        ++first;
      } else {
        break;
      }
    }
    // A title run right before an alias ("President Vladimir Putin") leaves nothing.
    while (first <= last && Connectors().count(words[last].text) > 0) --last;
    if (first > last) return;
    const size_t count = last - first + 1;
    const std::string& head = words[first].text;
    const std::string& tail = words[last].text;
    bool has_of = false;
    for (size_t k = first; k <= last; ++k) has_of = has_of || words[k].text == "of";

    std::optional<EntityType> type;
    float confidence = 0.5f;
    if (OrgWords().count(tail) > 0 || (has_of && OrgWords().count(head) > 0)) {
      type = EntityType::kOrganization;
      confidence = 0.65f;
    } else if (LocWords().count(tail) > 0 || (has_of && LocWords().count(head) > 0)) {
      type = EntityType::kLocation;
      confidence = 0.6f;
    } else if (person_cue) {
      type = EntityType::kPerson;
      confidence = 0.7f;
    } else {
      const bool after_preposition = first > 0 && !words[first].gap_before &&
                                     LocationPrepositions().count(words[first - 1].text) > 0;
      if (after_preposition) {
        type = EntityType::kLocation;
        confidence = 0.5f;
      } else if (count >= 2 && count <= 3 && !has_of) {
        // Two or three capitalized words with no other cue: most often a person's name.
        type = EntityType::kPerson;
        confidence = 0.45f;
      }
    }
    if (!type) return;
    // A lone word opening a sentence is too often just a capitalized common word.
    if (count == 1 && at_sentence_start && words[first].sentence_start && !person_cue) return;
    out.push_back(Candidate{.begin = words[first].begin,
                            .end = words[last].end,
                            .type = *type,
                            .confidence = confidence,
                            .source = CandidateSource::kRule});
  }
};

}  // namespace

std::unique_ptr<Tagger> MakeEnglishRuleTagger() { return std::make_unique<EnglishRuleTagger>(); }

}  // namespace newsflow::entities::internal
