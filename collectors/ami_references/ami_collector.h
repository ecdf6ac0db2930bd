// The `ami_references` collector: for each consumer account and region, the instances, launch
// template versions and launch configurations that reference images of the monitored owner
// accounts, and whether each image is still available to that consumer (replaces the
// cross-account AMI monitoring; see docs/migration.md).
// Each target (account x region) reports the references of its own account, and, when the
// account is an owner, awsgov_ami_images for it: no series is reported by two targets.
// Thread-safety: Collect() is safe to call concurrently for distinct targets; the owner side is
// shared through the thread-safe OwnerCache.
#pragma once

#include <memory>

#include "collectors/ami_references/ami_options.h"
#include "collectors/ami_references/owner_cache.h"
#include "exporter/core/collector.h"

namespace awsgov::ami {

class AmiReferencesCollector final : public Collector {
 public:
  // cache_options.max_age also bounds the age of the EC2 instance list shared with other
  // collectors (exporter/inventory).
  AmiReferencesCollector(AmiOptions options, OwnerCacheOptions cache_options)
      : options_(std::move(options)),
        instances_max_age_(cache_options.max_age),
        cache_(std::move(cache_options)) {}

  TargetScope scope() const override { return TargetScope::kAccountRegion; }
  // Any AWS error fails the whole target: a partial owner view would turn available images
  // into false "deregistered" alarms.
  Status Collect(const CollectContext& ctx, Result* out) override;

  const OwnerCache& cache() const { return cache_; }

 private:
  const AmiOptions options_;
  const Clock::duration instances_max_age_;
  OwnerCache cache_;
};

}  // namespace awsgov::ami

namespace awsgov {
CollectorInfo AmiReferencesCollectorInfo();
}  // namespace awsgov
