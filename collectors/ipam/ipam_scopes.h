// Finding what the IPAM part reports on: the IPAMs homed in the target's region
// (DescribeIpams) and their scopes of the wanted types (DescribeIpamScopes).
// Thread-safety: pure functions of their arguments.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "exporter/aws/client.h"
#include "exporter/core/status.h"

namespace awsgov::ipam {

struct IpamScope {
  std::string id;
  std::string type;  // "private" or "public"
  std::string ipam_arn;
};

struct IpamInventory {
  std::set<std::string> ipam_arns;  // empty: no IPAM here, nothing to report
  std::vector<IpamScope> scopes;    // of the wanted types only
};

// An IPAM is a regional resource: it is reported by the target of its home region only (an
// IPAM whose ipamRegion names another region is left to that region's target).
Status ListIpamInventory(aws::Client& client, const std::vector<std::string>& scope_types,
                         IpamInventory* out);

}  // namespace awsgov::ipam
