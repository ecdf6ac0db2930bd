// application/x-www-form-urlencoded decoding, shared by the review page's forms, query strings
// and Slack's interaction payloads.
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace awsgov::sg {

// Percent-decoding with '+' as space; nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> PercentDecode(const std::string& text);

// name → value (the last one wins). A malformed name or value decodes to "" (it then matches
// nothing a handler looks for).
std::map<std::string, std::string> ParseForm(const std::string& body);

}  // namespace awsgov::sg
