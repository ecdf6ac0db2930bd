// The `sg_changes` collector: security-group rule changes from CloudTrail waiting for review,
// and the review state (replaces the security-group revert ChatOps; see docs/migration.md).
// With LookupEvents (default), per target (account, region): read the window since the last run
// (with overlap), store new changes as pending, carry out requested reverts, forget old
// decisions, and expose the pending changes and counts of this account and region only.
// With CloudTrail Lake, one target: one query over the organisation's store per run, reverts in
// every account through its role, and series for every account and region in the store.
// Thread-safety: Collect() is safe concurrently for distinct targets; the store is shared by all
// targets and the review API and is thread-safe.
#pragma once

#include <functional>
#include <memory>

#include "collectors/sg_changes/change_store.h"
#include "collectors/sg_changes/lookup_events.h"
#include "collectors/sg_changes/request_pacer.h"
#include "collectors/sg_changes/review.h"
#include "collectors/sg_changes/sg_options.h"
#include "exporter/core/clock.h"
#include "exporter/core/collector.h"

namespace awsgov::sg {

class SgChangesCollector final : public Collector {
 public:
  // `clock` must outlive the collector (default SystemClock); `sleep` (default real) paces
  // LookupEvents and spaces Lake status polls.
  SgChangesCollector(SgOptions options, std::shared_ptr<ChangeStore> store,
                     const Clock* clock = nullptr, RequestPacer::Sleep sleep = {});

  TargetScope scope() const override {
    return options_.uses_lake() ? TargetScope::kOnce : TargetScope::kAccountRegion;
  }
  Status Collect(const CollectContext& ctx, Result* out) override;
  // The review page and API (and Slack's endpoint) once EnableReview was called, else none.
  std::vector<HttpRoute> Routes() const override;
  // Serves the review endpoints: `token` is the review token file's content (nullopt: only the
  // web config's users), `slack` enables Slack's endpoint. Call before sharing the collector.
  void EnableReview(std::optional<std::string> token, std::optional<SlackSettings> slack);
  // Hands the factory to a DynamoDB store (its table is reached outside collections too).
  void AttachAws(std::shared_ptr<aws::ClientFactory> factory) override;

  const SgOptions& options() const { return options_; }
  const std::shared_ptr<ChangeStore>& store() const { return store_; }
  const Clock& clock() const { return *clock_; }

 private:
  Status CollectLookupEvents(const CollectContext& ctx, Result* out);
  Status CollectLake(const CollectContext& ctx, Result* out);
  // Reads [cursor − overlap (or now − initial_lookback), now] with `read`, then moves the cursor.
  Status ReadWindow(const std::string& cursor_key, std::int64_t now,
                    const std::function<Status(const LookupWindow&)>& read);
  Status RevertEveryAccount(const CollectContext& ctx, std::int64_t now);

  const SgOptions options_;
  const std::shared_ptr<ChangeStore> store_;
  const Clock* const clock_;
  RequestPacer pacer_;
  const RequestPacer::Sleep lake_sleep_;
  std::unique_ptr<const ReviewService> review_;  // set before the collector is shared
};

}  // namespace awsgov::sg

namespace awsgov {
CollectorInfo SgChangesCollectorInfo();
}  // namespace awsgov
