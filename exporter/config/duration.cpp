// Prometheus' duration syntax (common/model.ParseDuration): units y, w, d, h, m, s, ms, each at
// most once and from largest to smallest, e.g. "1h30m"; "0" alone is zero. A year is 365 days.
#include <array>
#include <cstdint>
#include <limits>

#include "exporter/config/config.h"

namespace awsgov::config {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t millis;
};

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kDay = 24 * 3600 * kSecond;
// Largest first; the index is the order units must appear in.
constexpr std::array<Unit, 7> kUnits{{{"y", 365 * kDay},
                                      {"w", 7 * kDay},
                                      {"d", kDay},
                                      {"h", 3600 * kSecond},
                                      {"m", 60 * kSecond},
                                      {"s", kSecond},
                                      {"ms", 1}}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The unit at the start of `rest`: "ms" before "m", so that "5ms" is not 5 minutes and an "s".
int UnitAt(std::string_view rest) {
  if (rest.starts_with("ms")) return 6;
  for (int i = 0; i < 6; ++i) {
    if (!rest.empty() && rest.front() == kUnits[i].name.front()) return i;
  }
  return -1;
}

}  // namespace

bool ParseDuration(std::string_view text, std::chrono::milliseconds* out) {
  if (text == "0") {
    *out = std::chrono::milliseconds(0);
    return true;
  }
  if (text.empty()) return false;
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t total = 0;
  int previous_unit = -1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t digits_start = pos;
    std::int64_t number = 0;
    while (pos < text.size() && IsDigit(text[pos])) {
      const int digit = text[pos] - '0';
      if (number > (kMax - digit) / 10) return false;
      number = number * 10 + digit;
      ++pos;
    }
    if (pos == digits_start) return false;
    const int unit = UnitAt(text.substr(pos));
    if (unit < 0 || unit <= previous_unit) return false;
    previous_unit = unit;
    pos += kUnits[unit].name.size();
    const std::int64_t millis = kUnits[unit].millis;
    if (number > kMax / millis || total > kMax - number * millis) return false;
    total += number * millis;
  }
  *out = std::chrono::milliseconds(total);
  return true;
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  std::int64_t left = duration.count();
  if (left == 0) return "0s";
  std::string out;
  if (left < 0) {
    // push_back, not `out = "-"`: GCC 12 at -O2 reports a false -Wrestrict inside
    // basic_string::assign(const char*) here (GCC bug 105329).
    out.push_back('-');
    left = -left;
  }
  for (const Unit& unit : kUnits) {
    const std::int64_t count = left / unit.millis;
    if (count == 0) continue;
    out += std::to_string(count);
    out += unit.name;
    left -= count * unit.millis;
  }
  return out;
}

}  // namespace awsgov::config
