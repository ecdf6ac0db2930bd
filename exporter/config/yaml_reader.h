// Strict, position-aware reading of a YAML mapping, used by the config parser and by each
// collector's options parser so that every problem names file, line, column and key path.
//
//   MapReader r(node, "collectors.ipam.options", errors);
//   r.Bool("include_unmanaged_vpcs", &opts.include_unmanaged);
//   r.StringList("resource_types", &opts.resource_types, {"vpc", "subnet", "eip"});
//   r.Finish();  // unknown keys -> errors
//
// Positions: an error about a key's value points at the key (where the eye looks for it); an
// error about a list item points at the item. Lines and columns are 1-based (YAML mark + 1).
// Value rules, so that every collector reads values the same way:
//   - a null value (`key:` with nothing after it) is "missing value" for scalar accessors, and an
//     empty list / map for StringList, StringMap, List, Map and ForEach (commenting out every item
//     of a list is not an error);
//   - booleans are unquoted true / false (also True, TRUE, False, FALSE); numbers are unquoted:
//     a quoted "3" is a string, as in the YAML core schema;
//   - strings are any scalar, taken as written: an unquoted 012345678901 keeps its leading zero.
//
// Thread-safety: not thread-safe.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/config/errors.h"

namespace awsgov::config {

// A value check for String and StringList: returns "" when `value` is fine, else the problem,
// e.g. `invalid region "eu-west" (want e.g. eu-west-1)`.
using StringCheck = std::function<std::string(std::string_view value)>;

class MapReader {
 public:
  // A null or absent node reads as an empty map; a non-map node is an error.
  MapReader(const YAML::Node& node, std::string path, ErrorList* errors);

  // Each returns true when the key was present and valid (then *out is set); absent keys leave
  // *out unchanged; a present but invalid value adds an error.
  bool String(const std::string& key, std::string* out);
  bool String(const std::string& key, std::string* out, const StringCheck& check);
  // One of `allowed`.
  bool Enum(const std::string& key, std::string* out,
            std::initializer_list<std::string_view> allowed);
  bool Bool(const std::string& key, bool* out);
  bool Int(const std::string& key, int* out, int min, int max);
  bool Int64(const std::string& key, std::int64_t* out, std::int64_t min, std::int64_t max);
  bool Double(const std::string& key, double* out, double min, double max);
  // Prometheus duration syntax ("30s", "1h30m"), whole seconds, within [min, max].
  bool Duration(const std::string& key, std::chrono::seconds* out,
                std::chrono::seconds min = std::chrono::seconds(1),
                std::chrono::seconds max = std::chrono::seconds::max());
  // A list of strings; when `allowed` is non-empty every item must be one of them.
  bool StringList(const std::string& key, std::vector<std::string>* out,
                  std::initializer_list<std::string_view> allowed = {});
  bool StringList(const std::string& key, std::vector<std::string>* out, const StringCheck& check);
  bool StringMap(const std::string& key, std::map<std::string, std::string>* out);
  // With checks for the map's keys and values (either may be empty).
  bool StringMap(const std::string& key, std::map<std::string, std::string>* out,
                 const StringCheck& key_check, const StringCheck& value_check);
  // The raw node for nested structures (marks the key as known). Null node when absent.
  YAML::Node Node(const std::string& key);
  // A nested mapping as its own reader, path "<path>.<key>"; call its Finish() too.
  MapReader Map(const std::string& key);
  // Calls fn for each item of a list, with the item's path "<path>.<key>[i]". false when the key
  // is absent or not a list (the latter is an error).
  bool List(const std::string& key,
            const std::function<void(const YAML::Node& item, const std::string& item_path)>& fn);
  // Calls fn for every entry of this map, in document order, and marks all keys as known: for
  // maps keyed by names (collectors, endpoint overrides). Report bad names with Error(key, ...).
  void ForEach(const std::function<void(const std::string& key, const YAML::Node& value)>& fn);

  bool Has(const std::string& key) const;  // present (even when null)
  // Adds an error at the key (or at the map when the key is absent).
  void Error(const std::string& key, const std::string& message);
  void Required(const std::string& key);  // error when absent (silent when not a map at all)

  std::string PathOf(const std::string& key) const;
  const std::string& path() const { return path_; }
  // Reports every key that no accessor asked for as "unknown key", with the keys it wants.
  void Finish();

  ErrorList* errors() const { return errors_; }

 private:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };

  MapReader(const YAML::Node& node, std::string path, ErrorList* errors, const YAML::Mark& mark);
  void Load(const YAML::Node& node);
  // Marks `key` known; returns its entry or null when absent.
  const Entry* Find(const std::string& key);
  void ErrorAtKey(const Entry& entry, const std::string& message);
  // The entry's scalar text; false (and an error naming `want`) when the value is not a scalar.
  bool ScalarOf(const Entry& entry, std::string_view want, std::string* out);

  YAML::Mark mark_;  // of the map, or of its key in the parent
  std::string path_;
  ErrorList* errors_;
  std::vector<Entry> entries_;
  std::vector<std::string> known_;
  bool is_map_ = true;  // false after "expected a mapping": nothing more to say about it
};

// Adds an error positioned at `node`.
void AddErrorAt(ErrorList* errors, const YAML::Node& node, const std::string& path,
                const std::string& message);
// "a list", "a mapping", "null", or the scalar quoted: for "expected X, got Y" messages.
std::string DescribeNode(const YAML::Node& node);
// "<path>[index]".
std::string IndexPath(const std::string& path, std::size_t index);

}  // namespace awsgov::config
