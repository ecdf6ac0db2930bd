#include "collectors/inspector_coverage/finding_counts.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "collectors/inspector_coverage/json_fields.h"

namespace awsgov::inspector {
namespace {

using nlohmann::json;

// One account's entry is on the first page; a few more allow for servers that page oddly.
constexpr int kMaxPages = 100;

double Count(const json& counts, const char* name) {
  const json& value = counts.is_object() && counts.contains(name) ? counts[name] : json();
  return value.is_number() ? std::max(0.0, value.get<double>()) : 0;
}

}  // namespace

json FindingAggregationsRequest(const std::string& account_id, const std::string& next_token) {
  json request = {{"aggregationType", "ACCOUNT"},
                  {"accountIds", json::array({{{"comparison", "EQUALS"}, {"value", account_id}}})}};
  if (!next_token.empty()) request["nextToken"] = next_token;
  return request;
}

std::optional<FindingCounts> FindingCountsFromPage(const json& page,
                                                   const std::string& account_id) {
  for (const json& response : ArrayMember(page, "responses")) {
    const json& aggregation = ObjectMember(response, "accountAggregation");
    if (StringMember(aggregation, "accountId") != account_id) continue;
    const json& counts = ObjectMember(aggregation, "severityCounts");
    FindingCounts out;
    out.critical = Count(counts, "critical");
    out.high = Count(counts, "high");
    out.medium = Count(counts, "medium");
    out.other = std::max(0.0, Count(counts, "all") - out.critical - out.high - out.medium);
    return out;
  }
  return std::nullopt;
}

Status GetFindingCounts(aws::Client& inspector, const std::string& account_id,
                        const CollectContext& ctx, FindingCounts* out) {
  std::set<std::string> seen_tokens;
  std::string token;
  for (int page = 1; page <= kMaxPages; ++page) {
    if (ctx.Cancelled()) return Cancelled("inspector2 ListFindingAggregations: cancelled");
    const json request = FindingAggregationsRequest(account_id, token);
    json response;
    Status status = inspector.RestJson("inspector2", "ListFindingAggregations", "POST",
                                       "/findings/aggregation/list", {}, &request, &response);
    if (!status.ok()) return status;
    if (std::optional<FindingCounts> counts = FindingCountsFromPage(response, account_id)) {
      *out = *counts;
      return Status::Ok();
    }
    token = StringMember(response, "nextToken");
    if (token.empty()) {
      *out = FindingCounts{};
      return Status::Ok();
    }
    if (!seen_tokens.insert(token).second) {
      return Internal("inspector2 ListFindingAggregations: page " + std::to_string(page) +
                      " returned a nextToken already seen (the server is looping)");
    }
  }
  return Internal("inspector2 ListFindingAggregations: more than " + std::to_string(kMaxPages) +
                  " pages without the account, stopped");
}

}  // namespace awsgov::inspector
