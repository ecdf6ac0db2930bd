#include "collectors/ipam/resource_cidrs.h"

#include <pugixml.hpp>
#include <set>
#include <string>

#include "collectors/ipam/ec2_params.h"
#include "collectors/ipam/ipam_metrics.h"
#include "collectors/ipam/xml_fields.h"
#include "exporter/core/log.h"

namespace awsgov::ipam {
namespace {

std::string OrDefault(std::string value, const std::string& fallback) {
  return value.empty() ? fallback : value;
}

// The VPC a resource CIDR belongs to, "" for resources outside VPCs (EIPs, pools).
std::string VpcOf(const pugi::xml_node& item, const std::string& resource_type) {
  if (resource_type == "vpc") return Text(item, "resourceId");
  return Text(item, "vpcId");
}

}  // namespace

Status CollectResourceCidrs(aws::Client& client, const IpamOptions& options,
                            const std::vector<IpamScope>& scopes, const CollectContext& ctx,
                            Result* out) {
  int without_usage = 0;
  // The same label set twice would be a duplicate series; IPAM should never repeat an item, but
  // a page boundary that shifts while paging could.
  std::set<std::vector<std::string>> seen;
  for (const IpamScope& scope : scopes) {
    for (const std::string& resource_type : options.resource_types) {
      if (ctx.Cancelled()) return Cancelled("ipam: cancelled during GetIpamResourceCidrs");
      const aws::QueryParams params = {
          {"IpamScopeId", scope.id}, {"ResourceType", resource_type}, {"MaxResults", kMaxResults}};
      Status status = aws::QueryAllPages(
          client, "ec2", "GetIpamResourceCidrs", params, [&](const pugi::xml_node& page) {
            ForEachItem(page, "ipamResourceCidrSet", [&](const pugi::xml_node& item) {
              const std::string type = OrDefault(Text(item, "resourceType"), resource_type);
              const std::string vpc_id = VpcOf(item, type);
              if (!vpc_id.empty() && !options.VpcIdSelected(vpc_id)) return;
              const std::optional<double> usage = Number(item, "ipUsage");
              if (!usage) {
                ++without_usage;
                return;
              }
              std::vector<std::string> labels = {
                  OrDefault(Text(item, "resourceOwnerId"), ctx.target.account_id),
                  OrDefault(Text(item, "resourceRegion"), ctx.target.region),
                  OrDefault(Text(item, "ipamScopeId"), scope.id),
                  type,
                  Text(item, "resourceId"),
                  Text(item, "resourceCidr"),
                  Text(item, "managementState")};
              if (!seen.insert(labels).second) return;
              out->Add(kResourceCidrUsageRatio, std::move(labels), *usage);
            });
            return Status::Ok();
          });
      if (!status.ok()) {
        return status.WithContext("ec2 GetIpamResourceCidrs scope " + scope.id + " type " +
                                  resource_type);
      }
    }
  }
  if (without_usage > 0) {
    log::Debug("ipam: skipped resource CIDRs without IpUsage",
               {{"account_id", ctx.target.account_id},
                {"region", ctx.target.region},
                {"count", std::to_string(without_usage)}});
  }
  return Status::Ok();
}

}  // namespace awsgov::ipam
