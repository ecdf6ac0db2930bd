// Inspector2's finding counts by severity for one account (the optional
// awsgov_inspector_findings): ListFindingAggregations with aggregationType ACCOUNT, filtered to
// the account, one call (the answer has one entry per account). Shapes as in botocore's
// inspector2 model (AccountAggregationResponse.severityCounts: all, critical, high, medium).
// Thread-safety: pure functions of their arguments; the Client is thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "exporter/aws/client.h"
#include "exporter/core/collector.h"
#include "exporter/core/status.h"

namespace awsgov::inspector {

// Active findings of an account, every resource type. Inspector counts critical, high and medium
// separately and gives the total; `other` is the rest (low, informational, untriaged).
struct FindingCounts {
  double critical = 0;
  double high = 0;
  double medium = 0;
  double other = 0;
};

nlohmann::json FindingAggregationsRequest(const std::string& account_id,
                                          const std::string& next_token);

// The counts of `account_id` in one response page; nullopt when the page has no entry for it.
std::optional<FindingCounts> FindingCountsFromPage(const nlohmann::json& page,
                                                   const std::string& account_id);

// Every page until the account's entry; an account Inspector has no entry for has no findings
// (all counts 0).
Status GetFindingCounts(aws::Client& inspector, const std::string& account_id,
                        const CollectContext& ctx, FindingCounts* out);

}  // namespace awsgov::inspector
