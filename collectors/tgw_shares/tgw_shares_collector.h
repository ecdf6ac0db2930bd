// The `tgw_shares` collector: for each transit gateway a hub account owns in a region, the
// principals of the RAM shares holding it and whether each has attached, the attachments by
// owner, type and state, and the differences from an expected inventory (replaces
// monitortgwresourceshares; see docs/migration.md). Read-only: it never re-associates.
// Thread-safety: TgwSharesCollector holds only immutable options; Collect() is safe to call
// concurrently for distinct targets.
#pragma once

#include "collectors/tgw_shares/tgw_options.h"
#include "exporter/core/collector.h"

namespace awsgov::tgw {

class TgwSharesCollector final : public Collector {
 public:
  explicit TgwSharesCollector(TgwOptions options) : options_(std::move(options)) {}

  TargetScope scope() const override { return TargetScope::kAccountRegion; }
  // Targets of accounts that are not hubs report nothing. A hub target reports its own region's
  // gateways; the target in the inventory's region also reports inventory gateways found in none
  // of the hub's regions. Any AWS error fails the whole target, so a partial answer never
  // replaces a complete one.
  Status Collect(const CollectContext& ctx, Result* out) override;

 private:
  const TgwOptions options_;
};

}  // namespace awsgov::tgw

namespace awsgov {
CollectorInfo TgwSharesCollectorInfo();
}  // namespace awsgov
