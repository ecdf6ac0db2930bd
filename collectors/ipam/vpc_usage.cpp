#include "collectors/ipam/vpc_usage.h"

#include <cmath>
#include <map>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "collectors/ipam/cidr.h"
#include "collectors/ipam/ec2_params.h"
#include "collectors/ipam/ipam_metrics.h"
#include "collectors/ipam/xml_fields.h"
#include "exporter/core/log.h"

namespace awsgov::ipam {
namespace {

struct CidrBlock {
  std::string text;  // as AWS returned it, for the label
  Cidr cidr;
};

struct Vpc {
  std::string id;
  std::vector<CidrBlock> blocks;  // associated blocks only, IPv4 and IPv6
  std::vector<Cidr> subnet_cidrs;
};

// "associated" is the only state in which a block belongs to the VPC: one being disassociated
// or that failed has no address space to report on.
bool Associated(const pugi::xml_node& association, const char* state_element) {
  return Text(association.child(state_element), "state") == "associated";
}

void AddBlock(const std::string& text, const std::string& vpc_id, std::vector<CidrBlock>* out) {
  if (auto cidr = ParseCidr(text)) {
    out->push_back({text, *cidr});
  } else {
    log::Warn("ipam: ignoring malformed VPC CIDR", {{"vpc_id", vpc_id}, {"cidr", text}});
  }
}

bool OwnedByOther(const pugi::xml_node& item, const std::string& account_id) {
  const std::string owner = Text(item, "ownerId");
  return !owner.empty() && owner != account_id;
}

Status ListVpcs(aws::Client& client, const IpamOptions& options, const std::string& account_id,
                std::map<std::string, Vpc>* vpcs) {
  QueryFilters filters;
  filters.Add("vpc-id", options.include_vpc_ids);
  for (const auto& [key, value] : options.include_vpc_tags) filters.Add("tag:" + key, {value});
  return aws::QueryAllPages(
      client, "ec2", "DescribeVpcs", filters.With({{"MaxResults", kMaxResults}}),
      [&](const pugi::xml_node& page) {
        ForEachItem(page, "vpcSet", [&](const pugi::xml_node& item) {
          Vpc vpc{Text(item, "vpcId"), {}, {}};
          if (OwnedByOther(item, account_id) || !options.VpcIdSelected(vpc.id) ||
              !options.VpcTagsSelected(Tags(item))) {
            return;
          }
          ForEachItem(item, "cidrBlockAssociationSet", [&](const pugi::xml_node& a) {
            if (Associated(a, "cidrBlockState"))
              AddBlock(Text(a, "cidrBlock"), vpc.id, &vpc.blocks);
          });
          ForEachItem(item, "ipv6CidrBlockAssociationSet", [&](const pugi::xml_node& a) {
            if (Associated(a, "ipv6CidrBlockState")) {
              AddBlock(Text(a, "ipv6CidrBlock"), vpc.id, &vpc.blocks);
            }
          });
          (*vpcs)[vpc.id] = std::move(vpc);
        });
        return Status::Ok();
      });
}

void AddSubnetSamples(const pugi::xml_node& subnet, const std::string& vpc_id,
                      const CollectContext& ctx, const Cidr& cidr, const std::string& cidr_text,
                      Result* out) {
  const std::optional<double> available = Number(subnet, "availableIpAddressCount");
  if (!available) {
    log::Debug("ipam: subnet without availableIpAddressCount",
               {{"subnet_id", Text(subnet, "subnetId")}});
    return;
  }
  const double size = std::ldexp(1.0, 32 - cidr.prefix);
  std::vector<std::string> labels = {
      ctx.target.account_id,    ctx.target.region, vpc_id,
      Text(subnet, "subnetId"), cidr_text,         Text(subnet, "availabilityZone")};
  out->Add(kSubnetIpUsageRatio, labels, (size - *available) / size);
  out->Add(kSubnetAvailableIps, std::move(labels), *available);
}

Status ReadSubnets(aws::Client& client, const IpamOptions& options, const CollectContext& ctx,
                   std::map<std::string, Vpc>* vpcs, Result* out) {
  QueryFilters filters;
  filters.Add("vpc-id", options.include_vpc_ids);
  return aws::QueryAllPages(
      client, "ec2", "DescribeSubnets", filters.With({{"MaxResults", kMaxResults}}),
      [&](const pugi::xml_node& page) {
        ForEachItem(page, "subnetSet", [&](const pugi::xml_node& subnet) {
          auto vpc = vpcs->find(Text(subnet, "vpcId"));
          if (vpc == vpcs->end()) return;  // not selected, or another account's VPC
          const std::string cidr_text = Text(subnet, "cidrBlock");
          if (!cidr_text.empty()) {  // IPv6-only subnets have none
            if (auto cidr = ParseCidr(cidr_text); cidr && cidr->family == AddressFamily::kIpv4) {
              vpc->second.subnet_cidrs.push_back(*cidr);
              AddSubnetSamples(subnet, vpc->first, ctx, *cidr, cidr_text, out);
            }
          }
          ForEachItem(subnet, "ipv6CidrBlockAssociationSet", [&](const pugi::xml_node& a) {
            if (!Associated(a, "ipv6CidrBlockState")) return;
            if (auto cidr = ParseCidr(Text(a, "ipv6CidrBlock"))) {
              vpc->second.subnet_cidrs.push_back(*cidr);
            }
          });
        });
        return Status::Ok();
      });
}

}  // namespace

Status CollectVpcUsage(aws::Client& client, const IpamOptions& options, const CollectContext& ctx,
                       Result* out) {
  std::map<std::string, Vpc> vpcs;
  Status status = ListVpcs(client, options, ctx.target.account_id, &vpcs);
  if (!status.ok()) return status.WithContext("ec2 DescribeVpcs");
  if (vpcs.empty()) return Status::Ok();  // no subnets to look at either
  if (ctx.Cancelled()) return Cancelled("ipam: cancelled before DescribeSubnets");

  status = ReadSubnets(client, options, ctx, &vpcs, out);
  if (!status.ok()) return status.WithContext("ec2 DescribeSubnets");

  for (const auto& [vpc_id, vpc] : vpcs) {
    for (const CidrBlock& block : vpc.blocks) {
      out->Add(kVpcCidrUsageRatio, {ctx.target.account_id, ctx.target.region, vpc_id, block.text},
               CoveredUnits(block.cidr, vpc.subnet_cidrs) / block.cidr.UnitCount());
    }
  }
  return Status::Ok();
}

}  // namespace awsgov::ipam
