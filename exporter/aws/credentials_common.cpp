#include "exporter/aws/credentials_common.h"

#include <cctype>
#include <charconv>
#include <ctime>

namespace awsgov::aws {
namespace {

bool ReadInt(std::string_view text, std::size_t pos, std::size_t len, int* out) {
  if (pos + len > text.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  auto r = std::from_chars(text.data() + pos, text.data() + pos + len, *out);
  return r.ec == std::errc();
}

}  // namespace

bool ParseAwsTimestamp(std::string_view text, std::chrono::system_clock::time_point* out) {
  text = TrimWhitespace(text);
  int year, month, day, hour, minute, second;
  if (!ReadInt(text, 0, 4, &year) || text.size() < 19 || text[4] != '-' ||
      !ReadInt(text, 5, 2, &month) || text[7] != '-' || !ReadInt(text, 8, 2, &day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !ReadInt(text, 11, 2, &hour) ||
      text[13] != ':' || !ReadInt(text, 14, 2, &minute) || text[16] != ':' ||
      !ReadInt(text, 17, 2, &second)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return false;
  }
  // system_clock counts nanoseconds in 64 bits: 1677-09-21 to 2262-04-11. A year outside would
  // overflow in from_time_t (found by fuzz_ec2_xml: an AssumeRole Expiration in year 1015).
  if (year < 1678 || year > 2261 || hour < 0 || minute < 0 || second < 0) return false;
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {  // fractional seconds: ignored (sub-second)
    ++pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  }
  int offset_seconds = 0;
  std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh, om;
    if (!ReadInt(zone, 1, 2, &oh) || !ReadInt(zone, 4, 2, &om)) return false;
    offset_seconds = (oh * 3600 + om * 60) * (zone[0] == '+' ? 1 : -1);
  } else {
    return false;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t t = timegm(&tm);
  *out = std::chrono::system_clock::from_time_t(t - offset_seconds);
  return true;
}

std::string FormatAwsTimestamp(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::chrono::system_clock::time_point WallNow(const Clock& clock) {
  auto since_epoch = std::chrono::duration<double>(clock.UnixSeconds());
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(since_epoch));
}

std::string FormEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string_view TrimWhitespace(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<std::string> NonEmpty(const Getenv& getenv, const std::string& name) {
  auto value = getenv(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

std::optional<std::string> EnvironmentRegion(const Getenv& getenv) {
  if (auto r = NonEmpty(getenv, "AWS_REGION")) return r;
  return NonEmpty(getenv, "AWS_DEFAULT_REGION");
}

}  // namespace awsgov::aws
