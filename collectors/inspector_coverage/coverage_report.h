// The pure part of the `inspector_coverage` collector: from the facts of one account and region
// to its samples. An instance is covered when Inspector lists it with status ACTIVE; instances
// Inspector lists but EC2 no longer has are left out (they are not instances any more).
// Thread-safety: pure functions.
#pragma once

#include "collectors/inspector_coverage/coverage_model.h"
#include "collectors/inspector_coverage/inspector_options.h"
#include "exporter/core/metric.h"
#include "exporter/core/target.h"

namespace awsgov::inspector {

// Excepted by the table (table_exceptions), the config's list or the exception tag.
bool IsExcepted(const InspectorOptions& options, const Ec2Instance& instance,
                const std::set<std::string>& table_exceptions);

// The reason label of an instance Inspector does not list: NOT_LISTED, or
// EC2_SCANNING_<status> when EC2 scanning is known not to be ENABLED.
std::string NotListedReason(const std::optional<std::string>& ec2_scanning_status);

void AddCoverageSamples(const InspectorOptions& options, const Target& target,
                        const CoverageFacts& facts, Result* out);

}  // namespace awsgov::inspector
