// Test helpers for the snapshot tests: a strict parser for both exposition formats (written from
// the format specs, independent of the renderer), a multi-member gunzip, and a fake clock.
// Thread-safety: the parser and gunzip are pure; FakeClock is thread-safe.
#pragma once

#include <zlib.h>

#include <atomic>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporter/core/clock.h"
#include "exporter/snapshot/exposition.h"
#include "exporter/snapshot/store.h"

namespace awsgov::testing {

class FakeClock final : public Clock {
 public:
  time_point Now() const override {
    return time_point(
        std::chrono::duration_cast<duration>(std::chrono::duration<double>(unix_.load())));
  }
  double UnixSeconds() const override { return unix_.load(); }
  void Set(double unix_seconds) { unix_.store(unix_seconds); }

 private:
  std::atomic<double> unix_{1'700'000'000.0};
};

using Labels = std::map<std::string, std::string>;

struct ParsedSample {
  std::string name;
  Labels labels;
  std::vector<std::string> label_order;
  std::string value_text;
  double value = 0;
};

struct ParsedFamily {
  std::string name;  // as announced in TYPE
  std::string type;
  std::string help;
  bool has_help = false;
  std::vector<ParsedSample> samples;
};

struct ParsedExposition {
  std::vector<ParsedFamily> families;
  std::vector<std::string> errors;  // empty when the body is well-formed
  bool has_eof = false;

  const ParsedFamily* Family(std::string_view name) const {
    for (const auto& f : families) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
  // The sample with exactly these labels, or nullptr.
  const ParsedSample* Find(std::string_view sample_name, const Labels& labels) const {
    for (const auto& f : families) {
      for (const auto& s : f.samples) {
        if (s.name == sample_name && s.labels == labels) return &s;
      }
    }
    return nullptr;
  }
  std::size_t CountSamples(std::string_view sample_name) const {
    std::size_t n = 0;
    for (const auto& f : families) {
      for (const auto& s : f.samples) n += s.name == sample_name ? 1 : 0;
    }
    return n;
  }
};

namespace parser_detail {

inline bool IsMetricName(std::string_view n) {
  if (n.empty()) return false;
  for (std::size_t i = 0; i < n.size(); ++i) {
    char c = n[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// Unescapes per spec; returns false on an escape the format does not define.
inline bool Unescape(std::string_view in, bool allow_quote_escape, std::string* out) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\') {
      *out += in[i];
      continue;
    }
    if (++i == in.size()) return false;
    switch (in[i]) {
      case '\\':
        *out += '\\';
        break;
      case 'n':
        *out += '\n';
        break;
      case '"':
        if (!allow_quote_escape) return false;
        *out += '"';
        break;
      default:
        return false;
    }
  }
  return true;
}

inline bool ParseValue(std::string_view text, double* out) {
  if (text == "+Inf") {
    *out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (text == "-Inf") {
    *out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (text == "NaN") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (text.empty()) return false;
  std::string_view digits = text[0] == '+' ? text.substr(1) : text;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *out);
  return ec == std::errc() && ptr == digits.data() + digits.size();
}

inline bool SampleBelongs(const ParsedFamily& f, std::string_view sample, bool om) {
  auto is = [&](std::string_view suffix) { return sample == f.name + std::string(suffix); };
  if (f.type == "counter") return om ? is("_total") : is("");
  if (f.type == "histogram") return is("_bucket") || is("_sum") || is("_count");
  if (f.type == "summary") return is("") || is("_sum") || is("_count");
  return is("");
}

}  // namespace parser_detail

// Parses `body` strictly: every line complete, HELP/TYPE once per family and before its samples,
// families not interleaved, sample names matching their family's type, no duplicate series, no
// timestamps, and for OpenMetrics a final "# EOF" line.
inline ParsedExposition ParseExposition(std::string_view body, ExpositionFormat format) {
  using namespace parser_detail;
  const bool om = format == ExpositionFormat::kOpenMetrics100;
  ParsedExposition out;
  auto error = [&](std::string what, std::string_view line) {
    out.errors.push_back(what + ": '" + std::string(line) + "'");
  };
  if (!body.empty() && body.back() != '\n') out.errors.push_back("body does not end in newline");
  std::set<std::string> seen_families;
  std::set<std::pair<std::string, Labels>> seen_series;
  std::string pending_help_name, pending_help;  // text format: HELP before TYPE
  bool have_pending_help = false;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    start = end + 1;
    if (out.has_eof) {
      error("content after # EOF", line);
      continue;
    }
    if (line.empty()) {
      error("empty line", line);
      continue;
    }
    if (line[0] == '#') {
      if (line == "# EOF") {
        if (!om) error("# EOF in text format", line);
        out.has_eof = true;
        continue;
      }
      bool is_help = line.starts_with("# HELP ");
      bool is_type = line.starts_with("# TYPE ");
      if (!is_help && !is_type) {
        error("unexpected comment", line);
        continue;
      }
      std::string_view rest = line.substr(7);
      std::size_t space = rest.find(' ');
      if (space == std::string_view::npos) {
        error("missing field", line);
        continue;
      }
      std::string name(rest.substr(0, space));
      std::string_view arg = rest.substr(space + 1);
      if (!IsMetricName(name)) error("bad metric name", line);
      if (is_help) {
        std::string help;
        if (!Unescape(arg, om, &help)) error("bad HELP escape", line);
        if (om) {
          if (out.families.empty() || out.families.back().name != name) {
            error("OpenMetrics HELP not after its TYPE", line);
            continue;
          }
          if (out.families.back().has_help) error("second HELP", line);
          out.families.back().help = help;
          out.families.back().has_help = true;
        } else {
          if (have_pending_help) error("two HELP lines in a row", line);
          pending_help_name = name;
          pending_help = help;
          have_pending_help = true;
        }
        continue;
      }
      static const std::set<std::string> kTextTypes = {"counter", "gauge", "histogram", "summary",
                                                       "untyped"};
      static const std::set<std::string> kOmTypes = {"counter",  "gauge",         "histogram",
                                                     "summary",  "unknown",       "info",
                                                     "stateset", "gaugehistogram"};
      if ((om ? kOmTypes : kTextTypes).count(std::string(arg)) == 0) error("bad type", line);
      if (!seen_families.insert(name).second) error("family repeated or interleaved", line);
      ParsedFamily family;
      family.name = name;
      family.type = std::string(arg);
      if (have_pending_help) {
        if (pending_help_name != name) error("HELP for another family before TYPE", line);
        family.help = pending_help;
        family.has_help = true;
        have_pending_help = false;
      }
      out.families.push_back(std::move(family));
      continue;
    }
    // A sample.
    if (have_pending_help) error("HELP without TYPE", line);
    ParsedSample sample;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    sample.name = std::string(line.substr(0, i));
    if (!IsMetricName(sample.name)) error("bad sample name", line);
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        std::size_t eq = line.find('=', i);
        if (eq == std::string_view::npos || eq + 1 >= line.size() || line[eq + 1] != '"') {
          error("bad label", line);
          break;
        }
        std::string label_name(line.substr(i, eq - i));
        std::size_t j = eq + 2;
        std::string raw;
        while (j < line.size() && line[j] != '"') {
          if (line[j] == '\\' && j + 1 < line.size()) raw += line[j++];
          raw += line[j++];
        }
        std::string value;
        if (!Unescape(raw, true, &value)) error("bad label escape", line);
        if (sample.labels.count(label_name) != 0) error("repeated label", line);
        sample.labels[label_name] = value;
        sample.label_order.push_back(label_name);
        i = j + 1;
        if (i < line.size() && line[i] == ',') ++i;
      }
      ++i;  // '}'
    }
    if (i >= line.size() || line[i] != ' ') {
      error("no value", line);
      continue;
    }
    sample.value_text = std::string(line.substr(i + 1));
    if (!ParseValue(sample.value_text, &sample.value)) error("bad value (or a timestamp)", line);
    if (out.families.empty() || !SampleBelongs(out.families.back(), sample.name, om)) {
      error("sample outside its family", line);
      continue;
    }
    if (!seen_series.insert({sample.name, sample.labels}).second) error("duplicate series", line);
    out.families.back().samples.push_back(std::move(sample));
  }
  if (om && !out.has_eof) out.errors.push_back("OpenMetrics body without # EOF");
  return out;
}

// Inflates a gzip stream of one or more members (RFC 1952 2.2), as gunzip does.
inline bool Gunzip(std::string_view gz, std::string* out) {
  z_stream s{};
  if (inflateInit2(&s, 15 + 16) != Z_OK) return false;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  s.avail_in = static_cast<uInt>(gz.size());
  char buf[16384];
  bool ok = true;
  bool complete = false;  // the current member reached its trailer
  for (;;) {
    s.next_out = reinterpret_cast<Bytef*>(buf);
    s.avail_out = sizeof buf;
    int rc = inflate(&s, Z_NO_FLUSH);
    out->append(buf, sizeof buf - s.avail_out);
    if (rc == Z_STREAM_END) {
      complete = true;
      if (s.avail_in == 0) break;
      complete = false;
      if (inflateReset(&s) != Z_OK) ok = false;
      if (!ok) break;
      continue;
    }
    if (rc != Z_OK) {
      ok = false;  // corrupt, or truncated (Z_BUF_ERROR: no progress possible)
      break;
    }
    if (s.avail_in == 0 && s.avail_out != 0) break;  // input ended inside a member
  }
  ok = ok && complete;
  inflateEnd(&s);
  return ok;
}

// The whole body of an exposition, gunzipped when needed.
inline std::string Body(const Exposition& e) {
  std::string joined = *e.cached + e.tail;
  if (!e.gzip) return joined;
  std::string plain;
  if (!Gunzip(joined, &plain)) return "<gunzip failed>";
  return plain;
}

}  // namespace awsgov::testing
