// The `ipam` collector: IP address usage of VPC CIDRs, subnets, IPAM resource CIDRs and IPAM
// pools for one account and region (replaces aws-ipam-monitor-app; see docs/migration.md).
// Thread-safety: IpamCollector holds only immutable options; Collect() is safe to call
// concurrently for distinct targets.
#pragma once

#include "collectors/ipam/ipam_options.h"
#include "exporter/core/collector.h"

namespace awsgov::ipam {

class IpamCollector final : public Collector {
 public:
  explicit IpamCollector(IpamOptions options) : options_(std::move(options)) {}

  TargetScope scope() const override { return TargetScope::kAccountRegion; }
  // The VPC/subnet part (when include_unmanaged_vpcs), then the IPAM part (resource CIDRs and
  // pools) when this account may hold the IPAM. Any AWS error fails the whole target, so a
  // partial answer never replaces a complete one.
  Status Collect(const CollectContext& ctx, Result* out) override;

 private:
  const IpamOptions options_;
};

}  // namespace awsgov::ipam

namespace awsgov {
CollectorInfo IpamCollectorInfo();
}  // namespace awsgov
