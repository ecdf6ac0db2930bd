// The `inspector_coverage` collector's options (collectors.inspector_coverage.options in the
// config file), parsed strictly.
// Thread-safety: InspectorOptions is an immutable value once parsed.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace awsgov::config {
struct CollectorConfig;
class ErrorList;
}  // namespace awsgov::config

namespace awsgov::inspector {

// The old InspectorEC2Controls' `Inspector-Exceptions` DynamoDB table, read as it is: hash key
// InstanceId, attributes AccountId, InstanceRegion and ExceptionType.
struct ExceptionsTable {
  std::string name;  // "" = no table
  // Where the table lives; both required with a name (the old Lambda's account and region).
  std::string account_id;
  std::string region;
  // ExceptionType values that except an instance from coverage. DoNotStart (the old script left
  // such a stopped instance unscanned) by default; DoNotStop instances were still scanned.
  // An item without ExceptionType is an exception whatever this says.
  std::vector<std::string> exception_types = {"DoNotStart"};
};

struct InspectorOptions {
  // The Inspector delegated administrator: ListCoverage and BatchGetAccountStatus are asked
  // there (filtered by the target's account) since it sees the whole organisation. Empty: each
  // target account asks Inspector about itself.
  std::string delegated_admin_account_id;
  // BatchGetAccountStatus for awsgov_inspector_ec2_scanning_enabled; when EC2 scanning is
  // DISABLED or SUSPENDED, ListCoverage is not asked and every instance is not_covered.
  bool check_account_status = true;
  // ListFindingAggregations (ACCOUNT) for awsgov_inspector_findings: one more call per target.
  bool include_finding_counts = false;
  ExceptionsTable exceptions_table;
  std::vector<std::string> excepted_instance_ids;
  // An instance with this tag is excepted; with exception_tag_value only when the value matches.
  std::string exception_tag_key;
  std::string exception_tag_value;

  // The account whose credentials ask Inspector about `target_account_id`.
  const std::string& InspectorAccountFor(const std::string& target_account_id) const {
    return delegated_admin_account_id.empty() ? target_account_id : delegated_admin_account_id;
  }
};

// Reads `collector.options`; problems go to `errors` (with file, line, column and key path) and
// then nullopt is returned.
std::optional<InspectorOptions> ParseInspectorOptions(const config::CollectorConfig& collector,
                                                      config::ErrorList* errors);

}  // namespace awsgov::inspector
