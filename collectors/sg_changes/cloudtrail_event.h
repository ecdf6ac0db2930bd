// Turning one CloudTrail record (the JSON document AWS writes for an EC2 API call: LookupEvents'
// CloudTrailEvent string, or a Lake row's eventJson) into the rule changes it made: every
// permission item, every source of every kind (IPv4, IPv6, prefix list, group), every protocol,
// with the rule ids AWS returned. Replaces the old Lambda's parser, which kept only the last
// source of an item and crashed on anything but tcp (see SEEDS.md).
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>
#include <vector>

#include "collectors/sg_changes/sg_change.h"
#include "exporter/core/status.h"

namespace awsgov::sg {

// Which calls count as changes to review (the options' event selection).
struct EventSelection {
  bool ingress = true;  // AuthorizeSecurityGroupIngress
  bool egress = false;  // AuthorizeSecurityGroupEgress
  bool modify = false;  // ModifySecurityGroupRules
  bool Selects(std::string_view event_name) const;
};

// The event names to ask CloudTrail for, in a fixed order.
std::vector<std::string_view> SelectedEventNames(const EventSelection& selection);

// Appends the record's changes to `out`. A failed call (errorCode set: AWS changed nothing), an
// event not selected, or one that names no rule adds nothing and is OK. ParseError only when
// the record is not a JSON object or lacks eventID / eventName / eventTime / recipientAccountId.
Status ParseCloudTrailRecord(const nlohmann::json& record, const EventSelection& selection,
                             std::vector<SgRuleChange>* out);
Status ParseCloudTrailRecordText(std::string_view text, const EventSelection& selection,
                                 std::vector<SgRuleChange>* out);

// "2026-11-20T10:00:00Z" (CloudTrail's eventTime, optionally with fractional seconds) as Unix
// seconds; false when malformed.
bool ParseIsoTime(std::string_view text, std::int64_t* out);
// Unix seconds as "2026-11-20T10:00:00Z".
std::string FormatIsoTime(std::int64_t seconds);

}  // namespace awsgov::sg
