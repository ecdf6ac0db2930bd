#include "collectors/inspector_coverage/json_fields.h"

namespace awsgov::inspector {
namespace {

const nlohmann::json* Member(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

}  // namespace

std::string StringMember(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* member = Member(object, key);
  return member != nullptr && member->is_string() ? member->get<std::string>() : "";
}

const nlohmann::json& ObjectMember(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const nlohmann::json* member = Member(object, key);
  return member != nullptr && member->is_object() ? *member : kEmpty;
}

const nlohmann::json& ArrayMember(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const nlohmann::json* member = Member(object, key);
  return member != nullptr && member->is_array() ? *member : kEmpty;
}

}  // namespace awsgov::inspector
