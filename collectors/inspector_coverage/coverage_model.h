// The facts the `inspector_coverage` collector joins for one account and region: EC2's
// instances, Inspector's coverage entries and the exceptions.
// Thread-safety: value types.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "collectors/inspector_coverage/finding_counts.h"
#include "exporter/inventory/ec2_instances.h"

namespace awsgov::inspector {

// From the EC2 instance inventory shared with other collectors (exporter/inventory).
using Ec2Instance = inventory::Ec2Instance;

// One ListCoverage entry of an EC2 instance.
struct CoverageEntry {
  std::string status_code;  // ACTIVE or INACTIVE
  std::string reason;       // SUCCESSFUL, EC2_INSTANCE_STOPPED, UNMANAGED_EC2_INSTANCE, ...
  std::string scan_type;    // PACKAGE, NETWORK
};

using CoverageByInstance = std::map<std::string, CoverageEntry>;  // by instance id

struct CoverageFacts {
  std::vector<Ec2Instance> instances;  // not terminated
  CoverageByInstance coverage;
  std::set<std::string> table_exceptions;  // instance ids the exceptions table excepts here
  // BatchGetAccountStatus's EC2 status (ENABLED, DISABLED, ...); nullopt when not asked.
  std::optional<std::string> ec2_scanning_status;
  // ListFindingAggregations' counts; nullopt when not asked (include_finding_counts: false).
  std::optional<FindingCounts> finding_counts;
};

}  // namespace awsgov::inspector
