// The `inspector_coverage` collector: which EC2 instances of one account and region Amazon
// Inspector (v2) does not actively scan, honouring exceptions (replaces InspectorEC2Controls'
// start-scan-stop routine with a signal; see docs/migration.md).
// Thread-safety: InspectorCollector holds immutable options and a thread-safe cache of the
// exceptions table; Collect() is safe to call concurrently for distinct targets.
#pragma once

#include <chrono>
#include <memory>

#include "collectors/inspector_coverage/account_status_cache.h"
#include "collectors/inspector_coverage/coverage_model.h"
#include "collectors/inspector_coverage/exceptions_cache.h"
#include "collectors/inspector_coverage/inspector_options.h"
#include "exporter/core/collector.h"

namespace awsgov::inspector {

class InspectorCollector final : public Collector {
 public:
  // What is shared between runs is reused while younger than `cache_max_age` (half the
  // collector's interval, so each cycle fetches it about once): the exceptions table's scan (for
  // all targets, exceptions_cache.h) and the EC2 instance list (with other collectors,
  // exporter/inventory). `clock`: null for the system clock.
  explicit InspectorCollector(InspectorOptions options,
                              Clock::duration cache_max_age = std::chrono::seconds(150),
                              const Clock* clock = nullptr)
      : options_(std::move(options)),
        cache_max_age_(cache_max_age),
        exceptions_(std::make_shared<ExceptionsCache>(cache_max_age, clock)),
        account_statuses_(std::make_shared<AccountStatusCache>(cache_max_age, clock)) {}

  const ExceptionsCache& exceptions_cache() const { return *exceptions_; }
  // With a delegated administrator: its BatchGetAccountStatus calls, shared by the targets.
  const AccountStatusCache& account_status_cache() const { return *account_statuses_; }

  // Every series carries the target's account and region, so a delegated administrator that
  // answers for the whole organisation still reports each account once, in its own target.
  TargetScope scope() const override { return TargetScope::kAccountRegion; }
  // BatchGetAccountStatus (with a delegated administrator: in batches shared by the region's
  // targets) and ListCoverage (in the delegated administrator or the account),
  // DescribeInstances in the account, the exceptions table; any error fails the whole target,
  // so a partial answer never replaces a complete one.
  Status Collect(const CollectContext& ctx, Result* out) override;

 private:
  Status CollectInspector(const CollectContext& ctx, CoverageFacts* facts) const;
  Status CollectExceptions(const CollectContext& ctx, CoverageFacts* facts) const;

  const InspectorOptions options_;
  const Clock::duration cache_max_age_;
  const std::shared_ptr<ExceptionsCache> exceptions_;
  const std::shared_ptr<AccountStatusCache> account_statuses_;
};

}  // namespace awsgov::inspector

namespace awsgov {
CollectorInfo InspectorCoverageCollectorInfo();
}  // namespace awsgov
