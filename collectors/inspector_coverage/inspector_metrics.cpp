#include "collectors/inspector_coverage/inspector_metrics.h"

namespace awsgov::inspector {

// HELP texts say how old a value can be: collectors run on an interval and /metrics serves the
// last result; Inspector itself updates coverage within minutes of a change.
const MetricDesc kEc2Instances{
    "awsgov_inspector_ec2_instances",
    "EC2 instances that are not terminated, by instance state and Inspector scan status "
    "(ListCoverage statusCode ACTIVE/INACTIVE, or not_covered when Inspector does not list the "
    "instance). As of the last inspector_coverage collection (default every 5m).",
    MetricType::kGauge,
    {"account_id", "region", "instance_state", "scan_status"}};

const MetricDesc kEc2UncoveredInstanceInfo{
    "awsgov_inspector_ec2_uncovered_instance_info",
    "1 per EC2 instance that Inspector does not actively scan; reason is Inspector's scan status "
    "reason, NOT_LISTED, or EC2_SCANNING_<status> when EC2 scanning is off in the account; "
    "excepted=\"true\" when an exception (table, config or tag) covers it. As of the last "
    "inspector_coverage collection (default every 5m).",
    MetricType::kGauge,
    {"account_id", "region", "instance_id", "instance_state", "reason", "excepted"}};

const MetricDesc kEc2ScanningEnabled{
    "awsgov_inspector_ec2_scanning_enabled",
    "1 when Inspector's EC2 scanning is ENABLED in the account and region, else 0; status is "
    "BatchGetAccountStatus's EC2 resource status (UNKNOWN when Inspector does not report the "
    "account). As of the last inspector_coverage collection (default every 5m).",
    MetricType::kGauge,
    {"account_id", "region", "status"}};

const MetricDesc kFindings{
    "awsgov_inspector_findings",
    "Active Inspector findings of the account (every resource type) by severity: critical, high, "
    "medium, and other (low, informational, untriaged), from ListFindingAggregations. Only with "
    "include_finding_counts. As of the last inspector_coverage collection (default every 5m).",
    MetricType::kGauge,
    {"account_id", "region", "severity"}};

std::vector<const MetricDesc*> AllInspectorMetrics() {
  return {&kEc2Instances, &kEc2UncoveredInstanceInfo, &kEc2ScanningEnabled, &kFindings};
}

}  // namespace awsgov::inspector
