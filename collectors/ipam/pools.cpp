#include "collectors/ipam/pools.h"

#include <algorithm>
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

struct Pool {
  std::string id;
  std::string owner;
  std::string locale;
  std::string address_family;
};

// Sums AddressCount over the CIDRs of one list of a pool; `keep` selects the items that count.
Status SumPoolCidrs(aws::Client& client, const char* operation, const char* set_name,
                    const std::string& pool_id, bool (*keep)(const pugi::xml_node&),
                    double* total) {
  return aws::QueryAllPages(client, "ec2", operation,
                            {{"IpamPoolId", pool_id}, {"MaxResults", kMaxResults}},
                            [&](const pugi::xml_node& page) {
                              ForEachItem(page, set_name, [&](const pugi::xml_node& item) {
                                if (!keep(item)) return;
                                const std::string text = Text(item, "cidr");
                                if (auto cidr = ParseCidr(text)) {
                                  *total += AddressCount(*cidr);
                                } else {
                                  log::Warn("ipam: ignoring malformed pool CIDR",
                                            {{"ipam_pool_id", pool_id}, {"cidr", text}});
                                }
                              });
                              return Status::Ok();
                            });
}

// Space being provisioned or deprovisioned is not (or no longer) the pool's to allocate from.
bool Provisioned(const pugi::xml_node& item) { return Text(item, "state") == "provisioned"; }
bool Any(const pugi::xml_node&) { return true; }

Status ListPools(aws::Client& client, const IpamOptions& options, const IpamInventory& inventory,
                 std::vector<Pool>* pools) {
  return aws::QueryAllPages(
      client, "ec2", "DescribeIpamPools", {{"MaxResults", kMaxResults}},
      [&](const pugi::xml_node& page) {
        ForEachItem(page, "ipamPoolSet", [&](const pugi::xml_node& item) {
          const std::string scope_type = Text(item, "ipamScopeType");
          if (!inventory.ipam_arns.contains(Text(item, "ipamArn")) ||
              std::find(options.scope_types.begin(), options.scope_types.end(), scope_type) ==
                  options.scope_types.end()) {
            return;
          }
          pools->push_back(Pool{Text(item, "ipamPoolId"), Text(item, "ownerId"),
                                Text(item, "locale"), Text(item, "addressFamily")});
        });
        return Status::Ok();
      });
}

}  // namespace

Status CollectPools(aws::Client& client, const IpamOptions& options, const IpamInventory& inventory,
                    const CollectContext& ctx, Result* out) {
  std::vector<Pool> pools;
  Status status = ListPools(client, options, inventory, &pools);
  if (!status.ok()) return status.WithContext("ec2 DescribeIpamPools");

  for (const Pool& pool : pools) {
    if (ctx.Cancelled()) return Cancelled("ipam: cancelled while reading pools");
    double provisioned = 0;
    status = SumPoolCidrs(client, "GetIpamPoolCidrs", "ipamPoolCidrSet", pool.id, Provisioned,
                          &provisioned);
    if (!status.ok()) return status.WithContext("ec2 GetIpamPoolCidrs pool " + pool.id);
    if (provisioned == 0) continue;
    double allocated = 0;
    status = SumPoolCidrs(client, "GetIpamPoolAllocations", "ipamPoolAllocationSet", pool.id, Any,
                          &allocated);
    if (!status.ok()) return status.WithContext("ec2 GetIpamPoolAllocations pool " + pool.id);

    const bool has_locale = !pool.locale.empty() && pool.locale != "None";
    out->Add(kPoolAllocatedRatio,
             {pool.owner.empty() ? ctx.target.account_id : pool.owner,
              has_locale ? pool.locale : ctx.target.region, pool.id, pool.address_family},
             allocated / provisioned);
  }
  return Status::Ok();
}

}  // namespace awsgov::ipam
