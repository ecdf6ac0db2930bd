#include "collectors/tgw_shares/inventory.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "exporter/core/log.h"

namespace awsgov::tgw {
namespace {

// A string or number attribute as text ({"S": "x"} or {"N": "123"}); "" otherwise.
std::string Attribute(const nlohmann::json& item, const char* name) {
  auto it = item.find(name);
  if (it == item.end() || !it->is_object()) return "";
  for (const char* type : {"S", "N"}) {
    auto value = it->find(type);
    if (value != it->end() && value->is_string()) return value->get<std::string>();
  }
  return "";
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

bool ParseDynamoDbItem(const nlohmann::json& item, InventoryItem* out, std::string* problem) {
  if (!item.is_object()) {
    *problem = "item is not an object";
    return false;
  }
  InventoryItem parsed;
  parsed.transit_gateway_id = Attribute(item, "TransitGatewayId");
  if (parsed.transit_gateway_id.empty()) {
    *problem = "item without TransitGatewayId";
    return false;
  }
  parsed.resource_type = Lower(Attribute(item, "ResourceType"));
  parsed.account = Attribute(item, "Account");
  parsed.resource_id = Attribute(item, "ResourceId");
  parsed.cidr = Attribute(item, "Cidr");
  *out = std::move(parsed);
  return true;
}

Status ScanInventoryTable(aws::Client& dynamodb, const std::string& table, int page_size,
                          std::vector<InventoryItem>* out) {
  nlohmann::json request = {{"TableName", table}};
  if (page_size > 0) request["Limit"] = page_size;
  Status status = aws::JsonAllPages(
      dynamodb, "dynamodb", "Scan", request,
      [&](const nlohmann::json& page) {
        auto items = page.find("Items");
        if (items == page.end()) return Status::Ok();
        if (!items->is_array()) return ParseError("Items is not a list");
        for (const nlohmann::json& item : *items) {
          InventoryItem parsed;
          std::string problem;
          if (ParseDynamoDbItem(item, &parsed, &problem)) {
            out->push_back(std::move(parsed));
          } else {
            log::Warn("tgw_shares: skipping inventory item",
                      {{"table", table}, {"problem", problem}});
          }
        }
        return Status::Ok();
      },
      "ExclusiveStartKey", "LastEvaluatedKey");
  return status.WithContext("dynamodb Scan " + table + " in account " + dynamodb.account_id() +
                            ", region " + dynamodb.region());
}

}  // namespace awsgov::tgw
