// Content negotiation for /metrics (RFC 9110 section 12.5).
//
// OpenMetrics is chosen only when the client names application/openmetrics-text explicitly with
// q > 0 and at least the q it gives text/plain (wildcards count for text only, so curl's `*/*`
// and browsers get text). A client that lists OpenMetrics only as version=0.0.1 gets OpenMetrics
// labelled version=1.0.0: 0.0.1 was the draft of 1.0.0, nothing this exporter emits differs
// between them, and Prometheus picks its parser by the media type alone; that client did not
// list text/plain, so text 0.0.4 would be the worse answer. When the header lists version=1.0.0,
// its q decides (so `version=1.0.0;q=0` refuses what we would send). Versions other than 0.0.1
// and 1.0.0 are not ours to speak. Anything unusable falls back to text 0.0.4, never 406.
#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "exporter/snapshot/exposition.h"

namespace awsgov {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Unquote(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

// Splits on `sep` outside double quotes.
std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') quoted = !quoted;
    if (s[i] == sep && !quoted) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

// q in [0, 1] with at most three decimals; nullopt when malformed (the element is ignored).
std::optional<double> ParseQ(std::string_view text) {
  double q = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), q);
  if (ec != std::errc() || ptr != text.data() + text.size() || q < 0 || q > 1) return std::nullopt;
  return q;
}

struct MediaRange {
  std::string type;  // lower case, e.g. "text/plain", "*/*"
  std::string version;
  double q = 1;
};

std::vector<MediaRange> ParseAccept(std::string_view header) {
  std::vector<MediaRange> ranges;
  for (std::string_view element : Split(header, ',')) {
    std::vector<std::string_view> fields = Split(element, ';');
    MediaRange range;
    range.type = Lower(Trim(fields[0]));
    if (range.type.empty()) continue;
    bool valid = true;
    for (std::size_t i = 1; i < fields.size(); ++i) {
      std::string_view param = Trim(fields[i]);
      std::size_t eq = param.find('=');
      if (eq == std::string_view::npos) continue;
      std::string name = Lower(Trim(param.substr(0, eq)));
      std::string_view value = Unquote(Trim(param.substr(eq + 1)));
      if (name == "q") {
        std::optional<double> q = ParseQ(value);
        if (!q)
          valid = false;
        else
          range.q = *q;
      } else if (name == "version") {
        range.version = std::string(value);
      }
    }
    if (valid) ranges.push_back(std::move(range));
  }
  return ranges;
}

}  // namespace

ExpositionFormat NegotiateFormat(std::string_view accept_header) {
  std::optional<double> om_exact;    // version=1.0.0
  std::optional<double> om_loose;    // no version, or 0.0.1
  std::optional<double> text_exact;  // text/plain, any version: we answer 0.0.4
  std::optional<double> text_group;  // text/*
  std::optional<double> any;         // */*
  auto raise = [](std::optional<double>& slot, double q) { slot = std::max(slot.value_or(0), q); };
  for (const MediaRange& r : ParseAccept(accept_header)) {
    if (r.type == "application/openmetrics-text") {
      if (r.version == "1.0.0")
        raise(om_exact, r.q);
      else if (r.version.empty() || r.version == "0.0.1")
        raise(om_loose, r.q);
    } else if (r.type == "text/plain") {
      raise(text_exact, r.q);
    } else if (r.type == "text/*") {
      raise(text_group, r.q);
    } else if (r.type == "*/*") {
      raise(any, r.q);
    }
  }
  // The most specific range that matches decides a type's q (RFC 9110 section 12.5.1).
  double om_q = om_exact ? *om_exact : om_loose.value_or(0);
  double text_q = text_exact ? *text_exact : text_group ? *text_group : any.value_or(0);
  return om_q > 0 && om_q >= text_q ? ExpositionFormat::kOpenMetrics100
                                    : ExpositionFormat::kText004;
}

bool AcceptsGzip(std::string_view accept_encoding_header) {
  std::optional<double> gzip;
  std::optional<double> any;
  for (std::string_view element : Split(accept_encoding_header, ',')) {
    std::vector<std::string_view> fields = Split(element, ';');
    std::string coding = Lower(Trim(fields[0]));
    double q = 1;
    bool valid = true;
    for (std::size_t i = 1; i < fields.size(); ++i) {
      std::string_view param = Trim(fields[i]);
      std::size_t eq = param.find('=');
      if (eq == std::string_view::npos || Lower(Trim(param.substr(0, eq))) != "q") continue;
      std::optional<double> parsed = ParseQ(Trim(param.substr(eq + 1)));
      if (!parsed)
        valid = false;
      else
        q = *parsed;
    }
    if (!valid) continue;
    if (coding == "gzip" || coding == "x-gzip")
      gzip = std::max(gzip.value_or(0), q);
    else if (coding == "*")
      any = std::max(any.value_or(0), q);
  }
  return (gzip ? *gzip : any.value_or(0)) > 0;
}

std::string_view ContentType(ExpositionFormat format) {
  switch (format) {
    case ExpositionFormat::kOpenMetrics100:
      return "application/openmetrics-text; version=1.0.0; charset=utf-8";
    case ExpositionFormat::kText004:
      break;
  }
  return "text/plain; version=0.0.4; charset=utf-8";
}

}  // namespace awsgov
