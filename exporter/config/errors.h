// Config problems, each naming file, line, column and key path, e.g.
//   config.yml:12:5: collectors.ipam.interval: invalid duration "5 minutes" (want e.g. 30s, 5m, 1h)
// Thread-safety: not thread-safe; one parse fills one list.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace awsgov::config {

struct ConfigError {
  std::string file;
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
  std::string path;  // dotted key path, list items as [i]: "accounts[2].id"
  std::string message;

  // "file:line:column: path: message" (parts that are unknown are left out).
  std::string ToString() const;
};

class ErrorList {
 public:
  explicit ErrorList(std::string file = {}) : file_(std::move(file)) {}
  void Add(int line, int column, std::string path, std::string message);
  // Keeps the error's own file (e.g. errors gathered by a parse into its own list).
  void Add(ConfigError error);
  void Append(const ErrorList& other);
  bool empty() const { return errors_.empty(); }
  const std::vector<ConfigError>& errors() const { return errors_; }
  const std::string& file() const { return file_; }
  std::string ToString() const;  // one error per line

 private:
  std::string file_;
  std::vector<ConfigError> errors_;
};

}  // namespace awsgov::config
