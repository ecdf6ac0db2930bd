// The `tgw_shares` collector's options (collectors.tgw_shares.options in the config file), parsed
// strictly. Thread-safety: TgwOptions is an immutable value once parsed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "collectors/tgw_shares/inventory.h"

namespace awsgov::config {
struct CollectorConfig;
class ErrorList;
}  // namespace awsgov::config

namespace awsgov::tgw {

// Where the expected inventory comes from: the old script's DynamoDB table, read as it is, or a
// list in the config. Neither: no inventory, no awsgov_tgw_inventory_mismatch.
struct InventoryOptions {
  std::string dynamodb_table;        // e.g. dynamodb-tgw-table
  std::string dynamodb_account_id;   // "" = the hub account of the target
  int scan_page_size = 0;            // Scan Limit; 0 = DynamoDB's own 1 MB pages
  std::vector<InventoryItem> items;  // static inventory (exclusive with dynamodb_table)
  // The table's region, and the region whose target reports inventory TGWs that exist in none
  // of the hub's regions. "" = the hub account's first region.
  std::string region;

  bool configured() const { return !dynamodb_table.empty() || !items.empty(); }
  // True when each hub reads its own table: every inventory item then belongs to that hub.
  bool per_hub() const { return !dynamodb_table.empty() && dynamodb_account_id.empty(); }
};

struct TgwOptions {
  // The accounts that own transit gateways; other accounts' targets report nothing. Empty: every
  // account is asked (those without a TGW report nothing).
  std::vector<std::string> hub_account_ids;
  // Empty: every TGW the hub owns in the target's region.
  std::vector<std::string> transit_gateway_ids;
  // Limit the RAM shares looked at (by name or ARN); both empty: every share holding the TGW.
  std::vector<std::string> share_names;
  std::vector<std::string> share_arns;
  // Where OU and organisation principals are expanded (Organizations' management or delegated
  // administrator account). "" = the hub account.
  std::string organizations_account_id;
  InventoryOptions inventory;

  bool IsHub(const std::string& account_id) const;
  bool TransitGatewaySelected(const std::string& id) const;
  bool ShareSelected(const std::string& arn, const std::string& name) const;
};

// Reads `collector.options`; problems go to `errors` (file, line, column, key path) and then
// nullopt is returned.
std::optional<TgwOptions> ParseTgwOptions(const config::CollectorConfig& collector,
                                          config::ErrorList* errors);

}  // namespace awsgov::tgw
