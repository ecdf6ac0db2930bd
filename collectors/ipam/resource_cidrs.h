// IPAM-managed usage: GetIpamResourceCidrs for every wanted scope and resource type, every page
// -> awsgov_ipam_resource_cidr_usage_ratio.
// Thread-safety: a pure function of its arguments.
#pragma once

#include <vector>

#include "collectors/ipam/ipam_options.h"
#include "collectors/ipam/ipam_scopes.h"
#include "exporter/aws/client.h"
#include "exporter/core/collector.h"
#include "exporter/core/metric.h"
#include "exporter/core/status.h"

namespace awsgov::ipam {

// account_id and region are the resource's (ResourceOwnerId, ResourceRegion): one IPAM reports
// on every account and region it monitors, and an alert must name where the resource is.
// A resource CIDR without IpUsage (IPAM has not measured it yet) is skipped, not exposed as 0.
Status CollectResourceCidrs(aws::Client& client, const IpamOptions& options,
                            const std::vector<IpamScope>& scopes, const CollectContext& ctx,
                            Result* out);

}  // namespace awsgov::ipam
