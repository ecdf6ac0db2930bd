// IPAM pools: DescribeIpamPools, then per pool GetIpamPoolCidrs and GetIpamPoolAllocations
// -> awsgov_ipam_pool_allocated_ratio = allocated addresses / provisioned addresses.
// Thread-safety: a pure function of its arguments.
#pragma once

#include "collectors/ipam/ipam_options.h"
#include "collectors/ipam/ipam_scopes.h"
#include "exporter/aws/client.h"
#include "exporter/core/collector.h"
#include "exporter/core/metric.h"
#include "exporter/core/status.h"

namespace awsgov::ipam {

// Only pools of the inventory's IPAMs and of the wanted scope types; a pool with nothing
// provisioned has no ratio and is left out. region is the pool's locale when it has one
// (else the IPAM's region), account_id the pool's owner.
Status CollectPools(aws::Client& client, const IpamOptions& options, const IpamInventory& inventory,
                    const CollectContext& ctx, Result* out);

}  // namespace awsgov::ipam
