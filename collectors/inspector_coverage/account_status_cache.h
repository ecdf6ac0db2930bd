// Inspector's EC2 scanning status of every target account, asked in batches from the delegated
// administrator: one BatchGetAccountStatus per 100 accounts and region per cycle, instead of one
// per target.
//
// With `delegated_admin_account_id` set, every target of a region asks the same administrator
// about its own account. BatchGetAccountStatus takes up to 100 accountIds (botocore's inspector2
// model, AccountIdSet max 100), so the region's target accounts (from the configuration,
// discovered ones included, sorted) are split into batches of 100 and each batch is asked once
// per max_age (half the collector's interval, at most half the target's) for all its targets:
// 250 accounts cost 3 calls per region and cycle instead of 250. A batch is asked by the first of
// its targets to need it; the others take the answer from the cache, or wait for the call in
// progress (SharedFetches). A failed call fails the targets of that batch that shared it, never
// those of other batches, and is not cached: the batch's next target asks again. Without a
// delegated administrator each account can only ask about itself: that path (one call per target,
// GetEc2ScanningStatus) does not use this cache. The batches are worked out once per region from
// the first configuration seen: a collector belongs to one configuration generation. An account
// missing from them (not a target of the configuration), or a context without a configuration, is
// asked about alone. Thread-safety: thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "exporter/aws/client.h"
#include "exporter/core/clock.h"
#include "exporter/core/collector.h"
#include "exporter/core/shared_fetch.h"
#include "exporter/core/status.h"

namespace awsgov::inspector {

// BatchGetAccountStatus' largest request (AccountIdSet, max 100).
inline constexpr std::size_t kMaxAccountsPerStatusCall = 100;

// The accounts that have targets in `region` (their own regions, else the top-level ones), sorted
// and split into batches of at most `batch_size`.
std::vector<std::vector<std::string>> AccountBatches(const config::Config& config,
                                                     const std::string& region,
                                                     std::size_t batch_size);

class AccountStatusCache {
 public:
  // `clock`: null for the system clock (tests pass a fake one).
  explicit AccountStatusCache(Clock::duration max_age, const Clock* clock = nullptr)
      : max_age_(max_age), statuses_(clock) {}

  // The EC2 scanning status (ENABLED, DISABLED, ...; UNKNOWN when Inspector does not say) of
  // ctx.target's account in its region, asked through `admin` (a client of the administrator
  // in that region) with the rest of its batch (of ctx.config's accounts).
  Status Ec2Status(const CollectContext& ctx, aws::Client& admin, std::string* out);

  // BatchGetAccountStatus calls made so far (failed ones included), for tests.
  int calls() const { return statuses_.fetches(); }

 private:
  struct RegionBatches {
    std::vector<std::vector<std::string>> batches;
    std::map<std::string, std::size_t> batch_of;  // account id -> index in batches
  };
  using StatusByAccount = std::map<std::string, std::string>;

  std::shared_ptr<const RegionBatches> BatchesFor(const config::Config& config,
                                                  const std::string& region);

  const Clock::duration max_age_;
  SharedFetches<std::pair<std::string, std::size_t>, StatusByAccount> statuses_;  // (region, batch)
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const RegionBatches>>
      batches_;  // by region; guarded by mu_
};

}  // namespace awsgov::inspector
