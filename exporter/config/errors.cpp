#include "exporter/config/errors.h"

namespace awsgov::config {

std::string ConfigError::ToString() const {
  std::string out = file;
  if (line > 0) {
    if (!out.empty()) out += ':';
    out += std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  for (const std::string* part : {&path, &message}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ": ";
    out += *part;
  }
  return out;
}

void ErrorList::Add(int line, int column, std::string path, std::string message) {
  errors_.push_back(ConfigError{file_, line, column, std::move(path), std::move(message)});
}

void ErrorList::Add(ConfigError error) { errors_.push_back(std::move(error)); }

void ErrorList::Append(const ErrorList& other) {
  errors_.insert(errors_.end(), other.errors_.begin(), other.errors_.end());
}

std::string ErrorList::ToString() const {
  std::string out;
  for (const ConfigError& error : errors_) {
    if (!out.empty()) out += '\n';
    out += error.ToString();
  }
  return out;
}

}  // namespace awsgov::config
