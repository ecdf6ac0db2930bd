// Reading security-group changes from CloudTrail LookupEvents in one account and region: one
// lookup per selected event name (LookupEvents takes a single attribute), every page (50 events
// each), paced by a RequestPacer, each event's CloudTrailEvent document parsed.
// Thread-safety: a pure function of its arguments (the pacer is thread-safe).
#pragma once

#include <cstdint>
#include <vector>

#include "collectors/sg_changes/cloudtrail_event.h"
#include "collectors/sg_changes/request_pacer.h"
#include "exporter/aws/client.h"
#include "exporter/core/collector.h"

namespace awsgov::sg {

struct LookupWindow {
  std::int64_t start = 0;  // Unix seconds, inclusive
  std::int64_t end = 0;    // Unix seconds
};

// Appends the changes of [window.start, window.end]. An event seen twice (on two pages) is
// parsed once; an event whose document cannot be parsed is logged and skipped (bad AWS data
// must not hide the others). Errors name cloudtrail LookupEvents, the account and region.
Status LookupChanges(aws::Client& client, const EventSelection& selection,
                     const LookupWindow& window, RequestPacer& pacer, const CollectContext& ctx,
                     std::vector<SgRuleChange>* out);

}  // namespace awsgov::sg
