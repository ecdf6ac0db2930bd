// DynamoDB items over the JSON protocol (client.h's Json): attribute values, the refusal of a
// ConditionExpression, and a Scan over every page. Shared by the stores that keep state in a
// table (sg_changes' review state, the HA lease) and readable by any collector scanning a table.
// Thread-safety: free functions.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "exporter/aws/client.h"
#include "exporter/core/status.h"

namespace awsgov::aws::dynamodb {

// Attribute values as the wire writes them: {"S": "x"}, {"N": "12"}, {"BOOL": true}.
nlohmann::json S(std::string_view text);
nlohmann::json N(std::int64_t number);
nlohmann::json Bool(bool value);

// An item's attribute read back; `fallback` when absent or of another type (a number that does
// not parse as an integer too).
std::string StringAttr(const nlohmann::json& item, const char* name,
                       const std::string& fallback = "");
std::int64_t NumberAttr(const nlohmann::json& item, const char* name, std::int64_t fallback = 0);
bool BoolAttr(const nlohmann::json& item, const char* name, bool fallback = false);

// Whether `status` is DynamoDB refusing a write because its ConditionExpression was false
// (ConditionalCheckFailedException): the expected outcome of losing a race, not a failure.
bool IsConditionFailed(const Status& status);

// Scans every page of `request` (TableName, FilterExpression, ...) and calls `on_item` for each
// item, in the order DynamoDB returns them.
Status ScanItems(Client& client, nlohmann::json request,
                 const std::function<Status(const nlohmann::json& item)>& on_item);

}  // namespace awsgov::aws::dynamodb
