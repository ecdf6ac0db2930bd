#include <chrono>
#include <memory>

#include "collectors/ipam/ipam_collector.h"
#include "collectors/ipam/ipam_metrics.h"
#include "collectors/ipam/ipam_options.h"
#include "exporter/config/config.h"

namespace awsgov {

CollectorInfo IpamCollectorInfo() {
  CollectorInfo info;
  info.name = "ipam";
  info.description =
      "IP address usage of VPC CIDRs and subnets (DescribeVpcs/DescribeSubnets) and of IPAM "
      "resource CIDRs and pools";
  info.enabled_by_default = true;
  info.default_interval = std::chrono::minutes(5);
  info.metrics = ipam::AllIpamMetrics();
  info.aws_actions = {
      {.action = "ec2:DescribeVpcs"},           {.action = "ec2:DescribeSubnets"},
      {.action = "ec2:DescribeIpams"},          {.action = "ec2:DescribeIpamScopes"},
      {.action = "ec2:DescribeIpamPools"},      {.action = "ec2:GetIpamPoolCidrs"},
      {.action = "ec2:GetIpamPoolAllocations"}, {.action = "ec2:GetIpamResourceCidrs"},
  };
  info.create = [](const config::CollectorConfig& collector,
                   config::ErrorList* errors) -> std::unique_ptr<Collector> {
    std::optional<ipam::IpamOptions> options = ipam::ParseIpamOptions(collector, errors);
    if (!options) return nullptr;
    return std::make_unique<ipam::IpamCollector>(std::move(*options));
  };
  return info;
}

}  // namespace awsgov
