#include "exporter/aws/credentials_ini.h"

#include <fstream>
#include <sstream>

#include "exporter/aws/credentials_common.h"

namespace awsgov::aws {

Status ParseIni(std::string_view text, const std::string& path, IniFile* out) {
  IniFile result;
  IniSection* section = nullptr;
  bool in_sub_properties = false;
  int line_number = 0;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    std::string_view line = TrimWhitespace(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    bool indented = raw.front() == ' ' || raw.front() == '\t';
    if (indented && in_sub_properties) continue;
    std::string where = path + ":" + std::to_string(line_number);
    if (line.front() == '[') {
      if (line.back() != ']') return InvalidArgument(where + ": section header without ']'");
      std::string name(TrimWhitespace(line.substr(1, line.size() - 2)));
      if (name.empty()) return InvalidArgument(where + ": empty section name");
      section = &result[name];
      in_sub_properties = false;
      continue;
    }
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return InvalidArgument(where + ": expected \"key = value\" or \"[section]\"");
    }
    if (section == nullptr) return InvalidArgument(where + ": key before any [section]");
    std::string key(TrimWhitespace(line.substr(0, eq)));
    std::string value(TrimWhitespace(line.substr(eq + 1)));
    if (key.empty()) return InvalidArgument(where + ": empty key");
    in_sub_properties = value.empty();
    (*section)[key] = std::move(value);
  }
  *out = std::move(result);
  return Status::Ok();
}

Status LoadIniFile(const std::string& path, IniFile* out) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    out->clear();
    return Status::Ok();
  }
  std::stringstream text;
  text << file.rdbuf();
  return ParseIni(text.str(), path, out);
}

}  // namespace awsgov::aws
