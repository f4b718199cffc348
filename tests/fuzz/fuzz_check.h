#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

// Invariant checks for the fuzz harnesses. Unlike assert() they stay on in RelWithDebInfo
// (NDEBUG), and abort() makes libFuzzer save the input as a crash file.
#define NEWSFLOW_FUZZ_CHECK(condition)                                                         \
  do {                                                                                         \
    if (!(condition)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                            \
    }                                                                                          \
  } while (false)

namespace newsflow::fuzz {

/// True for "YYYY-MM-DD" naming a day that exists in the proleptic Gregorian calendar.
inline bool IsValidIsoDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return false;
  }
  auto number = [&](size_t pos, size_t len) {
    int value = 0;
    for (size_t i = pos; i < pos + len; ++i) value = value * 10 + (date[i] - '0');
    return value;
  };
  const int year = number(0, 4);
  const int month = number(5, 2);
  const int day = number(8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

/// True when `text` has "\n"-separated lines, none empty and none with leading or trailing
/// spaces, and no "\r" (the shape text::NormalizeText promises).
inline bool HasNormalizedLines(std::string_view text) {
  if (text.find('\r') != std::string_view::npos) return false;
  if (text.empty()) return true;
  size_t start = 0;
  while (true) {
    const size_t end = text.find('\n', start);
    const std::string_view line =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (line.empty() || line.front() == ' ' || line.back() == ' ') return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

}  // namespace newsflow::fuzz
