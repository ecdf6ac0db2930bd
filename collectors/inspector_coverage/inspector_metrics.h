// The metrics of the `inspector_coverage` collector: the two DESIGN.md defines ("Inspector
// coverage"), awsgov_inspector_ec2_scanning_enabled and the optional awsgov_inspector_findings
// (docs/metrics.md).
// Thread-safety: immutable statics.
#pragma once

#include <vector>

#include "exporter/core/metric.h"

namespace awsgov::inspector {

extern const MetricDesc kEc2Instances;              // awsgov_inspector_ec2_instances
extern const MetricDesc kEc2UncoveredInstanceInfo;  // awsgov_inspector_ec2_uncovered_instance_info
extern const MetricDesc kEc2ScanningEnabled;        // awsgov_inspector_ec2_scanning_enabled
extern const MetricDesc kFindings;                  // awsgov_inspector_findings (optional)

// The scan_status of an instance that Inspector does not list at all.
inline constexpr const char* kNotCovered = "not_covered";

std::vector<const MetricDesc*> AllInspectorMetrics();

}  // namespace awsgov::inspector
