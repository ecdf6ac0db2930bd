// Structured logging: one line per event, logfmt or JSON, to stderr.
// Never pass secrets as field values: keys, tokens and passwords are not logged anywhere.
// Thread-safety: all functions are thread-safe; a line is written with one write() call.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace awsgov::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };
enum class Format { kLogfmt, kJson };

bool ParseLevel(std::string_view text, Level* out);
bool ParseFormat(std::string_view text, Format* out);

void Configure(Level level, Format format);
// Test seam: when set, lines go to this function instead of stderr.
void SetSinkForTesting(void (*sink)(std::string_view line));
bool Enabled(Level level);

using Field = std::pair<std::string_view, std::string_view>;

// Fields added to every line this thread writes while the object lives (nested scopes add up),
// e.g. the target (collector, account_id, region) around one collection, so that every line a
// collector or the AWS client writes names its target without passing it around.
// Thread-safety: affects the calling thread only.
class ScopedContext {
 public:
  ScopedContext(std::initializer_list<std::pair<std::string, std::string>> fields);
  ~ScopedContext();
  ScopedContext(const ScopedContext&) = delete;
  ScopedContext& operator=(const ScopedContext&) = delete;

 private:
  std::size_t added_;
};

// Formats one line (without the trailing newline), with this thread's context fields after the
// given ones (a context key also given explicitly is not repeated); exposed for tests.
std::string FormatLine(Format format, Level level, std::string_view message,
                       std::initializer_list<Field> fields);

void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void Debug(std::string_view m, std::initializer_list<Field> f = {}) {
  if (Enabled(Level::kDebug)) Write(Level::kDebug, m, f);
}
inline void Info(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kInfo, m, f);
}
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kWarn, m, f);
}
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kError, m, f);
}

}  // namespace awsgov::log
