// The old InspectorEC2Controls' `Inspector-Exceptions` DynamoDB table, read as it is: items
// {InstanceId (hash key), AccountId, InstanceRegion, ExceptionType} in DynamoDB's attribute-value
// JSON ({"S": "..."}).
// Thread-safety: pure functions of their arguments; the Client is thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <set>
#include <string>
#include <vector>

#include "collectors/inspector_coverage/inspector_options.h"
#include "exporter/aws/client.h"
#include "exporter/core/collector.h"
#include "exporter/core/status.h"

namespace awsgov::inspector {

// Adds the InstanceIds of a Scan page's items that except an instance in `account_id` and
// `region`: AccountId and InstanceRegion match (or are absent: the instance id alone is
// unique), and ExceptionType is one of `table.exception_types` (or absent).
void AddExceptionsPage(const nlohmann::json& page, const ExceptionsTable& table,
                       const std::string& account_id, const std::string& region,
                       std::set<std::string>* out);

// Every Scan page of the table, with `table_client` bound to the table's account and region.
Status ScanExceptionsTable(aws::Client& table_client, const ExceptionsTable& table,
                           const CollectContext& ctx, std::vector<nlohmann::json>* pages);

// Scans the table (every page) and keeps the exceptions of ctx.target's instances.
Status ReadExceptionsTable(aws::Client& table_client, const ExceptionsTable& table,
                           const CollectContext& ctx, std::set<std::string>* out);

}  // namespace awsgov::inspector
