#include "collectors/inspector_coverage/exceptions_table.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "collectors/inspector_coverage/json_fields.h"

namespace awsgov::inspector {
namespace {

// A string attribute ({"S": "..."}); "" when absent or of another type.
std::string StringAttribute(const nlohmann::json& item, const char* name) {
  return StringMember(ObjectMember(item, name), "S");
}

bool AbsentOrEqual(const std::string& value, const std::string& wanted) {
  return value.empty() || value == wanted;
}

}  // namespace

void AddExceptionsPage(const nlohmann::json& page, const ExceptionsTable& table,
                       const std::string& account_id, const std::string& region,
                       std::set<std::string>* out) {
  for (const nlohmann::json& item : ArrayMember(page, "Items")) {
    const std::string instance_id = StringAttribute(item, "InstanceId");
    if (instance_id.empty()) continue;
    if (!AbsentOrEqual(StringAttribute(item, "AccountId"), account_id)) continue;
    if (!AbsentOrEqual(StringAttribute(item, "InstanceRegion"), region)) continue;
    const std::string type = StringAttribute(item, "ExceptionType");
    const auto& types = table.exception_types;
    if (type.empty() || std::find(types.begin(), types.end(), type) != types.end()) {
      out->insert(instance_id);
    }
  }
}

Status ScanExceptionsTable(aws::Client& table_client, const ExceptionsTable& table,
                           const CollectContext& ctx, std::vector<nlohmann::json>* pages) {
  return aws::JsonAllPages(
      table_client, "dynamodb", "Scan", {{"TableName", table.name}},
      [&](const nlohmann::json& page) {
        if (ctx.Cancelled()) return Cancelled("dynamodb Scan: cancelled");
        pages->push_back(page);
        return Status::Ok();
      },
      "ExclusiveStartKey", "LastEvaluatedKey");
}

Status ReadExceptionsTable(aws::Client& table_client, const ExceptionsTable& table,
                           const CollectContext& ctx, std::set<std::string>* out) {
  std::vector<nlohmann::json> pages;
  Status status = ScanExceptionsTable(table_client, table, ctx, &pages);
  if (!status.ok()) return status;
  for (const nlohmann::json& page : pages) {
    AddExceptionsPage(page, table, ctx.target.account_id, ctx.target.region, out);
  }
  return Status::Ok();
}

}  // namespace awsgov::inspector
