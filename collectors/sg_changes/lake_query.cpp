#include "collectors/sg_changes/lake_query.h"

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "exporter/core/log.h"

namespace awsgov::sg {
namespace {

using nlohmann::json;

// The FROM of a Lake query is the store's id: the last part of its ARN.
std::string StoreId(const std::string& store) {
  const std::size_t slash = store.rfind('/');
  return slash == std::string::npos ? store : store.substr(slash + 1);
}

// Lake's eventTime literal: "2026-11-20 10:00:00" (UTC).
std::string LakeTime(std::int64_t seconds) {
  std::string iso = FormatIsoTime(seconds);  // 2026-11-20T10:00:00Z
  iso[10] = ' ';
  iso.pop_back();
  return iso;
}

// One column's value from a result row: a list of single-entry maps {column: value}.
std::string Column(const json& row, const char* name) {
  if (!row.is_array()) return "";
  for (const json& cell : row) {
    if (!cell.is_object()) continue;
    auto it = cell.find(name);
    if (it != cell.end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

// Polls DescribeQuery until FINISHED; the other final states are errors.
Status WaitForQuery(aws::Client& client, const LakeQuery& query, const std::string& query_id,
                    const CollectContext& ctx) {
  const auto sleep = query.sleep ? query.sleep : [](std::chrono::milliseconds d) {
    std::this_thread::sleep_for(d);
  };
  while (true) {
    if (ctx.Cancelled()) return Cancelled("cloudtrail Lake query " + query_id + ": cancelled");
    json response;
    Status status = client.Json("cloudtrail", "DescribeQuery", {{"QueryId", query_id}}, &response);
    if (!status.ok()) return status.WithContext("cloudtrail DescribeQuery " + query_id);
    const std::string state = response.value("QueryStatus", "");
    if (state == "FINISHED") return Status::Ok();
    if (state == "FAILED" || state == "CANCELLED" || state == "TIMED_OUT") {
      return Unavailable("cloudtrail Lake query " + query_id + " on " + query.event_data_store +
                         " ended " + state + ": " + response.value("ErrorMessage", "no message"));
    }
    if (state != "QUEUED" && state != "RUNNING") {
      return ParseError("cloudtrail DescribeQuery " + query_id + ": unknown QueryStatus \"" +
                        state + "\"");
    }
    if (std::chrono::steady_clock::now() + query.poll_interval >= ctx.deadline) {
      return DeadlineExceeded("cloudtrail Lake query " + query_id + " still " + state +
                              " at the collection's deadline");
    }
    sleep(query.poll_interval);
  }
}

}  // namespace

std::string LakeStatement(const std::string& event_data_store, const EventSelection& selection,
                          const LookupWindow& window) {
  std::string names;
  for (std::string_view name : SelectedEventNames(selection)) {
    if (!names.empty()) names += ", ";
    names += "'" + std::string(name) + "'";
  }
  return "SELECT eventID, eventJson FROM " + StoreId(event_data_store) +
         " WHERE eventSource = 'ec2.amazonaws.com' AND eventName IN (" + names +
         ") AND eventTime >= '" + LakeTime(window.start) + "' AND eventTime <= '" +
         LakeTime(window.end) + "' ORDER BY eventTime DESC";
}

Status QueryLake(aws::Client& client, const LakeQuery& query, const EventSelection& selection,
                 const LookupWindow& window, const CollectContext& ctx,
                 std::vector<SgRuleChange>* out) {
  const std::string where = "cloudtrail Lake " + query.event_data_store + " (account " +
                            client.account_id() + ", region " + client.region() + ")";
  json started;
  Status status = client.Json(
      "cloudtrail", "StartQuery",
      {{"QueryStatement", LakeStatement(query.event_data_store, selection, window)}}, &started);
  if (!status.ok()) return status.WithContext(where + " StartQuery");
  const std::string query_id = started.value("QueryId", "");
  if (query_id.empty()) return ParseError(where + " StartQuery: no QueryId in the response");
  status = WaitForQuery(client, query, query_id, ctx);
  if (!status.ok()) return status.WithContext(where);

  std::set<std::string> seen;
  status = aws::JsonAllPages(
      client, "cloudtrail", "GetQueryResults", {{"QueryId", query_id}, {"MaxQueryResults", 1000}},
      [&](const json& page) -> Status {
        if (ctx.Cancelled()) return Cancelled("cancelled");
        auto rows = page.find("QueryResultRows");
        if (rows == page.end() || !rows->is_array()) return Status::Ok();
        for (const json& row : *rows) {
          const std::string id = Column(row, "eventID");
          if (!id.empty() && !seen.insert(id).second) continue;
          Status parsed = ParseCloudTrailRecordText(Column(row, "eventJson"), selection, out);
          if (!parsed.ok()) {
            log::Warn("sg_changes: skipping a CloudTrail Lake row",
                      {{"event_id", id}, {"query_id", query_id}, {"error", parsed.message()}});
          }
        }
        return Status::Ok();
      });
  if (!status.ok()) return status.WithContext(where + " GetQueryResults " + query_id);
  return Status::Ok();
}

}  // namespace awsgov::sg
