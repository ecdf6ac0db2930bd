// The `ipam` collector's options (collectors.ipam.options in the config file), parsed strictly.
// Thread-safety: IpamOptions is an immutable value once parsed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace awsgov::config {
struct CollectorConfig;
class ErrorList;
}  // namespace awsgov::config

namespace awsgov::ipam {

struct IpamOptions {
  // IPAM scope types whose resource CIDRs and pools are reported: "private", "public".
  std::vector<std::string> scope_types = {"private"};
  // GetIpamResourceCidrs resource types: vpc, subnet, eip, public-ipv4-pool, ipv6-pool.
  std::vector<std::string> resource_types = {"vpc", "subnet"};
  // The DescribeVpcs/DescribeSubnets part, which works without IPAM.
  bool include_unmanaged_vpcs = true;
  // The IPAM part (resource CIDRs and pools). Off where there is no IPAM API to ask, such as
  // the demo's moto_server.
  bool include_ipam = true;
  // The account that owns the IPAM: the IPAM part runs only in its targets. Empty: every
  // account is asked, and one without an IPAM reports nothing from that part.
  std::string ipam_account_id;
  // VPC selection. Includes: empty means all. Tags: include needs every pair to match,
  // exclude drops a VPC when any pair matches.
  std::vector<std::string> include_vpc_ids;
  std::vector<std::string> exclude_vpc_ids;
  std::map<std::string, std::string> include_vpc_tags;
  std::map<std::string, std::string> exclude_vpc_tags;

  bool IpamPartRunsIn(const std::string& account_id) const {
    return include_ipam && (ipam_account_id.empty() || ipam_account_id == account_id);
  }
  // Whether a VPC passes the id filters (tags are checked where the tags are known).
  bool VpcIdSelected(const std::string& vpc_id) const;
  bool VpcTagsSelected(const std::map<std::string, std::string>& tags) const;
};

// Reads `collector.options`; problems go to `errors` (with file, line, column and key path) and
// then nullopt is returned.
std::optional<IpamOptions> ParseIpamOptions(const config::CollectorConfig& collector,
                                            config::ErrorList* errors);

}  // namespace awsgov::ipam
