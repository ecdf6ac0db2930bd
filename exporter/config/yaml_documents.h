// Reading the documents of a YAML text without yaml-cpp 0.7's endless loop.
//
// Debian 12's yaml-cpp 0.7 never returns from YAML::LoadAll on a stray ',' at the top level of a
// document (",", "# comment\n,key: x", "a: 1\n...\n,"): the parser yields an empty document at
// the same position again and again, without consuming input, and LoadAll collects them until
// memory runs out (found by tests/fuzz/fuzz_config). A config or web-config file like that would
// hang start-up or a reload (holding the reload lock) for ever.
//
// Thread-safety: a pure function.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace awsgov::config {

// Every document of `text`, as YAML::LoadAll returns them. Throws YAML::ParserException (with the
// position) where the parser stops advancing, and whatever YAML::LoadAll throws otherwise.
std::vector<YAML::Node> LoadAllDocuments(const std::string& text);

}  // namespace awsgov::config
