// Reading AWS JSON responses without exceptions: a member of the wrong type reads as absent, so
// bad AWS data is skipped instead of throwing out of a collector.
// Thread-safety: pure functions over values the caller owns.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace awsgov::inspector {

// The string member `key` of `object`; "" when absent or not a string.
std::string StringMember(const nlohmann::json& object, std::string_view key);
// The object member `key`; an empty object when absent or not an object.
const nlohmann::json& ObjectMember(const nlohmann::json& object, std::string_view key);
// The array member `key`; an empty array when absent or not an array.
const nlohmann::json& ArrayMember(const nlohmann::json& object, std::string_view key);

}  // namespace awsgov::inspector
