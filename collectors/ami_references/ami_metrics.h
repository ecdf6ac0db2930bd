// The metrics of the `ami_references` collector, as DESIGN.md ("AMI references") defines them.
// Thread-safety: immutable statics.
#pragma once

#include <vector>

#include "exporter/core/metric.h"

namespace awsgov::ami {

extern const MetricDesc kAmiReferences;             // awsgov_ami_references
extern const MetricDesc kAmiDanglingReferenceInfo;  // awsgov_ami_dangling_reference_info
extern const MetricDesc kAmiImages;                 // awsgov_ami_images

std::vector<const MetricDesc*> AllAmiMetrics();

}  // namespace awsgov::ami
