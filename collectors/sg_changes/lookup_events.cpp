#include "collectors/sg_changes/lookup_events.h"

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "exporter/core/log.h"

namespace awsgov::sg {

Status LookupChanges(aws::Client& client, const EventSelection& selection,
                     const LookupWindow& window, RequestPacer& pacer, const CollectContext& ctx,
                     std::vector<SgRuleChange>* out) {
  const std::string where = client.account_id() + "/" + client.region();
  std::set<std::string> seen;
  for (std::string_view event_name : SelectedEventNames(selection)) {
    if (ctx.Cancelled()) return Cancelled("cloudtrail LookupEvents " + where + ": cancelled");
    nlohmann::json request = {
        {"LookupAttributes",
         {{{"AttributeKey", "EventName"}, {"AttributeValue", std::string(event_name)}}}},
        {"StartTime", window.start},
        {"EndTime", window.end},
        {"MaxResults", 50},
    };
    pacer.Wait(where);
    Status status = aws::JsonAllPages(
        client, "cloudtrail", "LookupEvents", request, [&](const nlohmann::json& page) -> Status {
          pacer.Done(where);
          if (ctx.Cancelled()) return Cancelled("cancelled");
          auto events = page.find("Events");
          if (events != page.end() && events->is_array()) {
            for (const nlohmann::json& event : *events) {
              const std::string id = event.value("EventId", "");
              if (id.empty() || !seen.insert(id).second) continue;
              auto document = event.find("CloudTrailEvent");
              if (document == event.end() || !document->is_string()) continue;
              Status parsed =
                  ParseCloudTrailRecordText(document->get<std::string>(), selection, out);
              if (!parsed.ok()) {
                log::Warn("sg_changes: skipping a CloudTrail event",
                          {{"event_id", id}, {"where", where}, {"error", parsed.message()}});
              }
            }
          }
          auto token = page.find("NextToken");
          if (token != page.end() && token->is_string() && !token->get<std::string>().empty()) {
            pacer.Wait(where);  // before the next page's request
          }
          return Status::Ok();
        });
    if (!status.ok()) {
      return status.WithContext("cloudtrail LookupEvents " + std::string(event_name) + " " + where);
    }
  }
  return Status::Ok();
}

}  // namespace awsgov::sg
