#include <chrono>
#include <memory>

#include "collectors/inspector_coverage/inspector_collector.h"
#include "collectors/inspector_coverage/inspector_metrics.h"
#include "collectors/inspector_coverage/inspector_options.h"
#include "exporter/config/config.h"

namespace awsgov {

CollectorInfo InspectorCoverageCollectorInfo() {
  CollectorInfo info;
  info.name = "inspector_coverage";
  info.description =
      "EC2 instances that Amazon Inspector does not actively scan (ListCoverage against "
      "DescribeInstances), with exceptions from a DynamoDB table, the config or a tag";
  info.enabled_by_default = true;
  info.default_interval = std::chrono::minutes(5);
  info.metrics = inspector::AllInspectorMetrics();
  info.aws_actions = {
      {.action = "ec2:DescribeInstances"},
      // In the Inspector delegated administrator account (or the target itself).
      {.action = "inspector2:ListCoverage", .named_accounts = true},
      {.action = "inspector2:BatchGetAccountStatus", .named_accounts = true},
      {.action = "dynamodb:Scan",
       .option = "exceptions_table",
       .value = "*",
       .named_accounts = true},
      // Where ListCoverage is called, only when finding counts are asked for.
      {.action = "inspector2:ListFindingAggregations",
       .option = "include_finding_counts",
       .value = "true",
       .named_accounts = true},
  };
  info.create = [interval = info.default_interval](
                    const config::CollectorConfig& collector,
                    config::ErrorList* errors) -> std::unique_ptr<Collector> {
    std::optional<inspector::InspectorOptions> options =
        inspector::ParseInspectorOptions(collector, errors);
    if (!options) return nullptr;
    // Half an interval: every cycle scans the exceptions table and asks each batch of account
    // statuses about once for all targets, and shares one instance listing per account and
    // region with ami_references, never older than half an interval.
    return std::make_unique<inspector::InspectorCollector>(
        std::move(*options), collector.interval.value_or(interval) / 2);
  };
  return info;
}

}  // namespace awsgov
