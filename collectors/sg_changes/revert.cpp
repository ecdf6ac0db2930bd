#include "collectors/sg_changes/revert.h"

#include <pugixml.hpp>

#include "exporter/core/log.h"

namespace awsgov::sg {
namespace {

// "" when revoked (or already gone), else why not.
std::string Revoke(aws::Client& client, const SgRuleChange& change) {
  if (change.rule_id.empty()) return "no rule id in the CloudTrail event: revoke by hand";
  if (change.direction == "modified") {
    return "a modified rule has no previous version to restore: review it by hand";
  }
  const char* operation =
      change.direction == "egress" ? "RevokeSecurityGroupEgress" : "RevokeSecurityGroupIngress";
  pugi::xml_document response;
  Status status = client.Query(
      "ec2", operation, {{"GroupId", change.group_id}, {"SecurityGroupRuleId.1", change.rule_id}},
      &response);
  if (status.ok()) {
    // EC2 answers 200 with <return>false</return> and the ids it did not know instead of failing.
    const pugi::xml_node root = response.document_element();
    if (std::string(root.child("return").text().as_string("true")) == "false") {
      return "EC2 did not revoke " + change.rule_id;
    }
    return "";
  }
  if (status.message().find("NotFound") != std::string::npos &&
      status.message().find("SecurityGroupRuleId") != std::string::npos) {
    return "";  // someone removed it already: the outcome the reviewer wanted
  }
  return "ec2 " + std::string(operation) + ": " + status.message();
}

}  // namespace

Status RevertDenied(aws::Client& client, ChangeStore& store, std::int64_t now) {
  std::vector<StoredChange> denied;
  Status status =
      store.List({client.account_id(), client.region(), ChangeState::kDenied, 0}, &denied);
  if (!status.ok()) return status;
  for (const StoredChange& stored : denied) {
    if (!stored.revert_requested) continue;
    const std::string failure = Revoke(client, stored.change);
    const ChangeState to = failure.empty() ? ChangeState::kReverted : ChangeState::kRevertFailed;
    if (!failure.empty()) {
      log::Warn(
          "sg_changes: revert failed",
          {{"change", stored.change.id}, {"rule_id", stored.change.rule_id}, {"error", failure}});
    }
    bool applied = false;
    // Keeps who denied it; the time becomes the revert's.
    status = store.Transition(stored.change.id, ChangeState::kDenied, to, stored.decided_by, now,
                              false, failure, &applied);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace awsgov::sg
