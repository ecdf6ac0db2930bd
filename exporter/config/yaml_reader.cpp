#include "exporter/config/yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "exporter/config/config.h"

namespace awsgov::config {
namespace {

int LineOf(const YAML::Mark& mark) { return mark.line >= 0 ? mark.line + 1 : 0; }
int ColumnOf(const YAML::Mark& mark) { return mark.column >= 0 ? mark.column + 1 : 0; }

void AddAtMark(ErrorList* errors, const YAML::Mark& mark, const std::string& path,
               const std::string& message) {
  errors->Add(LineOf(mark), ColumnOf(mark), path, message);
}

YAML::Mark MarkOf(const YAML::Node& node) {
  return node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
}

// A plain (unquoted) scalar: the only kind that may be a boolean or a number.
bool IsPlain(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "?"; }

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string JoinAllowed(std::initializer_list<std::string_view> allowed) {
  return Join(std::vector<std::string>(allowed.begin(), allowed.end()));
}

bool IsAllowed(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::string FormatNumber(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

template <typename T>
bool ParseInteger(const std::string& text, T* out) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') ++begin;  // YAML allows an explicit plus sign
  auto [ptr, ec] = std::from_chars(begin, end, *out);
  return ec == std::errc() && ptr == end && begin != end;
}

template <typename T>
std::string RangeMessage(T min, T max, T got, std::string (*format)(T)) {
  return "must be between " + format(min) + " and " + format(max) + ", got " + format(got);
}

std::string FormatInt64(std::int64_t value) { return std::to_string(value); }
std::string FormatSeconds(std::chrono::seconds value) { return FormatDuration(value); }

}  // namespace

std::string DescribeNode(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "null";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return Quote(node.Scalar());
}

std::string IndexPath(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

void AddErrorAt(ErrorList* errors, const YAML::Node& node, const std::string& path,
                const std::string& message) {
  AddAtMark(errors, MarkOf(node), path, message);
}

MapReader::MapReader(const YAML::Node& node, std::string path, ErrorList* errors)
    : MapReader(node, std::move(path), errors, MarkOf(node)) {}

MapReader::MapReader(const YAML::Node& node, std::string path, ErrorList* errors,
                     const YAML::Mark& mark)
    : mark_(mark), path_(std::move(path)), errors_(errors) {
  Load(node);
}

void MapReader::Load(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsMap()) {
    AddAtMark(errors_, mark_, path_, "expected a mapping, got " + DescribeNode(node));
    is_map_ = false;
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    // Copies: the iterator yields a temporary pair, references into it would dangle.
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!key.IsScalar()) {
      AddErrorAt(errors_, key, path_, "keys must be strings, got " + DescribeNode(key));
      continue;
    }
    auto first = std::find_if(entries_.begin(), entries_.end(),
                              [&](const Entry& e) { return e.key == key.Scalar(); });
    if (first != entries_.end()) {
      // yaml-cpp keeps both; a silent "last one wins" would hide a copy-paste mistake.
      AddErrorAt(
          errors_, key, PathOf(key.Scalar()),
          "duplicate key (first at line " + std::to_string(LineOf(first->key_node.Mark())) + ")");
      continue;
    }
    entries_.push_back(Entry{key.Scalar(), key, value});
  }
}

const MapReader::Entry* MapReader::Find(const std::string& key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
  for (const Entry& entry : entries_) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

bool MapReader::Has(const std::string& key) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const Entry& e) { return e.key == key; });
}

std::string MapReader::PathOf(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void MapReader::ErrorAtKey(const Entry& entry, const std::string& message) {
  AddErrorAt(errors_, entry.key_node, PathOf(entry.key), message);
}

void MapReader::Error(const std::string& key, const std::string& message) {
  const Entry* entry = Find(key);
  if (entry != nullptr) {
    ErrorAtKey(*entry, message);
  } else {
    AddAtMark(errors_, mark_, PathOf(key), message);
  }
}

void MapReader::Required(const std::string& key) {
  if (Find(key) == nullptr && is_map_)
    AddAtMark(errors_, mark_, PathOf(key), "missing required key");
}

bool MapReader::ScalarOf(const Entry& entry, std::string_view want, std::string* out) {
  if (entry.value.IsNull()) {
    ErrorAtKey(entry, "missing value (want " + std::string(want) + ")");
    return false;
  }
  if (!entry.value.IsScalar()) {
    ErrorAtKey(entry, "expected " + std::string(want) + ", got " + DescribeNode(entry.value));
    return false;
  }
  *out = entry.value.Scalar();
  return true;
}

bool MapReader::String(const std::string& key, std::string* out) {
  return String(key, out, StringCheck());
}

bool MapReader::String(const std::string& key, std::string* out, const StringCheck& check) {
  const Entry* entry = Find(key);
  std::string text;
  if (entry == nullptr || !ScalarOf(*entry, "a string", &text)) return false;
  if (check) {
    const std::string problem = check(text);
    if (!problem.empty()) {
      ErrorAtKey(*entry, problem);
      return false;
    }
  }
  *out = std::move(text);
  return true;
}

bool MapReader::Enum(const std::string& key, std::string* out,
                     std::initializer_list<std::string_view> allowed) {
  return String(key, out, [&](std::string_view value) -> std::string {
    if (IsAllowed(value, allowed)) return "";
    return "invalid value " + Quote(value) + " (want one of: " + JoinAllowed(allowed) + ")";
  });
}

bool MapReader::Bool(const std::string& key, bool* out) {
  const Entry* entry = Find(key);
  std::string text;
  if (entry == nullptr || !ScalarOf(*entry, "true or false", &text)) return false;
  if (IsPlain(entry->value)) {
    if (text == "true" || text == "True" || text == "TRUE") {
      *out = true;
      return true;
    }
    if (text == "false" || text == "False" || text == "FALSE") {
      *out = false;
      return true;
    }
  }
  ErrorAtKey(*entry, "expected true or false, got " + Quote(text) +
                         (IsPlain(entry->value) ? "" : " (a quoted string)"));
  return false;
}

bool MapReader::Int(const std::string& key, int* out, int min, int max) {
  std::int64_t value = 0;
  if (!Int64(key, &value, min, max)) return false;
  *out = static_cast<int>(value);
  return true;
}

bool MapReader::Int64(const std::string& key, std::int64_t* out, std::int64_t min,
                      std::int64_t max) {
  const Entry* entry = Find(key);
  std::string text;
  if (entry == nullptr || !ScalarOf(*entry, "an integer", &text)) return false;
  std::int64_t value = 0;
  if (!IsPlain(entry->value) || !ParseInteger(text, &value)) {
    ErrorAtKey(*entry, "expected an integer, got " + Quote(text) +
                           (IsPlain(entry->value) ? "" : " (a quoted string)"));
    return false;
  }
  if (value < min || value > max) {
    ErrorAtKey(*entry, RangeMessage<std::int64_t>(min, max, value, FormatInt64));
    return false;
  }
  *out = value;
  return true;
}

bool MapReader::Double(const std::string& key, double* out, double min, double max) {
  const Entry* entry = Find(key);
  std::string text;
  if (entry == nullptr || !ScalarOf(*entry, "a number", &text)) return false;
  double value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (!IsPlain(entry->value) || ec != std::errc() || ptr != end || !std::isfinite(value)) {
    ErrorAtKey(*entry, "expected a number, got " + Quote(text) +
                           (IsPlain(entry->value) ? "" : " (a quoted string)"));
    return false;
  }
  if (value < min || value > max) {
    ErrorAtKey(*entry, "must be between " + FormatNumber(min) + " and " + FormatNumber(max) +
                           ", got " + FormatNumber(value));
    return false;
  }
  *out = value;
  return true;
}

bool MapReader::Duration(const std::string& key, std::chrono::seconds* out,
                         std::chrono::seconds min, std::chrono::seconds max) {
  const Entry* entry = Find(key);
  std::string text;
  if (entry == nullptr || !ScalarOf(*entry, "a duration such as 30s, 5m, 1h", &text)) {
    return false;
  }
  std::chrono::milliseconds millis{0};
  if (!ParseDuration(text, &millis)) {
    ErrorAtKey(*entry, "invalid duration " + Quote(text) + " (want e.g. 30s, 5m, 1h)");
    return false;
  }
  if (millis.count() % 1000 != 0) {
    ErrorAtKey(*entry, "must be a whole number of seconds, got " + Quote(text));
    return false;
  }
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(millis);
  if (seconds < min || seconds > max) {
    if (max == std::chrono::seconds::max()) {
      ErrorAtKey(*entry, "must be at least " + FormatDuration(min) + ", got " + Quote(text));
    } else {
      ErrorAtKey(*entry, RangeMessage<std::chrono::seconds>(min, max, seconds, FormatSeconds));
    }
    return false;
  }
  *out = seconds;
  return true;
}

bool MapReader::StringList(const std::string& key, std::vector<std::string>* out,
                           std::initializer_list<std::string_view> allowed) {
  if (allowed.size() == 0) return StringList(key, out, StringCheck());
  return StringList(key, out, [&](std::string_view value) -> std::string {
    if (IsAllowed(value, allowed)) return "";
    return "invalid value " + Quote(value) + " (want one of: " + JoinAllowed(allowed) + ")";
  });
}

bool MapReader::StringList(const std::string& key, std::vector<std::string>* out,
                           const StringCheck& check) {
  const Entry* entry = Find(key);
  if (entry == nullptr) return false;
  if (!entry->value.IsNull() && !entry->value.IsSequence()) {
    ErrorAtKey(*entry, "expected a list of strings, got " + DescribeNode(entry->value));
    return false;
  }
  std::vector<std::string> items;
  bool ok = true;
  std::size_t index = 0;
  for (const YAML::Node& item : entry->value) {
    const std::string item_path = IndexPath(PathOf(key), index++);
    if (!item.IsScalar()) {
      AddErrorAt(errors_, item, item_path, "expected a string, got " + DescribeNode(item));
      ok = false;
      continue;
    }
    const std::string problem = check ? check(item.Scalar()) : std::string();
    if (!problem.empty()) {
      AddErrorAt(errors_, item, item_path, problem);
      ok = false;
      continue;
    }
    items.push_back(item.Scalar());
  }
  if (ok) *out = std::move(items);
  return ok;
}

bool MapReader::StringMap(const std::string& key, std::map<std::string, std::string>* out) {
  return StringMap(key, out, StringCheck(), StringCheck());
}

bool MapReader::StringMap(const std::string& key, std::map<std::string, std::string>* out,
                          const StringCheck& key_check, const StringCheck& value_check) {
  if (Find(key) == nullptr) return false;
  const std::size_t errors_before = errors_->errors().size();
  MapReader map = Map(key);
  std::map<std::string, std::string> values;
  map.ForEach([&](const std::string& name, const YAML::Node&) {
    const std::string problem = key_check ? key_check(name) : std::string();
    if (!problem.empty()) {
      map.Error(name, problem);
      return;
    }
    std::string value;
    if (map.String(name, &value, value_check)) values[name] = std::move(value);
  });
  if (errors_->errors().size() != errors_before) return false;
  *out = std::move(values);
  return true;
}

YAML::Node MapReader::Node(const std::string& key) {
  const Entry* entry = Find(key);
  return entry != nullptr ? entry->value : YAML::Node();
}

MapReader MapReader::Map(const std::string& key) {
  const Entry* entry = Find(key);
  if (entry == nullptr) return MapReader(YAML::Node(), PathOf(key), errors_, mark_);
  return MapReader(entry->value, PathOf(key), errors_, entry->key_node.Mark());
}

bool MapReader::List(
    const std::string& key,
    const std::function<void(const YAML::Node& item, const std::string& item_path)>& fn) {
  const Entry* entry = Find(key);
  if (entry == nullptr) return false;
  if (!entry->value.IsNull() && !entry->value.IsSequence()) {
    ErrorAtKey(*entry, "expected a list, got " + DescribeNode(entry->value));
    return false;
  }
  std::size_t index = 0;
  for (const YAML::Node& item : entry->value) fn(item, IndexPath(PathOf(key), index++));
  return true;
}

void MapReader::ForEach(
    const std::function<void(const std::string& key, const YAML::Node& value)>& fn) {
  // Copy the names first: fn may call accessors, which append to known_.
  std::vector<std::pair<std::string, YAML::Node>> items;
  for (const Entry& entry : entries_) items.emplace_back(entry.key, entry.value);
  for (const auto& [key, value] : items) {
    Find(key);
    fn(key, value);
  }
}

void MapReader::Finish() {
  std::vector<std::string> wanted = known_;
  std::sort(wanted.begin(), wanted.end());
  for (const Entry& entry : entries_) {
    if (std::find(known_.begin(), known_.end(), entry.key) != known_.end()) continue;
    ErrorAtKey(entry, wanted.empty() ? "unknown key (this section takes no keys)"
                                     : "unknown key (want one of: " + Join(wanted) + ")");
  }
  // Reported once, even when Finish() is called again.
  for (const Entry& entry : entries_) Find(entry.key);
}

}  // namespace awsgov::config
