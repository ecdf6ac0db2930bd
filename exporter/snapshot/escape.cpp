#include "exporter/snapshot/escape.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace awsgov::snapshot {
namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid (overlong
// forms, surrogates and code points above U+10FFFF included).
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

void AppendEscaped(std::string& out, std::string_view text, bool escape_quote) {
  std::size_t run_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    const char* replacement = nullptr;
    std::size_t consumed = 1;
    if (c == '\\') {
      replacement = "\\\\";
    } else if (c == '\n') {
      replacement = "\\n";
    } else if (c == '"' && escape_quote) {
      replacement = "\\\"";
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      consumed = Utf8SequenceLength(text, i);
      if (consumed == 0) {
        replacement = "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
        consumed = 1;
      }
    }
    if (replacement != nullptr) {
      out.append(text.substr(run_start, i - run_start));
      out.append(replacement);
      run_start = i + consumed;
    }
    i += consumed;
  }
  out.append(text.substr(run_start));
}

}  // namespace

bool IsValidMetricName(std::string_view name) {
  if (name.empty() || !(IsNameStart(name[0]) || name[0] == ':')) return false;
  for (char c : name) {
    if (!(IsNameStart(c) || IsDigit(c) || c == ':')) return false;
  }
  return true;
}

bool IsValidLabelName(std::string_view name) {
  if (name.empty() || !IsNameStart(name[0])) return false;
  for (char c : name) {
    if (!(IsNameStart(c) || IsDigit(c))) return false;
  }
  return true;
}

void AppendEscapedHelp(std::string& out, std::string_view help, ExpositionFormat format) {
  AppendEscaped(out, help, format == ExpositionFormat::kOpenMetrics100);
}

void AppendEscapedLabelValue(std::string& out, std::string_view value) {
  AppendEscaped(out, value, /*escape_quote=*/true);
}

void AppendSampleValue(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buf[40];
  std::to_chars_result r;
  // Below 2^53 every integer is exact, so printing it as an integer loses nothing.
  if (value == std::trunc(value) && std::fabs(value) < 9007199254740992.0) {
    r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(value));
  } else {
    r = std::to_chars(buf, buf + sizeof buf, value);
  }
  out.append(buf, r.ptr);
}

void AppendBoundLabelValue(std::string& out, double value, ExpositionFormat format) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  // Shortest round-trip digits and decimal exponent, then laid out as Go's %g does: exponent
  // form when the exponent is below -4 or at least 6, with at least two exponent digits.
  char sci[40];
  auto r = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
  std::string_view text(sci, r.ptr - sci);
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  std::size_t e_pos = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e_pos)) {
    if (c != '.') digits += c;
  }
  int exponent = std::atoi(std::string(text.substr(e_pos + 1)).c_str());
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();

  std::string formatted;
  if (negative) formatted += '-';
  if (exponent < -4 || exponent >= 6) {
    formatted += digits[0];
    if (digits.size() > 1) {
      formatted += '.';
      formatted.append(digits, 1);
    }
    formatted += 'e';
    formatted += exponent < 0 ? '-' : '+';
    int magnitude = std::abs(exponent);
    if (magnitude < 10) formatted += '0';
    formatted += std::to_string(magnitude);
  } else if (exponent < 0) {
    formatted += "0.";
    formatted.append(static_cast<std::size_t>(-exponent - 1), '0');
    formatted += digits;
  } else {
    std::size_t integer_digits = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= integer_digits) {
      formatted += digits;
      formatted.append(integer_digits - digits.size(), '0');
    } else {
      formatted.append(digits, 0, integer_digits);
      formatted += '.';
      formatted.append(digits, integer_digits);
    }
  }
  if (format == ExpositionFormat::kOpenMetrics100 &&
      formatted.find_first_of(".e") == std::string::npos) {
    formatted += ".0";
  }
  out += formatted;
}

}  // namespace awsgov::snapshot
