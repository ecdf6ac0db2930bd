#include "collectors/inspector_coverage/coverage_report.h"

#include <algorithm>
#include <utility>

#include "collectors/inspector_coverage/inspector_metrics.h"

namespace awsgov::inspector {
namespace {

constexpr const char* kActive = "ACTIVE";

}  // namespace

bool IsExcepted(const InspectorOptions& options, const Ec2Instance& instance,
                const std::set<std::string>& table_exceptions) {
  if (table_exceptions.contains(instance.id)) return true;
  const auto& listed = options.excepted_instance_ids;
  if (std::find(listed.begin(), listed.end(), instance.id) != listed.end()) return true;
  if (options.exception_tag_key.empty()) return false;
  auto tag = instance.tags.find(options.exception_tag_key);
  return tag != instance.tags.end() &&
         (options.exception_tag_value.empty() || tag->second == options.exception_tag_value);
}

std::string NotListedReason(const std::optional<std::string>& ec2_scanning_status) {
  if (ec2_scanning_status && *ec2_scanning_status != "ENABLED") {
    return "EC2_SCANNING_" + *ec2_scanning_status;
  }
  return "NOT_LISTED";
}

void AddCoverageSamples(const InspectorOptions& options, const Target& target,
                        const CoverageFacts& facts, Result* out) {
  std::map<std::pair<std::string, std::string>, int> counts;  // (state, scan_status) -> count
  for (const Ec2Instance& instance : facts.instances) {
    auto entry = facts.coverage.find(instance.id);
    const bool listed = entry != facts.coverage.end();
    const std::string scan_status = listed ? entry->second.status_code : kNotCovered;
    ++counts[{instance.state, scan_status}];
    if (scan_status == kActive) continue;
    const std::string reason =
        listed ? entry->second.reason : NotListedReason(facts.ec2_scanning_status);
    const bool excepted = IsExcepted(options, instance, facts.table_exceptions);
    out->Add(kEc2UncoveredInstanceInfo,
             {target.account_id, target.region, instance.id, instance.state, reason,
              excepted ? "true" : "false"},
             1);
  }
  for (const auto& [key, count] : counts) {
    out->Add(kEc2Instances, {target.account_id, target.region, key.first, key.second}, count);
  }
  if (facts.finding_counts) {
    const FindingCounts& f = *facts.finding_counts;
    for (const auto& [severity, count] : {std::pair<const char*, double>{"critical", f.critical},
                                          {"high", f.high},
                                          {"medium", f.medium},
                                          {"other", f.other}}) {
      out->Add(kFindings, {target.account_id, target.region, severity}, count);
    }
  }
  if (facts.ec2_scanning_status) {
    const std::string& status = *facts.ec2_scanning_status;
    out->Add(kEc2ScanningEnabled, {target.account_id, target.region, status},
             status == "ENABLED" ? 1 : 0);
  }
}

}  // namespace awsgov::inspector
