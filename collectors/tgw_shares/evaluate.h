// The pure part of the `tgw_shares` collector: from one transit gateway's principals,
// attachments and expected inventory to samples. No AWS here, so every rule is unit-tested.
// Thread-safety: pure functions; safe to call concurrently for distinct Results.
#pragma once

#include <string>
#include <tuple>
#include <vector>

#include "collectors/tgw_shares/inventory.h"
#include "collectors/tgw_shares/principals.h"
#include "collectors/tgw_shares/transit_gateways.h"
#include "exporter/core/metric.h"

namespace awsgov::tgw {

// What the hub sees of one gateway. A gateway named by the inventory that no longer exists has
// no principals and no attachments.
struct TgwState {
  std::string transit_gateway_id;
  std::string owner_id;
  std::vector<SharePrincipal> principals;
  std::vector<Attachment> attachments;
};

struct Mismatch {
  std::string kind;  // missing_attachment, unexpected_attachment, missing_share
  std::string vpc_id;
  std::string principal_id;
  auto operator<=>(const Mismatch&) const = default;
};

// True when `account_id` owns a live attachment (AttachmentIsLive) of the gateway.
bool OwnsLiveAttachment(const TgwState& tgw, const std::string& account_id);

// The old script's three checks, per gateway, each mismatch once, sorted:
//   missing_attachment    an inventory VPC (vpc and hub items) with no live VPC attachment;
//   unexpected_attachment a live VPC attachment whose VPC the inventory does not list;
//   missing_share         an inventory account, other than the gateway's owner, that is not an
//                         ASSOCIATED or ASSOCIATING principal of any of the gateway's shares.
// `items` are the inventory items naming this gateway.
std::vector<Mismatch> FindMismatches(const TgwState& tgw, const std::vector<InventoryItem>& items);

// awsgov_tgw_share_principal_attached and awsgov_tgw_attachments for one gateway; `account_id`
// and `region` are the target's (the hub's).
void AddShareSamples(const std::string& account_id, const std::string& region, const TgwState& tgw,
                     Result* out);

// awsgov_tgw_inventory_mismatch for one gateway.
void AddMismatchSamples(const std::string& account_id, const std::string& region,
                        const TgwState& tgw, const std::vector<InventoryItem>& items, Result* out);

}  // namespace awsgov::tgw
