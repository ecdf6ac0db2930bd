#include "collectors/sg_changes/sg_metrics.h"

#include <set>

namespace awsgov::sg {

const MetricDesc kPendingTimestamp{
    "awsgov_sg_ingress_change_pending_timestamp_seconds",
    "CloudTrail event time of each security-group rule change not yet reviewed (public=\"true\" "
    "for 0.0.0.0/0 or ::/0). Gone once approved or denied. As of the last "
    "sg_changes collection (default every 5m); CloudTrail itself shows events minutes late.",
    MetricType::kGauge,
    {"account_id", "region", "group_id", "event_id", "actor", "protocol", "port_range", "source",
     "public", "direction"}};

const MetricDesc kChangesByState{
    "awsgov_sg_ingress_changes",
    "Security-group rule changes in the review store by state (pending, approved, denied, "
    "reverted, revert_failed); decided ones are kept for the configured retention. As of the "
    "last sg_changes collection (default every 5m).",
    MetricType::kGauge,
    {"account_id", "region", "state"}};

std::vector<const MetricDesc*> AllSgMetrics() { return {&kPendingTimestamp, &kChangesByState}; }

void AddSgMetrics(const std::string& account_id, const std::string& region,
                  const std::vector<StoredChange>& pending,
                  const std::map<ChangeState, int>& counts, Result* out) {
  std::set<std::vector<std::string>> added;
  for (const StoredChange& stored : pending) {
    const SgRuleChange& c = stored.change;
    std::vector<std::string> labels = {account_id,   region,   c.group_id,
                                       c.event_id,   c.actor,  c.protocol,
                                       c.port_range, c.source, c.is_public ? "true" : "false",
                                       c.direction};
    if (!added.insert(labels).second) continue;
    out->Add(kPendingTimestamp, std::move(labels), static_cast<double>(c.event_time));
  }
  for (ChangeState state : kAllStates) {
    auto it = counts.find(state);
    out->Add(kChangesByState, {account_id, region, std::string(StateName(state))},
             it == counts.end() ? 0 : it->second);
  }
}

}  // namespace awsgov::sg
