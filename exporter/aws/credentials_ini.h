// The AWS shared config / credentials file syntax: "[section]", "key = value", full-line comments
// starting with '#' or ';', and indented sub-properties (e.g. under "s3 =") which are skipped.
// Thread-safety: free functions, reentrant.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "exporter/core/status.h"

namespace awsgov::aws {

using IniSection = std::map<std::string, std::string>;
using IniFile = std::map<std::string, IniSection>;

// `path` is for error messages ("<path>:<line>: ...").
Status ParseIni(std::string_view text, const std::string& path, IniFile* out);

// A missing file is an empty IniFile (the SDKs treat it so), not an error.
Status LoadIniFile(const std::string& path, IniFile* out);

}  // namespace awsgov::aws
