#include "collectors/tgw_shares/evaluate.h"

#include <map>
#include <set>

#include "collectors/tgw_shares/tgw_metrics.h"

namespace awsgov::tgw {

bool OwnsLiveAttachment(const TgwState& tgw, const std::string& account_id) {
  for (const Attachment& attachment : tgw.attachments) {
    if (attachment.resource_owner_id == account_id && AttachmentIsLive(attachment.state)) {
      return true;
    }
  }
  return false;
}

std::vector<Mismatch> FindMismatches(const TgwState& tgw, const std::vector<InventoryItem>& items) {
  std::set<std::string> expected_vpcs;
  std::set<std::string> attached_vpcs;
  std::set<std::string> invited_accounts;
  for (const InventoryItem& item : items) {
    if (item.ExpectsVpcAttachment()) expected_vpcs.insert(item.resource_id);
  }
  for (const Attachment& attachment : tgw.attachments) {
    if (attachment.resource_type == "vpc" && AttachmentIsLive(attachment.state)) {
      attached_vpcs.insert(attachment.resource_id);
    }
  }
  for (const SharePrincipal& principal : tgw.principals) {
    if (principal.status == "ASSOCIATED" || principal.status == "ASSOCIATING") {
      invited_accounts.insert(principal.account_id);
    }
  }

  std::set<Mismatch> found;
  for (const InventoryItem& item : items) {
    if (item.ExpectsVpcAttachment() && !attached_vpcs.contains(item.resource_id)) {
      found.insert({"missing_attachment", item.resource_id, item.account});
    }
    if (!item.account.empty() && item.account != tgw.owner_id &&
        !invited_accounts.contains(item.account)) {
      found.insert({"missing_share", "", item.account});
    }
  }
  for (const Attachment& attachment : tgw.attachments) {
    if (attachment.resource_type == "vpc" && AttachmentIsLive(attachment.state) &&
        !expected_vpcs.contains(attachment.resource_id)) {
      found.insert({"unexpected_attachment", attachment.resource_id, attachment.resource_owner_id});
    }
  }
  return {found.begin(), found.end()};
}

void AddShareSamples(const std::string& account_id, const std::string& region, const TgwState& tgw,
                     Result* out) {
  for (const SharePrincipal& principal : tgw.principals) {
    out->Add(kSharePrincipalAttached,
             {account_id, region, tgw.transit_gateway_id, principal.share_arn, principal.account_id,
              principal.status},
             OwnsLiveAttachment(tgw, principal.account_id) ? 1 : 0);
  }
  std::map<std::tuple<std::string, std::string, std::string>, int> counts;
  for (const Attachment& attachment : tgw.attachments) {
    ++counts[{attachment.resource_owner_id, attachment.resource_type, attachment.state}];
  }
  for (const auto& [key, count] : counts) {
    const auto& [owner, type, state] = key;
    out->Add(kAttachments, {account_id, region, tgw.transit_gateway_id, owner, type, state}, count);
  }
}

void AddMismatchSamples(const std::string& account_id, const std::string& region,
                        const TgwState& tgw, const std::vector<InventoryItem>& items, Result* out) {
  for (const Mismatch& mismatch : FindMismatches(tgw, items)) {
    out->Add(kInventoryMismatch,
             {account_id, region, tgw.transit_gateway_id, mismatch.kind, mismatch.vpc_id,
              mismatch.principal_id},
             1);
  }
}

}  // namespace awsgov::tgw
