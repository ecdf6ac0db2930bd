// One DescribeInstances listing per account and region and cycle, shared by every collector that
// looks at EC2 instances (inspector_coverage, ami_references).
//
// Each of those collectors used to list the instances of its target itself: two identical
// listings (the same state filter, the same pages) of every account x region per cycle, about
// 10 % of all the calls of a cycle over 1,000 accounts (bench/notes.md). The inventory lists
// once, with the union of what they need (exporter/inventory/ec2_instances.h), and each collector
// reads its fields from the shared list.
// For a listing to be shared, the collectors' runs of one account x region must coincide: the
// scheduler gives all targets of one account x region the same first-run offset
// (exporter/scheduler/schedule_table.h), so with equal intervals they run together and the
// second one finds the list fresh or waits for the listing in progress (SharedFetches).
// Staleness: each caller passes its own max_age, capped at half its target's interval, so no
// collector ever sees a list older than its own interval allows.
// Errors: a failed listing fails every target that waited for it (each reports it in its own
// context) and is not cached; the next run lists again.
// One instance per configuration generation (exporter/app/generation.h): a reload, which may
// change endpoints or roles, starts with an empty inventory.
// Thread-safety: thread-safe.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "exporter/core/clock.h"
#include "exporter/core/collector.h"
#include "exporter/core/shared_fetch.h"
#include "exporter/core/status.h"
#include "exporter/inventory/ec2_instances.h"

namespace awsgov::inventory {

class InstanceInventory {
 public:
  // `clock`: null for the system clock (tests pass a fake one).
  explicit InstanceInventory(const Clock* clock = nullptr) : listings_(clock) {}

  // The instances of ctx.target's account and region, listed at most `max_age` ago (through
  // ctx.aws, in the target's account).
  Status Instances(const CollectContext& ctx, Clock::duration max_age,
                   std::shared_ptr<const InstanceList>* out);

  // DescribeInstances listings made so far (failed ones included), for tests.
  int listings() const { return listings_.fetches(); }
  // Callers waiting for the listing of an account and region in progress, for tests.
  int waiting(const std::string& account_id, const std::string& region) const {
    return listings_.waiting({account_id, region});
  }

 private:
  SharedFetches<std::pair<std::string, std::string>, InstanceList> listings_;
};

// What a collector calls: the shared inventory of ctx.instances (always set by the exporter),
// with `max_age` capped at half the target's interval (CollectContext::SharedDataMaxAge), else a
// listing of its own for this call (a context built by hand: tools, tests, benchmarks).
Status InstancesFor(const CollectContext& ctx, Clock::duration max_age,
                    std::shared_ptr<const InstanceList>* out);

}  // namespace awsgov::inventory
