// The metrics of the `ipam` collector, as DESIGN.md ("IP usage") defines them.
// Thread-safety: immutable statics.
#pragma once

#include <vector>

#include "exporter/core/metric.h"

namespace awsgov::ipam {

extern const MetricDesc kResourceCidrUsageRatio;  // awsgov_ipam_resource_cidr_usage_ratio
extern const MetricDesc kPoolAllocatedRatio;      // awsgov_ipam_pool_allocated_ratio
extern const MetricDesc kVpcCidrUsageRatio;       // awsgov_vpc_cidr_usage_ratio
extern const MetricDesc kSubnetIpUsageRatio;      // awsgov_subnet_ip_usage_ratio
extern const MetricDesc kSubnetAvailableIps;      // awsgov_subnet_available_ips

std::vector<const MetricDesc*> AllIpamMetrics();

}  // namespace awsgov::ipam
