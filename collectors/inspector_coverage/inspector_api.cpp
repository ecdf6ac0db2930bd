#include "collectors/inspector_coverage/inspector_api.h"

#include <nlohmann/json.hpp>
#include <set>

#include "collectors/inspector_coverage/json_fields.h"
#include "exporter/core/log.h"

namespace awsgov::inspector {
namespace {

using nlohmann::json;

constexpr const char* kEc2ResourceType = "AWS_EC2_INSTANCE";
// Enough for 200'000 instances per account and region at 200 per page; more means a loop.
constexpr int kMaxCoveragePages = 1000;

json EqualsFilter(const std::string& value) {
  return json::array({{{"comparison", "EQUALS"}, {"value", value}}});
}

// Whether `candidate` should replace `current` for the same instance.
bool Better(const CoverageEntry& candidate, const CoverageEntry& current) {
  const bool candidate_active = candidate.status_code == "ACTIVE";
  const bool current_active = current.status_code == "ACTIVE";
  if (candidate_active != current_active) return candidate_active;
  return candidate.scan_type == "PACKAGE" && current.scan_type != "PACKAGE";
}

std::string OrUnknown(std::string value) { return value.empty() ? "UNKNOWN" : value; }

}  // namespace

json ListCoverageRequest(const std::string& account_id, const std::string& next_token) {
  json request = {{"maxResults", kListCoverageMaxResults},
                  {"filterCriteria",
                   {{"resourceType", EqualsFilter(kEc2ResourceType)},
                    {"accountId", EqualsFilter(account_id)}}}};
  if (!next_token.empty()) request["nextToken"] = next_token;
  return request;
}

std::string AddCoveragePage(const json& page, const std::string& account_id,
                            CoverageByInstance* out) {
  for (const json& item : ArrayMember(page, "coveredResources")) {
    if (StringMember(item, "resourceType") != kEc2ResourceType) continue;
    // The filter already asked for this account; a server that ignores it must not make
    // another account's instances look like ours.
    const std::string owner = StringMember(item, "accountId");
    if (!owner.empty() && owner != account_id) continue;
    const std::string instance_id = StringMember(item, "resourceId");
    if (instance_id.empty()) {
      log::Debug("inspector_coverage: coverage entry without resourceId", {});
      continue;
    }
    const json& scan_status = ObjectMember(item, "scanStatus");
    CoverageEntry entry{OrUnknown(StringMember(scan_status, "statusCode")),
                        OrUnknown(StringMember(scan_status, "reason")),
                        StringMember(item, "scanType")};
    auto [it, inserted] = out->try_emplace(instance_id, entry);
    if (!inserted && Better(entry, it->second)) it->second = std::move(entry);
  }
  return StringMember(page, "nextToken");
}

Status ListEc2Coverage(aws::Client& inspector, const std::string& account_id,
                       const CollectContext& ctx, CoverageByInstance* out) {
  std::set<std::string> seen_tokens;
  std::string token;
  for (int page = 1;; ++page) {
    if (ctx.Cancelled()) return Cancelled("inspector2 ListCoverage: cancelled");
    const json request = ListCoverageRequest(account_id, token);
    json response;
    Status status = inspector.RestJson("inspector2", "ListCoverage", "POST", "/coverage/list", {},
                                       &request, &response);
    if (!status.ok()) return status;
    token = AddCoveragePage(response, account_id, out);
    if (token.empty()) return Status::Ok();
    if (!seen_tokens.insert(token).second) {
      return Internal("inspector2 ListCoverage: page " + std::to_string(page) +
                      " returned a nextToken already seen (the server is looping)");
    }
    if (page >= kMaxCoveragePages) {
      return Internal("inspector2 ListCoverage: more than " + std::to_string(kMaxCoveragePages) +
                      " pages, stopped");
    }
  }
}

std::string Ec2StatusFromResponse(const json& response, const std::string& account_id) {
  for (const json& account : ArrayMember(response, "accounts")) {
    if (StringMember(account, "accountId") != account_id) continue;
    const json& ec2 = ObjectMember(ObjectMember(account, "resourceState"), "ec2");
    return OrUnknown(StringMember(ec2, "status"));
  }
  for (const json& failed : ArrayMember(response, "failedAccounts")) {
    if (StringMember(failed, "accountId") != account_id) continue;
    log::Debug("inspector_coverage: BatchGetAccountStatus failed for the account",
               {{"account_id", account_id}, {"error_code", StringMember(failed, "errorCode")}});
    std::string status = StringMember(ObjectMember(failed, "resourceStatus"), "ec2");
    if (status.empty()) status = StringMember(failed, "status");
    return OrUnknown(std::move(status));
  }
  return "UNKNOWN";
}

Status GetEc2ScanningStatus(aws::Client& inspector, const std::string& account_id,
                            std::string* status) {
  const json request = {{"accountIds", json::array({account_id})}};
  json response;
  Status result = inspector.RestJson("inspector2", "BatchGetAccountStatus", "POST",
                                     "/status/batch/get", {}, &request, &response);
  if (!result.ok()) return result;
  *status = Ec2StatusFromResponse(response, account_id);
  return Status::Ok();
}

}  // namespace awsgov::inspector
