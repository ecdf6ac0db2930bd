#include "collectors/tgw_shares/tgw_options.h"

#include <algorithm>

#include "exporter/config/checks.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "exporter/config/yaml_reader.h"

namespace awsgov::tgw {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

config::StringCheck PrefixCheck(std::string prefix, std::string example) {
  return [prefix, example](std::string_view value) -> std::string {
    if (value.starts_with(prefix) && value.size() > prefix.size()) return "";
    return "invalid value \"" + std::string(value) + "\" (want e.g. " + example + ")";
  };
}

config::StringCheck TransitGatewayIdCheck() { return PrefixCheck("tgw-", "tgw-0abc1234"); }

config::StringCheck ShareArnCheck() {
  return PrefixCheck("arn:", "arn:aws:ram:eu-west-1:111111111111:resource-share/1234abcd-...");
}

void ReadStaticItem(const YAML::Node& node, const std::string& path, config::ErrorList* errors,
                    std::vector<InventoryItem>* out) {
  config::MapReader item_reader(node, path, errors);
  InventoryItem item;
  item_reader.Required("transit_gateway_id");
  item_reader.Required("resource_type");
  item_reader.Required("account");
  item_reader.String("transit_gateway_id", &item.transit_gateway_id, TransitGatewayIdCheck());
  item_reader.Enum("resource_type", &item.resource_type, {"hub", "vpc", "vpn"});
  item_reader.String("account", &item.account, config::AccountIdCheck());
  item_reader.String("resource_id", &item.resource_id);
  item_reader.String("cidr", &item.cidr);
  const bool expects_vpc = item.resource_type == "hub" || item.resource_type == "vpc";
  if (expects_vpc && !item.resource_id.starts_with("vpc-")) {
    item_reader.Error("resource_id", "a " + item.resource_type +
                                         " item needs the VPC id it expects attached (vpc-...)");
  }
  item_reader.Finish();
  out->push_back(std::move(item));
}

void ReadInventory(config::MapReader& reader, InventoryOptions* inventory) {
  config::MapReader inv = reader.Map("inventory");
  inv.String("dynamodb_table", &inventory->dynamodb_table, config::NonEmptyCheck());
  inv.String("dynamodb_account_id", &inventory->dynamodb_account_id, config::AccountIdCheck());
  inv.Int("scan_page_size", &inventory->scan_page_size, 0, 1000000);
  inv.String("region", &inventory->region, config::RegionCheck());
  inv.List("items", [&](const YAML::Node& node, const std::string& path) {
    ReadStaticItem(node, path, inv.errors(), &inventory->items);
  });
  if (!inventory->dynamodb_table.empty() && !inventory->items.empty()) {
    inv.Error("items", "use either dynamodb_table or items, not both");
  }
  if (inventory->dynamodb_table.empty()) {
    if (inv.Has("dynamodb_account_id")) inv.Error("dynamodb_account_id", "needs dynamodb_table");
    if (inv.Has("scan_page_size")) inv.Error("scan_page_size", "needs dynamodb_table");
  }
  inv.Finish();
}

}  // namespace

bool TgwOptions::IsHub(const std::string& account_id) const {
  return hub_account_ids.empty() || Contains(hub_account_ids, account_id);
}

bool TgwOptions::TransitGatewaySelected(const std::string& id) const {
  return transit_gateway_ids.empty() || Contains(transit_gateway_ids, id);
}

bool TgwOptions::ShareSelected(const std::string& arn, const std::string& name) const {
  if (share_names.empty() && share_arns.empty()) return true;
  return Contains(share_names, name) || Contains(share_arns, arn);
}

std::optional<TgwOptions> ParseTgwOptions(const config::CollectorConfig& collector,
                                          config::ErrorList* errors) {
  const std::size_t errors_before = errors->errors().size();
  TgwOptions options;
  config::MapReader reader(collector.options, collector.path, errors);
  reader.StringList("hub_account_ids", &options.hub_account_ids,
                    config::UniqueCheck("account id", config::AccountIdCheck()));
  reader.StringList("transit_gateway_ids", &options.transit_gateway_ids,
                    config::UniqueCheck("transit gateway id", TransitGatewayIdCheck()));
  reader.StringList("share_names", &options.share_names, config::NonEmptyCheck());
  reader.StringList("share_arns", &options.share_arns, ShareArnCheck());
  reader.String("organizations_account_id", &options.organizations_account_id,
                config::AccountIdCheck());
  ReadInventory(reader, &options.inventory);
  reader.Finish();
  if (errors->errors().size() != errors_before) return std::nullopt;
  return options;
}

}  // namespace awsgov::tgw
