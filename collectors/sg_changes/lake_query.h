// Reading security-group changes from CloudTrail Lake: one SQL query over the organisation's
// event data store for the window (StartQuery), its status polled until it is finished
// (DescribeQuery), then every result page (GetQueryResults), each row's eventJson parsed. The old
// Lambda slept 3 s and read one page; a query that is slow or returns many rows lost events.
// Thread-safety: a pure function of its arguments.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "collectors/sg_changes/cloudtrail_event.h"
#include "collectors/sg_changes/lookup_events.h"
#include "exporter/aws/client.h"
#include "exporter/core/collector.h"

namespace awsgov::sg {

struct LakeQuery {
  std::string event_data_store;  // ARN or id
  std::chrono::milliseconds poll_interval{2000};
  // Waits between status polls (a test seam; default a real sleep).
  std::function<void(std::chrono::milliseconds)> sleep;
};

// The statement for `window`: the events selected, newest first, with their eventJson.
std::string LakeStatement(const std::string& event_data_store, const EventSelection& selection,
                          const LookupWindow& window);

// Runs the query through `client` (the store's account and region) and appends the changes of
// every account. FAILED, CANCELLED or TIMED_OUT → Unavailable with CloudTrail's ErrorMessage;
// the context's deadline or cancellation stops the polling. A row whose eventJson does not
// parse is logged and skipped; an event id seen twice is parsed once.
Status QueryLake(aws::Client& client, const LakeQuery& query, const EventSelection& selection,
                 const LookupWindow& window, const CollectContext& ctx,
                 std::vector<SgRuleChange>* out);

}  // namespace awsgov::sg
