#include "exporter/core/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

namespace awsgov::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
std::atomic<Format> g_format{Format::kLogfmt};
std::atomic<void (*)(std::string_view)> g_sink{nullptr};
thread_local std::vector<std::pair<std::string, std::string>> t_context;

bool HasKey(std::initializer_list<Field> fields, std::string_view key) {
  for (const auto& f : fields) {
    if (f.first == key) return true;
  }
  return false;
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

std::string Timestamp() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];  // generous: the compiler cannot prove the fields' widths
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return buf;
}

// A JSON string literal, control characters escaped.
void AppendJsonString(std::string& out, std::string_view v) {
  out += '"';
  for (char c : v) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// logfmt: bare when the value has no space, quote, '=' or control character; else quoted.
void AppendLogfmtValue(std::string& out, std::string_view v) {
  bool needs_quotes = v.empty();
  for (char c : v) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      needs_quotes = true;
      break;
    }
  }
  if (!needs_quotes) {
    out += v;
    return;
  }
  // Quoted logfmt values escape as JSON strings do (go-logfmt's convention).
  AppendJsonString(out, v);
}

}  // namespace

ScopedContext::ScopedContext(std::initializer_list<std::pair<std::string, std::string>> fields)
    : added_(fields.size()) {
  t_context.insert(t_context.end(), fields.begin(), fields.end());
}

ScopedContext::~ScopedContext() { t_context.resize(t_context.size() - added_); }

bool ParseLevel(std::string_view text, Level* out) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (text == LevelName(l)) {
      *out = l;
      return true;
    }
  }
  return false;
}

bool ParseFormat(std::string_view text, Format* out) {
  if (text == "logfmt") {
    *out = Format::kLogfmt;
    return true;
  }
  if (text == "json") {
    *out = Format::kJson;
    return true;
  }
  return false;
}

void Configure(Level level, Format format) {
  g_level.store(level);
  g_format.store(format);
}

void SetSinkForTesting(void (*sink)(std::string_view line)) { g_sink.store(sink); }

bool Enabled(Level level) { return level >= g_level.load(std::memory_order_relaxed); }

std::string FormatLine(Format format, Level level, std::string_view message,
                       std::initializer_list<Field> fields) {
  std::string line;
  line.reserve(128);
  if (format == Format::kJson) {
    line += "{\"time\":";
    AppendJsonString(line, Timestamp());
    line += ",\"level\":";
    AppendJsonString(line, LevelName(level));
    line += ",\"msg\":";
    AppendJsonString(line, message);
    for (const auto& [k, v] : fields) {
      line += ',';
      AppendJsonString(line, k);
      line += ':';
      AppendJsonString(line, v);
    }
    for (const auto& [k, v] : t_context) {
      if (HasKey(fields, k)) continue;
      line += ',';
      AppendJsonString(line, k);
      line += ':';
      AppendJsonString(line, v);
    }
    line += '}';
  } else {
    line += "time=";
    line += Timestamp();
    line += " level=";
    line += LevelName(level);
    line += " msg=";
    AppendLogfmtValue(line, message);
    for (const auto& [k, v] : fields) {
      line += ' ';
      line += k;
      line += '=';
      AppendLogfmtValue(line, v);
    }
    for (const auto& [k, v] : t_context) {
      if (HasKey(fields, k)) continue;
      line += ' ';
      line += k;
      line += '=';
      AppendLogfmtValue(line, v);
    }
  }
  return line;
}

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  std::string line = FormatLine(g_format.load(), level, message, fields);
  if (auto sink = g_sink.load()) {
    sink(line);
    return;
  }
  line += '\n';
  // One write() per line so that lines from several threads never interleave.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace awsgov::log
