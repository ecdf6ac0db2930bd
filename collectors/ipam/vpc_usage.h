// The part of the `ipam` collector that needs no IPAM: DescribeVpcs + DescribeSubnets in one
// account and region give awsgov_vpc_cidr_usage_ratio (per associated CIDR block, IPv4 and
// IPv6), awsgov_subnet_ip_usage_ratio and awsgov_subnet_available_ips (IPv4 subnets).
// Thread-safety: a pure function of its arguments; safe to call concurrently for distinct
// Results.
#pragma once

#include "collectors/ipam/ipam_options.h"
#include "exporter/aws/client.h"
#include "exporter/core/collector.h"
#include "exporter/core/metric.h"
#include "exporter/core/status.h"

namespace awsgov::ipam {

// VPCs and subnets owned by another account (shared through RAM) are left to their owner's
// target, so that one resource is never exposed twice under two account ids.
Status CollectVpcUsage(aws::Client& client, const IpamOptions& options, const CollectContext& ctx,
                       Result* out);

}  // namespace awsgov::ipam
