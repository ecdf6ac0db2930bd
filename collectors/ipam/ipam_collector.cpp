#include "collectors/ipam/ipam_collector.h"

#include "collectors/ipam/ipam_scopes.h"
#include "collectors/ipam/pools.h"
#include "collectors/ipam/resource_cidrs.h"
#include "collectors/ipam/vpc_usage.h"
#include "exporter/aws/client.h"

namespace awsgov::ipam {

Status IpamCollector::Collect(const CollectContext& ctx, Result* out) {
  if (ctx.aws == nullptr) return Internal("ipam: collector needs an AWS client factory");
  std::shared_ptr<aws::Client> client;
  Status status = ctx.aws->Get(ctx.target.account_id, ctx.target.region, &client);
  if (!status.ok()) return status;

  if (options_.include_unmanaged_vpcs) {
    status = CollectVpcUsage(*client, options_, ctx, out);
    if (!status.ok()) return status;
  }
  if (!options_.IpamPartRunsIn(ctx.target.account_id)) return Status::Ok();
  if (ctx.Cancelled()) return Cancelled("ipam: cancelled before the IPAM part");

  IpamInventory inventory;
  status = ListIpamInventory(*client, options_.scope_types, &inventory);
  if (!status.ok() || inventory.ipam_arns.empty()) return status;  // no IPAM: nothing to report
  status = CollectResourceCidrs(*client, options_, inventory.scopes, ctx, out);
  if (!status.ok()) return status;
  return CollectPools(*client, options_, inventory, ctx, out);
}

}  // namespace awsgov::ipam
