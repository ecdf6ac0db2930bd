// Strict, position-aware reading of a YAML mapping, used by the config parser and by each
// collector's options parser so that every problem names file, line, column and key path.
//
//   MapReader r(node, "collectors.ipam.options", errors);
//   r.Bool("include_unmanaged_vpcs", &opts.include_unmanaged);
//   r.StringList("resource_types", &opts.resource_types, {"vpc", "subnet", "eip"});
//   r.Finish();  // unknown keys -> errors
//
// Thread-safety: not thread-safe.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/config/errors.h"

namespace awsgov::config {

class MapReader {
 public:
  // A null or absent node reads as an empty map; a non-map node is an error.
  MapReader(const YAML::Node& node, std::string path, ErrorList* errors);

  // Each returns true when the key was present and valid (then *out is set); absent keys leave
  // *out unchanged; a present but invalid value adds an error.
  bool String(const std::string& key, std::string* out);
  // One of `allowed`.
  bool Enum(const std::string& key, std::string* out, std::initializer_list<std::string_view> allowed);
  bool Bool(const std::string& key, bool* out);
  bool Int(const std::string& key, int* out, int min, int max);
  bool Double(const std::string& key, double* out, double min, double max);
  bool Duration(const std::string& key, std::chrono::seconds* out);
  // A list of strings; when `allowed` is non-empty every item must be one of them.
  bool StringList(const std::string& key, std::vector<std::string>* out,
                  std::initializer_list<std::string_view> allowed = {});
  bool StringMap(const std::string& key, std::map<std::string, std::string>* out);
  // The raw node for nested structures (marks the key as known). Null node when absent.
  YAML::Node Node(const std::string& key);
  // Adds an error at the key (or at the map when the key is absent).
  void Error(const std::string& key, const std::string& message);
  void Required(const std::string& key);  // error when absent

  std::string PathOf(const std::string& key) const;
  // Reports every key that no accessor asked for as "unknown key".
  void Finish();

  ErrorList* errors() const { return errors_; }

 private:
  YAML::Node node_;
  std::string path_;
  ErrorList* errors_;
  std::vector<std::string> known_;
};

// Adds an error positioned at `node`.
void AddErrorAt(ErrorList* errors, const YAML::Node& node, const std::string& path,
                const std::string& message);

}  // namespace awsgov::config
