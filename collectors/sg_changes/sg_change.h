// One security-group rule change as the review sees it: one source of one permission item of
// one CloudTrail event (AuthorizeSecurityGroupIngress with two items of three sources each is
// six changes, each reviewed on its own).
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace awsgov::sg {

// The review states of DESIGN.md's awsgov_sg_ingress_changes{state}.
enum class ChangeState { kPending, kApproved, kDenied, kReverted, kRevertFailed };
inline constexpr ChangeState kAllStates[] = {ChangeState::kPending, ChangeState::kApproved,
                                             ChangeState::kDenied, ChangeState::kReverted,
                                             ChangeState::kRevertFailed};

std::string_view StateName(ChangeState state);  // "pending", ..., "revert_failed"
bool ParseState(std::string_view name, ChangeState* out);

struct SgRuleChange {
  // "<eventID>/<n>", n counting the event's sources from 0 in request order: stable across
  // runs, so that reading the same event twice stores it once.
  std::string id;
  std::string event_id;
  std::string event_name;  // AuthorizeSecurityGroupIngress, ...Egress, ModifySecurityGroupRules
  std::int64_t event_time = 0;  // Unix seconds
  std::string account_id;       // recipientAccountId: the account whose group changed
  std::string region;           // awsRegion
  std::string group_id;         // sg-..., or the group name when the call named it so
  std::string actor;            // the caller's ARN (root, IAM user, assumed-role session)
  std::string direction;        // "ingress", "egress", or "modified" (ModifySecurityGroupRules)
  std::string protocol;         // "tcp", "udp", "icmp", "icmpv6", "all", or the number
  std::string port_range;       // "22", "1024-65535", "all", "type 8 code 0"
  std::string source;           // CIDR, prefix list id, or [owner/]group id
  std::string source_kind;      // "ipv4", "ipv6", "prefix_list", "group"
  std::string rule_id;          // sgr-... from responseElements, "" when unknown
  bool is_public = false;       // source 0.0.0.0/0 or ::/0
};

}  // namespace awsgov::sg
