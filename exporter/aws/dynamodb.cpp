#include "exporter/aws/dynamodb.h"

#include <charconv>

namespace awsgov::aws::dynamodb {
namespace {

const nlohmann::json* Typed(const nlohmann::json& item, const char* name, const char* type) {
  if (!item.is_object()) return nullptr;
  auto attribute = item.find(name);
  if (attribute == item.end() || !attribute->is_object()) return nullptr;
  auto value = attribute->find(type);
  return value == attribute->end() ? nullptr : &*value;
}

}  // namespace

nlohmann::json S(std::string_view text) { return {{"S", std::string(text)}}; }
nlohmann::json N(std::int64_t number) { return {{"N", std::to_string(number)}}; }
nlohmann::json Bool(bool value) { return {{"BOOL", value}}; }

std::string StringAttr(const nlohmann::json& item, const char* name, const std::string& fallback) {
  const nlohmann::json* value = Typed(item, name, "S");
  return value != nullptr && value->is_string() ? value->get<std::string>() : fallback;
}

std::int64_t NumberAttr(const nlohmann::json& item, const char* name, std::int64_t fallback) {
  const nlohmann::json* value = Typed(item, name, "N");
  if (value == nullptr || !value->is_string()) return fallback;
  const std::string& text = value->get_ref<const std::string&>();
  std::int64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  return error == std::errc() && end == text.data() + text.size() ? number : fallback;
}

bool BoolAttr(const nlohmann::json& item, const char* name, bool fallback) {
  const nlohmann::json* value = Typed(item, name, "BOOL");
  return value != nullptr && value->is_boolean() ? value->get<bool>() : fallback;
}

bool IsConditionFailed(const Status& status) {
  // The client's error message names the AWS error code ("AWS error <Code> (HTTP 400, ...").
  return !status.ok() && status.code() == StatusCode::kInvalidArgument &&
         status.message().find("AWS error ConditionalCheckFailedException ") != std::string::npos;
}

Status ScanItems(Client& client, nlohmann::json request,
                 const std::function<Status(const nlohmann::json& item)>& on_item) {
  return JsonAllPages(
      client, "dynamodb", "Scan", std::move(request),
      [&](const nlohmann::json& page) {
        auto items = page.find("Items");
        if (items == page.end()) return Status::Ok();
        if (!items->is_array()) return ParseError("dynamodb Scan: Items is not a list");
        for (const nlohmann::json& item : *items) {
          if (Status s = on_item(item); !s.ok()) return s;
        }
        return Status::Ok();
      },
      "ExclusiveStartKey", "LastEvaluatedKey");
}

}  // namespace awsgov::aws::dynamodb
