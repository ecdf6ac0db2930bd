#include "collectors/tgw_shares/tgw_shares_collector.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "collectors/tgw_shares/evaluate.h"
#include "collectors/tgw_shares/principals.h"
#include "collectors/tgw_shares/ram_shares.h"
#include "collectors/tgw_shares/transit_gateways.h"
#include "exporter/aws/client.h"
#include "exporter/config/config.h"

namespace awsgov::tgw {
namespace {

using InventoryByTgw = std::map<std::string, std::vector<InventoryItem>>;

// The hub's regions as configured (its own, else the top-level ones); discovered accounts use
// the top-level ones.
std::vector<std::string> HubRegions(const CollectContext& ctx) {
  if (ctx.config == nullptr) return {ctx.target.region};
  for (const config::Account& account : ctx.config->accounts) {
    if (account.id == ctx.target.account_id) return config::RegionsFor(*ctx.config, account);
  }
  return ctx.config->regions;
}

class Run {
 public:
  Run(const TgwOptions& options, const CollectContext& ctx, Result* out)
      : options_(options),
        ctx_(ctx),
        out_(out),
        hub_(ctx.target.account_id),
        region_(ctx.target.region) {}

  Status Collect() {
    const std::vector<std::string> hub_regions = HubRegions(ctx_);
    const std::string home_region = !options_.inventory.region.empty()
                                        ? options_.inventory.region
                                        : (hub_regions.empty() ? region_ : hub_regions.front());
    // Orphans (inventory gateways that exist nowhere) need to know who the hubs are.
    const bool reports_orphans = options_.inventory.configured() &&
                                 !options_.hub_account_ids.empty() && region_ == home_region;

    std::shared_ptr<aws::Client> ec2;
    if (Status s = Client(hub_, region_, &ec2); !s.ok()) return s;
    std::vector<TransitGateway> tgws;
    if (Status s = ListTransitGateways(*ec2, hub_, options_.transit_gateway_ids, &tgws); !s.ok()) {
      return s;
    }
    if (tgws.empty() && !reports_orphans) return Status::Ok();

    InventoryByTgw inventory;
    if (options_.inventory.configured()) {
      if (Status s = LoadInventory(home_region, &inventory); !s.ok()) return s;
    }
    if (!tgws.empty()) {
      if (Status s = CollectGateways(*ec2, tgws, inventory); !s.ok()) return s;
    }
    if (reports_orphans) return CollectOrphans(tgws, hub_regions, inventory);
    return Status::Ok();
  }

 private:
  Status Client(const std::string& account, const std::string& region,
                std::shared_ptr<aws::Client>* out) {
    Status status = ctx_.aws->Get(account, region, out);
    return status.WithContext("tgw_shares: client for account " + account + ", region " + region);
  }

  Status LoadInventory(const std::string& home_region, InventoryByTgw* out) {
    std::vector<InventoryItem> items = options_.inventory.items;
    if (!options_.inventory.dynamodb_table.empty()) {
      const std::string& account = options_.inventory.dynamodb_account_id.empty()
                                       ? hub_
                                       : options_.inventory.dynamodb_account_id;
      std::shared_ptr<aws::Client> dynamodb;
      if (Status s = Client(account, home_region, &dynamodb); !s.ok()) return s;
      if (Status s = ScanInventoryTable(*dynamodb, options_.inventory.dynamodb_table,
                                        options_.inventory.scan_page_size, &items);
          !s.ok()) {
        return s;
      }
    }
    for (InventoryItem& item : items) {
      if (options_.TransitGatewaySelected(item.transit_gateway_id)) {
        (*out)[item.transit_gateway_id].push_back(std::move(item));
      }
    }
    return Status::Ok();
  }

  Status CollectGateways(aws::Client& ec2, const std::vector<TransitGateway>& tgws,
                         const InventoryByTgw& inventory) {
    std::shared_ptr<aws::Client> ram;
    if (Status s = Client(hub_, region_, &ram); !s.ok()) return s;
    std::map<std::string, std::string> shares;
    if (Status s = ListOwnedShares(*ram, &shares); !s.ok()) return s;

    std::vector<std::string> ids;
    for (const TransitGateway& tgw : tgws) ids.push_back(tgw.id);
    std::vector<Attachment> attachments;
    if (Status s = ListAttachments(ec2, ids, &attachments); !s.ok()) return s;

    for (const TransitGateway& tgw : tgws) {
      if (ctx_.Cancelled()) return Cancelled("tgw_shares: cancelled before " + tgw.id);
      TgwState state{tgw.id, tgw.owner_id, {}, {}};
      if (Status s = ReadPrincipals(*ram, tgw, shares, &state.principals); !s.ok()) return s;
      for (const Attachment& attachment : attachments) {
        if (attachment.transit_gateway_id == tgw.id) state.attachments.push_back(attachment);
      }
      AddShareSamples(hub_, region_, state, out_);
      if (options_.inventory.configured()) {
        auto items = inventory.find(tgw.id);
        AddMismatchSamples(hub_, region_, state,
                           items == inventory.end() ? std::vector<InventoryItem>{} : items->second,
                           out_);
      }
    }
    return Status::Ok();
  }

  Status ReadPrincipals(aws::Client& ram, const TransitGateway& tgw,
                        const std::map<std::string, std::string>& shares,
                        std::vector<SharePrincipal>* out) {
    std::vector<std::string> holding;
    if (Status s = ListSharesHolding(ram, tgw.arn, &holding); !s.ok()) return s;
    std::vector<std::string> selected;
    for (const std::string& arn : holding) {
      auto share = shares.find(arn);  // absent: not ACTIVE, or another account's
      if (share != shares.end() && options_.ShareSelected(arn, share->second)) {
        selected.push_back(arn);
      }
    }
    std::vector<PrincipalAssociation> associations;
    if (Status s = ListPrincipalAssociations(ram, selected, &associations); !s.ok()) return s;
    return ExpandPrincipals(
        associations, tgw.owner_id,
        [&](const std::string& principal, std::vector<std::string>* accounts) {
          if (!organizations_) {
            const std::string& account = options_.organizations_account_id.empty()
                                             ? hub_
                                             : options_.organizations_account_id;
            std::shared_ptr<aws::Client> client;
            if (Status s = Client(account, region_, &client); !s.ok()) return s;
            organizations_.emplace(std::move(client));
          }
          return organizations_->Resolve(principal, accounts);
        },
        out);
  }

  // Which hub reports an inventory gateway that exists nowhere: the account its hub item names
  // when that is a hub; else, with a table per hub, the hub that read it; else the first hub.
  bool OrphanBelongsHere(const std::vector<InventoryItem>& items) const {
    for (const InventoryItem& item : items) {
      if (item.resource_type == "hub" && options_.IsHub(item.account)) return item.account == hub_;
    }
    if (options_.inventory.per_hub()) return true;
    return options_.hub_account_ids.front() == hub_;
  }

  Status CollectOrphans(const std::vector<TransitGateway>& here,
                        const std::vector<std::string>& hub_regions,
                        const InventoryByTgw& inventory) {
    std::set<std::string> orphans;
    for (const auto& [tgw_id, items] : inventory) {
      // A named copy: clang before 16 cannot capture a structured binding (the fuzz build).
      const std::string& id = tgw_id;
      const bool local = std::any_of(here.begin(), here.end(),
                                     [&id](const TransitGateway& t) { return t.id == id; });
      if (!local && OrphanBelongsHere(items)) orphans.insert(tgw_id);
    }
    for (const std::string& region : hub_regions) {
      if (orphans.empty()) break;
      if (region == region_) continue;
      if (ctx_.Cancelled()) return Cancelled("tgw_shares: cancelled before region " + region);
      std::shared_ptr<aws::Client> ec2;
      if (Status s = Client(hub_, region, &ec2); !s.ok()) return s;
      std::vector<TransitGateway> found;  // reported by that region's target
      if (Status s = ListTransitGateways(*ec2, hub_, {orphans.begin(), orphans.end()}, &found);
          !s.ok()) {
        return s;
      }
      for (const TransitGateway& tgw : found) orphans.erase(tgw.id);
    }
    for (const std::string& tgw_id : orphans) {
      AddMismatchSamples(hub_, region_, TgwState{tgw_id, hub_, {}, {}}, inventory.at(tgw_id), out_);
    }
    return Status::Ok();
  }

  const TgwOptions& options_;
  const CollectContext& ctx_;
  Result* out_;
  const std::string hub_;
  const std::string region_;
  std::optional<OrganizationsResolver> organizations_;
};

}  // namespace

Status TgwSharesCollector::Collect(const CollectContext& ctx, Result* out) {
  if (ctx.aws == nullptr) return Internal("tgw_shares: collector needs an AWS client factory");
  if (!options_.IsHub(ctx.target.account_id)) return Status::Ok();
  return Run(options_, ctx, out).Collect();
}

}  // namespace awsgov::tgw
