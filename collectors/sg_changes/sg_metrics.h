// The metrics of the `sg_changes` collector, as DESIGN.md ("Security-group changes") defines
// them (plus a `direction` label on the pending series: ingress, egress or modified).
// Thread-safety: immutable statics and a pure function.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "collectors/sg_changes/change_store.h"
#include "exporter/core/metric.h"

namespace awsgov::sg {

extern const MetricDesc kPendingTimestamp;  // awsgov_sg_ingress_change_pending_timestamp_seconds
extern const MetricDesc kChangesByState;    // awsgov_sg_ingress_changes

std::vector<const MetricDesc*> AllSgMetrics();

// One pending series per change (identical label sets, which a rule repeated in one event
// would give, are exposed once) and one count per state.
void AddSgMetrics(const std::string& account_id, const std::string& region,
                  const std::vector<StoredChange>& pending,
                  const std::map<ChangeState, int>& counts, Result* out);

}  // namespace awsgov::sg
