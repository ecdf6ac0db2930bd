#include "collectors/ipam/ipam_metrics.h"

namespace awsgov::ipam {

// HELP texts say how old a value can be: collectors run on an interval and /metrics serves the
// last result.
const MetricDesc kResourceCidrUsageRatio{
    "awsgov_ipam_resource_cidr_usage_ratio",
    "IPAM's IpUsage of a resource CIDR (GetIpamResourceCidrs): for a VPC the share of its CIDR "
    "covered by subnets, for a subnet the share of addresses in use. account_id and region are "
    "the resource's. As of the last ipam collection (default every 5m).",
    MetricType::kGauge,
    {"account_id", "region", "ipam_scope_id", "resource_type", "resource_id", "resource_cidr",
     "management_state"}};

const MetricDesc kPoolAllocatedRatio{
    "awsgov_ipam_pool_allocated_ratio",
    "Addresses allocated from an IPAM pool / addresses of its provisioned CIDRs. As of the last "
    "ipam collection (default every 5m).",
    MetricType::kGauge,
    {"account_id", "region", "ipam_pool_id", "address_family"}};

const MetricDesc kVpcCidrUsageRatio{
    "awsgov_vpc_cidr_usage_ratio",
    "Share of an associated VPC CIDR block covered by the VPC's subnets (IPv6: share of the "
    "block's /64s). Works without IPAM. As of the last ipam collection (default every 5m).",
    MetricType::kGauge,
    {"account_id", "region", "vpc_id", "cidr"}};

const MetricDesc kSubnetIpUsageRatio{
    "awsgov_subnet_ip_usage_ratio",
    "IPv4 subnet usage: (2^(32-prefix) - AvailableIpAddressCount) / 2^(32-prefix); the 5 "
    "addresses AWS reserves count as used. As of the last ipam collection (default every 5m).",
    MetricType::kGauge,
    {"account_id", "region", "vpc_id", "subnet_id", "cidr", "availability_zone"}};

const MetricDesc kSubnetAvailableIps{
    "awsgov_subnet_available_ips",
    "AvailableIpAddressCount of an IPv4 subnet. As of the last ipam collection (default every "
    "5m).",
    MetricType::kGauge,
    {"account_id", "region", "vpc_id", "subnet_id", "cidr", "availability_zone"}};

std::vector<const MetricDesc*> AllIpamMetrics() {
  return {&kResourceCidrUsageRatio, &kPoolAllocatedRatio, &kVpcCidrUsageRatio, &kSubnetIpUsageRatio,
          &kSubnetAvailableIps};
}

}  // namespace awsgov::ipam
