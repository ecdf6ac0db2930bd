#include "collectors/sg_changes/sg_collector.h"

#include <algorithm>
#include <map>
#include <set>

#include "collectors/sg_changes/dynamodb_store.h"
#include "collectors/sg_changes/lake_query.h"
#include "collectors/sg_changes/lookup_events.h"
#include "collectors/sg_changes/revert.h"
#include "collectors/sg_changes/sg_metrics.h"
#include "exporter/aws/client.h"
#include "exporter/core/log.h"

namespace awsgov::sg {
namespace {

constexpr std::int64_t kCloudTrailHistory = 90LL * 24 * 3600;  // what LookupEvents keeps

using TargetKey = std::pair<std::string, std::string>;  // account, region

}  // namespace

SgChangesCollector::SgChangesCollector(SgOptions options, std::shared_ptr<ChangeStore> store,
                                       const Clock* clock, RequestPacer::Sleep sleep)
    : options_(std::move(options)),
      store_(std::move(store)),
      clock_(clock != nullptr ? clock : &SystemClock::Instance()),
      pacer_(options_.lookup_requests_per_second, clock_, sleep),
      lake_sleep_(std::move(sleep)) {}

std::vector<HttpRoute> SgChangesCollector::Routes() const {
  return review_ ? review_->Routes() : std::vector<HttpRoute>{};
}

void SgChangesCollector::EnableReview(std::optional<std::string> token,
                                      std::optional<SlackSettings> slack) {
  review_ = std::make_unique<const ReviewService>(
      store_, ReviewAuth(std::move(token), options_.reviewers, ReviewAuth::FormKey()),
      options_.allow_revert, clock_, std::move(slack));
}

void SgChangesCollector::AttachAws(std::shared_ptr<aws::ClientFactory> factory) {
  if (auto* table = dynamic_cast<DynamoDbStore*>(store_.get())) table->Attach(std::move(factory));
}

Status SgChangesCollector::ReadWindow(const std::string& cursor_key, std::int64_t now,
                                      const std::function<Status(const LookupWindow&)>& read) {
  std::optional<std::int64_t> cursor;
  Status status = store_->GetCursor(cursor_key, &cursor);
  if (!status.ok()) return status;
  LookupWindow window;
  window.end = now;
  window.start =
      cursor ? *cursor - options_.overlap.count() : now - options_.initial_lookback.count();
  window.start = std::clamp(window.start, now - kCloudTrailHistory, now);
  status = read(window);
  if (!status.ok()) return status;
  // Only after the window is stored: a failed run reads it again next time.
  return store_->SetCursor(cursor_key, now);
}

Status SgChangesCollector::Collect(const CollectContext& ctx, Result* out) {
  if (ctx.aws == nullptr) return Internal("sg_changes: collector needs an AWS client factory");
  return options_.uses_lake() ? CollectLake(ctx, out) : CollectLookupEvents(ctx, out);
}

Status SgChangesCollector::CollectLookupEvents(const CollectContext& ctx, Result* out) {
  const std::string& account = ctx.target.account_id;
  const std::string& region = ctx.target.region;
  std::shared_ptr<aws::Client> client;
  Status status = ctx.aws->Get(account, region, &client);
  if (!status.ok()) return status;

  const auto now = static_cast<std::int64_t>(clock_->UnixSeconds());
  status = ReadWindow(account + "/" + region, now, [&](const LookupWindow& window) {
    std::vector<SgRuleChange> changes;
    Status read = LookupChanges(*client, options_.events, window, pacer_, ctx, &changes);
    if (!read.ok()) return read;
    int added = 0;
    return store_->AddNew(changes, now, &added);
  });
  if (!status.ok()) return status;

  if (options_.allow_revert) {
    if (ctx.Cancelled()) return Cancelled("sg_changes: cancelled before reverts");
    status = RevertDenied(*client, *store_, now);
    if (!status.ok()) return status;
  }
  int removed = 0;
  status = store_->Prune(now - options_.retention.count(), &removed);
  if (!status.ok()) return status;

  std::vector<StoredChange> pending;
  status = store_->List({account, region, ChangeState::kPending, 0}, &pending);
  if (!status.ok()) return status;
  std::map<ChangeState, int> counts;
  status = store_->CountByState(account, region, &counts);
  if (!status.ok()) return status;
  AddSgMetrics(account, region, pending, counts, out);
  return Status::Ok();
}

Status SgChangesCollector::CollectLake(const CollectContext& ctx, Result* out) {
  const LakeOptions& lake = options_.lake;
  std::shared_ptr<aws::Client> client;
  Status status = ctx.aws->Get(lake.account_id, lake.region, &client);
  if (!status.ok()) return status;

  const auto now = static_cast<std::int64_t>(clock_->UnixSeconds());
  LakeQuery query;
  query.event_data_store = lake.event_data_store;
  query.poll_interval = lake.poll_interval;
  if (lake_sleep_) {
    query.sleep = [this](std::chrono::milliseconds d) { lake_sleep_(d); };
  }
  status = ReadWindow("lake:" + lake.event_data_store, now, [&](const LookupWindow& window) {
    std::vector<SgRuleChange> changes;
    Status read = QueryLake(*client, query, options_.events, window, ctx, &changes);
    if (!read.ok()) return read;
    int added = 0;
    return store_->AddNew(changes, now, &added);
  });
  if (!status.ok()) return status;

  if (options_.allow_revert) {
    status = RevertEveryAccount(ctx, now);
    if (!status.ok()) return status;
  }
  int removed = 0;
  status = store_->Prune(now - options_.retention.count(), &removed);
  if (!status.ok()) return status;

  // One target exposes every account and region the store knows.
  std::vector<StoredChange> pending;
  status = store_->List({"", "", ChangeState::kPending, 0}, &pending);
  if (!status.ok()) return status;
  std::map<TargetKey, std::map<ChangeState, int>> counts;
  status = store_->CountByTarget(&counts);
  if (!status.ok()) return status;
  std::map<TargetKey, std::vector<StoredChange>> pending_by_target;
  for (StoredChange& stored : pending) {
    TargetKey key{stored.change.account_id, stored.change.region};
    pending_by_target[key].push_back(std::move(stored));
  }
  for (const auto& [key, by_state] : counts) {
    AddSgMetrics(key.first, key.second, pending_by_target[key], by_state, out);
  }
  return Status::Ok();
}

Status SgChangesCollector::RevertEveryAccount(const CollectContext& ctx, std::int64_t now) {
  std::vector<StoredChange> denied;
  Status status = store_->List({"", "", ChangeState::kDenied, 0}, &denied);
  if (!status.ok()) return status;
  std::set<TargetKey> targets;
  for (const StoredChange& stored : denied) {
    if (stored.revert_requested) targets.insert({stored.change.account_id, stored.change.region});
  }
  for (const auto& [account, region] : targets) {
    if (ctx.Cancelled()) return Cancelled("sg_changes: cancelled during reverts");
    std::shared_ptr<aws::Client> client;
    Status got = ctx.aws->Get(account, region, &client);
    if (!got.ok()) {
      // Left denied with the request: the next run tries again; the other accounts go on.
      log::Warn("sg_changes: cannot revert in this account now",
                {{"account_id", account}, {"region", region}, {"error", got.message()}});
      continue;
    }
    status = RevertDenied(*client, *store_, now);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace awsgov::sg
